package net.dbapi.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A database call's wait for a connection: begun when the call is submitted (reactor thread),
 * committed when a worker starts running it, so its duration is the wait.
 */
@Name("spindle.PoolWait")
@Label("Connection Pool Wait")
@Category({"Spindle", "Database"})
@Description("A database call waiting for a pooled connection, from submission to the start of its run")
@StackTrace(false)
public final class PoolWaitEvent extends Event {
    private static final PoolWaitEvent PROBE = new PoolWaitEvent();

    /** An empty event; the caller begins it and fills the fields before committing. */
    public PoolWaitEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The call (its description: method and SQL, shortened). */
    @Label("Call")
    public String call;

    /**
     * Whether a recording wants this event now; one static field read.
     *
     * @return true while some recording enables spindle.PoolWait
     */
    public static boolean wanted() {
        return PROBE.isEnabled();
    }
}
