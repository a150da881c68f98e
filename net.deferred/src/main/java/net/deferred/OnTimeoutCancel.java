package net.deferred;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Decides the result of a Deferred that {@link Deferred#addTimeout(Duration, Scheduler,
 * OnTimeoutCancel) timed out}.
 *
 * <p>Called on the Deferred's thread, as a step of its callback chain, only when the timeout
 * expired. It receives what the chain produced after the timeout cancelled the Deferred
 * (normally a {@link CancelledException} failure) and returns the new result or throws the new
 * failure.
 *
 * @param <T> the Deferred's result type
 */
@FunctionalInterface
public interface OnTimeoutCancel<T extends @Nullable Object> {
    /**
     * Converts the outcome of a timed-out Deferred.
     *
     * @param outcome the current result of the chain after cancellation
     * @param timeout the timeout that expired
     * @return the new result
     * @throws Exception the new failure
     */
    T onTimeoutCancel(Outcome<T> outcome, Duration timeout) throws Exception;
}
