package net.dbapi.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A database call run on a pooled connection (on its worker thread), from start to result. */
@Name("spindle.Query")
@Label("Database Call")
@Category({"Spindle", "Database"})
@Description("A database call (runQuery, runOperation, runInteraction, ...) run on a pooled connection")
@StackTrace(false)
public final class QueryEvent extends Event {
    /** An empty event; the caller begins it and fills the fields before committing. */
    public QueryEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The call (its description: method and SQL, shortened). */
    @Label("Call")
    public String call;

    /** succeeded, or the exception's class name. */
    @Label("Outcome")
    public String outcome;
}
