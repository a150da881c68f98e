package net.reactor.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A sample of a reactor's queues, taken by the loop itself at most once a second while a
 * recording enables it (so it costs nothing without one and needs no JFR periodic hook).
 */
@Name("spindle.CallFromThreadQueue")
@Label("Reactor Queue Depth")
@Category({"Spindle", "Reactor"})
@Description("Sampled about once a second: callFromThread tasks a reactor found queued, and its pending delayed calls")
@StackTrace(false)
public final class CallFromThreadQueueEvent extends Event {
    /** An empty event; the caller fills the fields, then begins or commits it. */
    public CallFromThreadQueueEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    private static final CallFromThreadQueueEvent PROBE = new CallFromThreadQueueEvent();

    /** The reactor's name. */
    @Label("Reactor")
    public String reactor;

    /** callFromThread tasks queued when the turn began draining them. */
    @Label("Queued Tasks")
    public int depth;

    /** callLater calls neither run nor cancelled. */
    @Label("Delayed Calls Pending")
    public int delayedCalls;

    /**
     * Whether a recording wants this event now.
     *
     * @return true while some recording enables it
     */
    public static boolean wanted() {
        return PROBE.isEnabled();
    }
}
