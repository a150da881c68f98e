package net.deferred;

import org.jspecify.annotations.Nullable;

/**
 * A supplier that may throw any exception; used by {@link Deferred#maybeDeferred}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ThrowingSupplier<T extends @Nullable Object> {
    /**
     * Produces a result.
     *
     * @return the result
     * @throws Exception any failure, which becomes a failed Deferred
     */
    T get() throws Exception;
}
