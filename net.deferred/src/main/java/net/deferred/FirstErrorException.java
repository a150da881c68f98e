package net.deferred;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The failure of a {@link DeferredList} with {@code fireOnOneErrback}, or of
 * {@link Deferred#gatherResults}: the first input that failed (Twisted's {@code FirstError}).
 *
 * <p>The original failure is {@link #subFailure()} (and also the {@linkplain #getCause() cause});
 * {@link #index()} is the position of the failed input. Two instances are equal when their
 * index and sub-failure are equal.
 */
public class FirstErrorException extends RuntimeException {
    private final Failure subFailure;
    private final int index;

    /**
     * Creates the exception.
     *
     * @param subFailure the failure of the input
     * @param index the input's position in the list
     */
    public FirstErrorException(Failure subFailure, int index) {
        super("input " + index + " failed: " + Objects.requireNonNull(subFailure, "subFailure"),
                subFailure.value());
        this.subFailure = subFailure;
        this.index = index;
    }

    /**
     * Returns the failure of the input that failed first.
     *
     * @return the sub-failure
     */
    public Failure subFailure() {
        return subFailure;
    }

    /**
     * Returns the position of that input in the list.
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }

    /**
     * Compares by index and sub-failure.
     *
     * @param o the other object
     * @return whether {@code o} is a FirstErrorException with the same index and sub-failure
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof FirstErrorException other
                && index == other.index && subFailure.equals(other.subFailure);
    }

    /**
     * Hashes index and sub-failure.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * index + subFailure.hashCode();
    }
}
