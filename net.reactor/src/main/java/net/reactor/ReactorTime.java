package net.reactor;

import java.time.Duration;
import java.util.List;
import net.deferred.Scheduler;

/**
 * The reactor's clock and timers. The real reactor's clock is monotonic (based on
 * {@link System#nanoTime()}); {@code net.reactor.testing.Clock} is a fake one that tests advance
 * by hand. Every component that waits for time takes a {@code ReactorTime}, never the system
 * clock, so tests can drive it.
 *
 * <p><b>Threading:</b> {@link #callLater} and the {@link DelayedCall} methods must be called on
 * the reactor thread (or, before the reactor runs, on the thread that created it); timed calls
 * run on the reactor thread. {@link #nanoTime()} and {@link #seconds()} may be read from any
 * thread.
 */
public interface ReactorTime extends Scheduler {

    /**
     * The current time on this reactor's clock.
     *
     * @return monotonic nanoseconds; only differences are meaningful
     */
    long nanoTime();

    /**
     * The current time in seconds, for code ported from Twisted's {@code seconds()}.
     *
     * @return {@link #nanoTime()} in seconds
     */
    default double seconds() {
        return nanoTime() / 1e9;
    }

    /**
     * Schedules {@code task} to run once on the reactor thread after {@code delay}. Calls due at
     * the same time run in the order they were scheduled. An exception thrown by the task is
     * logged and does not stop the reactor.
     *
     * @param delay how long to wait; zero runs it in the next turn of the loop
     * @param task what to run
     * @return a handle to cancel or move the call
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    @Override
    DelayedCall callLater(Duration delay, Runnable task);

    /**
     * The calls that are scheduled and have neither run nor been cancelled.
     *
     * @return a snapshot, in no particular order
     */
    List<DelayedCall> getDelayedCalls();
}
