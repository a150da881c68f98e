package net.deferred;

import org.jspecify.annotations.Nullable;

/**
 * The action a {@link Deferred} runs when it is cancelled before it has fired.
 *
 * <p>Called on the thread that calls {@link Deferred#cancel()}, at most once. It should stop
 * the work that would have produced the result, and may fire the Deferred itself (with a value
 * or an error); if it does not, the Deferred fails with a {@link CancelledException}.
 *
 * @param <T> the Deferred's result type
 */
@FunctionalInterface
public interface Canceller<T extends @Nullable Object> {
    /**
     * Cancels the operation behind {@code deferred}.
     *
     * @param deferred the Deferred being cancelled, not yet fired: the start of its chain (the
     *     reference {@code new Deferred<>(canceller)} returned, which may fire it), whichever
     *     reference to the chain {@code cancel()} was called on
     */
    void cancel(Deferred<T> deferred);
}
