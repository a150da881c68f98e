package net.reactor.endpoints;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped, jittered exponential back-off (Twisted's {@code backoffPolicy}): after {@code n}
 * failures in a row the delay is {@code min(initialDelay * factor^min(n, 100), maxDelay)} plus a
 * uniformly random jitter in {@code [0, maxJitter)}. The cap applies before the jitter, so a delay
 * can reach {@code maxDelay + maxJitter}.
 *
 * <p>{@link #DEFAULT} is Twisted's default: 1 s initial delay, factor 1.5, 60 s cap and up to 1 s
 * of jitter, so the first retry waits 1.5 s to 2.5 s.
 *
 * @param initialDelay the base of the exponential, zero or more
 * @param maxDelay the cap before jitter, zero or more
 * @param factor how much each failure multiplies the delay by, a positive finite number
 * @param maxJitter the exclusive upper bound of the random extra delay, zero for none
 */
public record BackoffPolicy(Duration initialDelay, Duration maxDelay, double factor, Duration maxJitter)
        implements RetryPolicy {

    /** Twisted's default policy: 1 s, 60 s, factor 1.5, up to 1 s of jitter. */
    public static final BackoffPolicy DEFAULT =
            new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 1.5, Duration.ofSeconds(1));

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a duration is negative or the factor is not positive
     *     and finite
     */
    public BackoffPolicy {
        requireNonNegative(initialDelay, "initialDelay");
        requireNonNegative(maxDelay, "maxDelay");
        requireNonNegative(maxJitter, "maxJitter");
        if (!Double.isFinite(factor) || factor <= 0) {
            throw new IllegalArgumentException("factor must be a positive number: " + factor);
        }
    }

    /**
     * The delay after {@code failedAttempts} failures in a row.
     *
     * @param failedAttempts at least 1
     * @param random the source of the jitter ({@link RandomGenerator#nextDouble()} is asked for
     *     one value when {@code maxJitter} is not zero)
     * @return the delay, at most {@code maxDelay + maxJitter}
     * @throws IllegalArgumentException if {@code failedAttempts} is below 1
     */
    @Override
    public Duration delay(int failedAttempts, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1: " + failedAttempts);
        }
        double cap = seconds(maxDelay);
        double exponential = seconds(initialDelay) * Math.pow(factor, Math.min(100, failedAttempts));
        double base = Double.isFinite(exponential) ? Math.min(exponential, cap) : cap;
        double jitter = maxJitter.isZero() ? 0 : random.nextDouble() * seconds(maxJitter);
        return Duration.ofNanos(Math.round(Math.min((base + jitter) * 1e9, (double) Long.MAX_VALUE)));
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
