package net.reactor.endpoints;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a {@link ClientService} waits before its next connection attempt (Twisted's
 * {@code retryPolicy} callable). {@link BackoffPolicy} is the usual one; a lambda gives any other,
 * for example a constant delay: {@code (attempt, random) -> Duration.ofSeconds(5)}.
 */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * The delay before the next attempt.
     *
     * @param failedAttempts how many attempts in a row have failed (or connections were lost)
     *     since the last successful connection, at least 1
     * @param random a random source for jitter, owned by the service
     * @return how long to wait, zero or more
     */
    Duration delay(int failedAttempts, RandomGenerator random);
}
