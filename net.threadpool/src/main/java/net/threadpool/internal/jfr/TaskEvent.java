package net.threadpool.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One spawned task's life on its virtual thread ({@code Blocking.spawn}, {@code TaskScope} forks
 * run through the same path): begun when its thread starts, committed when the work ends.
 */
@Name("spindle.Task")
@Label("Spawned Task")
@Category({"Spindle", "Tasks"})
@Description("A task spawned on a virtual thread bound to a reactor, from start to end")
@StackTrace(false)
public final class TaskEvent extends Event {
    /** An empty event; the caller begins it and fills the fields before committing. */
    public TaskEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The loop the task is bound to. */
    @Label("Loop")
    public String loop;

    /** What the task does (its description). */
    @Label("Task")
    public String task;

    /** succeeded, failed (with the exception's class) or cancelled. */
    @Label("Outcome")
    public String outcome;
}
