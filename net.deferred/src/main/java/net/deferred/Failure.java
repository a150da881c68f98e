package net.deferred;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An error travelling down a {@link Deferred}'s callback chain (Twisted's
 * {@code twisted.python.failure.Failure}).
 *
 * <p>A Failure wraps the original {@link Throwable}, with its stack trace and causes, unchanged.
 * Errbacks receive it and usually {@link #trap trap} the exception types they handle:
 * {@snippet :
 * deferred.addErrback(failure -> {
 *     failure.trap(java.io.IOException.class); // anything else keeps propagating, unchanged
 *     return fallbackValue;
 * });
 * }
 *
 * <p>Failures are immutable and safe to share between threads. Two Failures are equal when they
 * wrap the same Throwable instance.
 */
public final class Failure {
    private final Throwable value;

    /**
     * Wraps an exception.
     *
     * @param value the exception
     */
    public Failure(Throwable value) {
        this.value = Objects.requireNonNull(value, "a Failure needs a Throwable");
    }

    /**
     * Copies another Failure; Failures never nest.
     *
     * @param other the Failure to copy
     */
    public Failure(Failure other) {
        this.value = Objects.requireNonNull(other, "other Failure").value;
    }

    /**
     * Returns the wrapped exception.
     *
     * @return the original Throwable
     */
    public Throwable value() {
        return value;
    }

    /**
     * Returns the class of the wrapped exception.
     *
     * @return the exception's runtime class
     */
    public Class<? extends Throwable> type() {
        return value.getClass();
    }

    /**
     * Returns the first of {@code types} that the wrapped exception is an instance of.
     *
     * @param types the types to test, in order
     * @return the first matching type, or {@code null} if none matches
     */
    @SafeVarargs
    public final @Nullable Class<? extends Throwable> check(Class<? extends Throwable>... types) {
        Objects.requireNonNull(types, "types");
        for (Class<? extends Throwable> type : types) {
            if (Objects.requireNonNull(type, "type").isInstance(value)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Returns the first of {@code types} that the wrapped exception is an instance of, or
     * rethrows the original exception if none matches.
     *
     * <p>Inside an errback this lets every other failure propagate unchanged: the rethrown
     * exception is the same instance, so the chain keeps this very Failure.
     *
     * @param types the types the caller handles
     * @return the first matching type
     */
    @SafeVarargs
    public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) {
        Class<? extends Throwable> match = check(types);
        if (match == null) {
            throw Sneaky.sneakyThrow(value);
        }
        return match;
    }

    /**
     * Returns the exception's message, or its class name when it has none.
     *
     * @return a human-readable error message
     */
    public String getErrorMessage() {
        String message = value.getMessage();
        return message != null ? message : value.getClass().getName();
    }

    /**
     * Throws the original exception, undeclared; never returns normally.
     *
     * <p>The return type lets callers write {@code throw failure.raiseException();} so the
     * compiler knows the statement does not complete.
     *
     * @return never
     */
    public RuntimeException raiseException() {
        throw Sneaky.sneakyThrow(value);
    }

    /**
     * Returns the full stack trace of the wrapped exception, causes included.
     *
     * @return the traceback text
     */
    public String getTraceback() {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            value.printStackTrace(writer);
        }
        return out.toString();
    }

    /**
     * Tells whether {@code o} is a Failure wrapping the same Throwable instance.
     *
     * @param o the other object
     * @return whether both wrap the same exception
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Failure other && other.value == value;
    }

    /**
     * Hashes the identity of the wrapped exception.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return System.identityHashCode(value);
    }

    /**
     * Describes the failure as {@code Failure[type: message]}.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        String message = value.getMessage();
        return "Failure[" + value.getClass().getName() + (message != null ? ": " + message : "") + "]";
    }
}
