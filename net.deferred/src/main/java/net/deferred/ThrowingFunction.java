package net.deferred;

import org.jspecify.annotations.Nullable;

/**
 * A function that may throw any exception; used for callbacks and errbacks.
 *
 * <p>An exception thrown by a callback becomes the {@link Failure} that the chain continues
 * with, checked exceptions included; so does a Failure the callback returns.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ThrowingFunction<T extends @Nullable Object, R extends @Nullable Object> {
    /**
     * Applies the function.
     *
     * @param t the argument
     * @return the result
     * @throws Exception any failure, which the Deferred turns into a {@link Failure}
     */
    R apply(T t) throws Exception;
}
