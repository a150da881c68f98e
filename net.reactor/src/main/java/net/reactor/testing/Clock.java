package net.reactor.testing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import net.reactor.internal.TimerQueue;

/**
 * A fake {@link ReactorTime} whose time moves only when a test calls {@link #advance(Duration)}
 * (Twisted's {@code task.Clock}). Give it to any component that takes a {@code ReactorTime} —
 * timeouts, reconnecting factories, looping calls — and drive time by hand, with no sleeping and
 * no flakiness.
 *
 * {@snippet :
 * Clock clock = new Clock();
 * List<String> fired = new ArrayList<>();
 * clock.callLater(Duration.ofSeconds(5), () -> fired.add("five"));
 * clock.advance(Duration.ofSeconds(4));   // nothing yet
 * clock.advance(Duration.ofSeconds(1));   // runs the call; fired == ["five"]
 * }
 *
 * <p><b>Time:</b> starts at 0 and only moves forward. {@link #advance} first moves the time to
 * its final value, then runs every call due by then, earliest first (calls due at the same time
 * in the order they were scheduled). A running call therefore sees the <em>final</em> time, as
 * in Twisted. Calls that a running call schedules (or moves) run in the same {@code advance}
 * if they are due by then, including {@code callLater(Duration.ZERO, ...)}: this is Twisted's
 * {@code Clock.advance} behaviour, unlike the real reactor, which leaves calls scheduled while
 * timed calls run for its next turn.
 *
 * <p><b>Errors:</b> an exception thrown by a call propagates out of {@code advance} so that the
 * test sees it (again as Twisted's Clock does; the real reactor logs it instead). The calls that
 * had not run yet stay pending and run at the next {@code advance}.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread. Unlike the real reactor it
 * checks no thread.
 */
public final class Clock implements ReactorTime {
    private long now;
    private final TimerQueue timers = new TimerQueue(this::nanoTime, () -> {});

    /** Creates a clock at time 0 with no pending calls. */
    public Clock() {}

    /**
     * The fake time.
     *
     * @return nanoseconds since this clock was created, counting only {@link #advance} calls
     */
    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Schedules {@code task} to run once the fake time has moved {@code delay} forward.
     *
     * @param delay how long to wait, zero or more
     * @param task what to run, on the thread that calls {@link #advance}
     * @return a handle to cancel or move the call
     * @throws IllegalArgumentException if {@code delay} is negative (Twisted's Clock allows it;
     *     the reactor contract does not)
     */
    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        return timers.schedule(TimerQueue.nanos(delay), task);
    }

    /**
     * The calls that are pending.
     *
     * @return a snapshot, in no particular order
     */
    @Override
    public List<DelayedCall> getDelayedCalls() {
        return timers.pending();
    }

    /**
     * Moves time forward by {@code amount}, then runs every call due by the new time, including
     * calls that those calls schedule if they are due too. {@code advance(Duration.ZERO)} runs
     * the calls due now. (So a call that keeps rescheduling itself with a zero delay makes
     * {@code advance} loop forever, as in Twisted.)
     *
     * @param amount how far to move, zero or more
     * @throws IllegalArgumentException if {@code amount} is negative: time never goes back
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + amount);
        }
        long step = TimerQueue.nanos(amount);
        now = now > Long.MAX_VALUE - step ? Long.MAX_VALUE : now + step;
        while (timers.size() > 0 && timers.nextDueTime() <= now) {
            timers.runDue(now, Clock::rethrow);
        }
    }

    /**
     * Calls {@link #advance} once per element, in order (Twisted's {@code pump}).
     *
     * @param steps how far to move at each step
     * @throws IllegalArgumentException if a step is negative; the earlier steps have happened
     */
    public void pump(List<Duration> steps) {
        Objects.requireNonNull(steps, "steps");
        for (Duration step : steps) {
            advance(step);
        }
    }

    @Override
    public String toString() {
        return "Clock[t=" + Duration.ofNanos(now) + ", pending=" + timers.size() + "]";
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        // Only reachable through a sneaky throw of a checked exception.
        throw new IllegalStateException("a timed call threw " + failure, failure);
    }
}
