package net.deferred;

import java.util.List;
import java.util.Objects;

/**
 * The failure of {@link DeferredList#race}: every input failed (Twisted's {@code FailureGroup}).
 *
 * <p>{@link #failures()} lists the inputs' failures in input order; their exceptions are also
 * attached as {@linkplain #getSuppressed() suppressed} exceptions so that a logged stack trace
 * shows them all.
 */
public class FailureGroupException extends RuntimeException {
    private final List<Failure> failures;

    /**
     * Creates the exception.
     *
     * @param failures the failures, in input order
     */
    @SuppressWarnings("this-escape") // addSuppressed is final in Throwable
    public FailureGroupException(List<Failure> failures) {
        super("all " + failures.size() + " inputs failed");
        this.failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
        for (Failure failure : this.failures) {
            addSuppressed(failure.value());
        }
    }

    /**
     * Returns the failures in input order.
     *
     * @return an unmodifiable list of failures
     */
    public List<Failure> failures() {
        return failures;
    }
}
