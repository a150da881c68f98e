package net.reactor.task;

import java.time.Duration;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Small time-based helpers (Twisted's {@code task.deferLater}).
 *
 * <p><b>Threading:</b> call them on the reactor thread of the given {@link ReactorTime}; the
 * work and the Deferred's callbacks run there.
 */
public final class Tasks {
    private Tasks() {}

    /**
     * Runs {@code task} after {@code delay} and fires the returned Deferred with its result.
     * Cancelling the Deferred before then cancels the timed call, so the task never runs, and the
     * Deferred fails with {@link net.deferred.CancelledException}.
     *
     * {@snippet :
     * Tasks.deferLater(reactor, Duration.ofSeconds(2), () -> "two seconds later")
     *      .addCallback(text -> { System.out.println(text); return null; });
     * }
     *
     * @param time the clock (the reactor, or a test Clock)
     * @param delay how long to wait, zero or more
     * @param task what to run; what it throws becomes the Deferred's failure
     * @param <T> the result type
     * @return fires with the task's result
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static <T extends @Nullable Object> Deferred<T> deferLater(
            ReactorTime time, Duration delay, ThrowingSupplier<? extends T> task) {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        TimedCall<T> timed = new TimedCall<>(task);
        timed.call = time.callLater(delay, timed::fire);
        return timed.deferred;
    }

    /**
     * Returns a Deferred that fires with null after {@code delay}; cancelling it cancels the
     * timer.
     *
     * @param time the clock (the reactor, or a test Clock)
     * @param delay how long to wait, zero or more
     * @return fires with null once the delay has passed
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Deferred<@Nullable Void> deferLater(ReactorTime time, Duration delay) {
        return deferLater(time, delay, () -> null);
    }

    /** Ties a timed call and the Deferred it fires together, so each can stop the other. */
    private static final class TimedCall<T extends @Nullable Object> {
        private final ThrowingSupplier<? extends T> task;
        private final Deferred<T> deferred;
        private @Nullable DelayedCall call;

        TimedCall(ThrowingSupplier<? extends T> task) {
            this.task = task;
            this.deferred = new Deferred<>(cancelled -> {
                DelayedCall pending = call;
                if (pending != null && pending.active()) {
                    pending.cancel();
                }
            });
        }

        void fire() {
            T result;
            try {
                result = task.get();
            } catch (Throwable failure) {
                deferred.errback(failure);
                return;
            }
            deferred.callback(result);
        }
    }
}
