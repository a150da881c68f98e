package net.reactor.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One turn of a reactor's loop (after select returned: I/O events, callFromThread tasks, due
 * timers). Thresholded at 5 ms by default so a busy reactor records only its slow turns; a
 * recording may lower it ({@code spindle.ReactorTurn#threshold=0 ms}).
 */
@Name("spindle.ReactorTurn")
@Label("Reactor Turn")
@Category({"Spindle", "Reactor"})
@Description("One turn of a reactor's event loop: the I/O events, callFromThread tasks and due timers it ran")
@Threshold("5 ms")
@StackTrace(false)
public final class ReactorTurnEvent extends Event {
    /** An empty event; the caller fills the fields, then begins or commits it. */
    public ReactorTurnEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** Never committed: asks whether the event type is enabled without allocating per turn. */
    private static final ReactorTurnEvent PROBE = new ReactorTurnEvent();

    /** The reactor's name. */
    @Label("Reactor")
    public String reactor;

    /** Selection keys that were ready. */
    @Label("Ready Keys")
    public int readyKeys;

    /** callFromThread tasks run. */
    @Label("Tasks Drained")
    public int tasks;

    /** Delayed calls (callLater) run. */
    @Label("Timers Run")
    public int timers;

    /**
     * Whether a recording wants this event now; reads one static field of the instrumented class.
     *
     * @return true while some recording enables spindle.ReactorTurn
     */
    public static boolean wanted() {
        return PROBE.isEnabled();
    }
}
