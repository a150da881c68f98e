package net.deferred;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of a Deferred at some point of its chain: a value or a failure.
 *
 * <p>{@link Deferred#addBoth} callbacks receive one, and {@link DeferredList} reports one per
 * input (Twisted's {@code (success, result)} pair). Pattern-match on it:
 * {@snippet :
 * switch (outcome) {
 *     case Outcome.Success<String>(var value) -> System.out.println("got " + value);
 *     case Outcome.Failed<String>(var failure) -> System.out.println("failed: " + failure);
 * }
 * }
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T extends @Nullable Object> permits Outcome.Success, Outcome.Failed {
    /**
     * A successful result.
     *
     * @param value the value, {@code null} where the chain's result is null
     * @param <T> the value type
     */
    record Success<T extends @Nullable Object>(T value) implements Outcome<T> {
    }

    /**
     * A failed result.
     *
     * @param failure the failure
     * @param <T> the value type the chain would have had
     */
    record Failed<T extends @Nullable Object>(Failure failure) implements Outcome<T> {
        /**
         * Creates a failed outcome.
         *
         * @param failure the failure, not null
         */
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * Creates a successful outcome.
     *
     * @param value the value
     * @param <T> the value type
     * @return the outcome
     */
    static <T extends @Nullable Object> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    /**
     * Creates a failed outcome.
     *
     * @param failure the failure
     * @param <T> the value type
     * @return the outcome
     */
    static <T extends @Nullable Object> Outcome<T> failed(Failure failure) {
        return new Failed<>(failure);
    }

    /**
     * Creates a failed outcome from an exception.
     *
     * @param error the exception
     * @param <T> the value type
     * @return the outcome
     */
    static <T extends @Nullable Object> Outcome<T> failed(Throwable error) {
        return new Failed<>(new Failure(error));
    }

    /**
     * Tells whether this is a {@link Success}.
     *
     * @return {@code true} for a success
     */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * Returns the value, or throws the failure's original exception (undeclared).
     *
     * <p>Inside an {@link Deferred#addBoth} callback this passes a failure through unchanged.
     *
     * @return the value of a success
     */
    default T valueOrThrow() {
        return switch (this) {
            case Success<T> s -> s.value();
            case Failed<T> f -> throw f.failure().raiseException();
        };
    }
}
