package net.threadpool.internal;

import java.time.Duration;
import java.util.Objects;

/** The façade's one reading of a timeout: never negative, and never too long to count in nanoseconds. */
public final class Timeouts {
    private Timeouts() {}

    /**
     * Checks a timeout given by a caller.
     *
     * @param timeout the timeout
     * @return {@code timeout}
     * @throws IllegalArgumentException if it is negative
     */
    public static Duration check(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        return timeout;
    }

    /**
     * The timeout in nanoseconds; one too long for a {@code long} (hundreds of years) counts as
     * {@link Long#MAX_VALUE}, which is as good as forever.
     *
     * @param timeout a checked timeout
     * @return its length in nanoseconds
     */
    public static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
