package net.reactor.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A stall: one turn of a reactor's loop ran longer than its stall threshold. Committed by the
 * stall detector's thread, so the event's own stack would be the detector's: the reactor
 * thread's stack at that moment is a field instead.
 */
@Name("spindle.Stall")
@Label("Reactor Stall")
@Category({"Spindle", "Reactor"})
@Description("A reactor turn ran longer than the stall threshold: a callback blocks or computes on the reactor thread")
@StackTrace(false)
public final class StallEvent extends Event {
    /** An empty event; the caller fills the fields, then begins or commits it. */
    public StallEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The reactor's name. */
    @Label("Reactor")
    public String reactor;

    /** How long the turn had run when the stall was noticed. */
    @Label("Elapsed")
    @Timespan(Timespan.NANOSECONDS)
    public long elapsed;

    /** The stall threshold (ReactorOptions.stallThreshold). */
    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    public long threshold;

    /** The reactor thread's stack when the stall was noticed, one frame a line. */
    @Label("Reactor Stack")
    public String stack;
}
