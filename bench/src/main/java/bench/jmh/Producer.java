package bench.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One producer thread of a cross-thread benchmark: its task (allocated once, offered again and
 * again) counts its runs on the loop thread, and the producer waits while too many of its tasks
 * have not run yet.
 */
@State(Scope.Thread)
public class Producer {

    /** How many of one producer's tasks may wait in the queue. */
    static final long IN_FLIGHT = 1024;

    private long offered;
    private volatile long ran;

    /** Runs on the loop thread: the only writer of {@code ran}. */
    final Runnable task = () -> ran = ran + 1;

    /** Creates the state (JMH does). */
    public Producer() {}

    /** Waits (yielding the core, which the loop thread may need) until a task may be offered. */
    void awaitRoom() {
        while (offered - ran >= IN_FLIGHT) {
            Thread.yield();
        }
        offered++;
    }
}
