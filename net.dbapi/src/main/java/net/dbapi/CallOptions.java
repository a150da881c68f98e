package net.dbapi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Per-call settings, applied through {@link Database#withOptions(CallOptions)}:
 *
 * {@snippet :
 * Database reads = pool.withOptions(CallOptions.defaults()
 *         .withQueryTimeout(Duration.ofSeconds(2))
 *         .withIdempotent(true));
 * reads.runQuery("SELECT balance FROM accounts WHERE id = ?", id);
 * }
 *
 * @param queryTimeout how long each statement of the call may run before the driver cancels it
 *     and the call fails with {@link QueryTimeoutException}; {@code null} uses the pool's
 *     {@link ConnectionPoolOptions#queryTimeout()}, {@link Duration#ZERO} means none. JDBC counts
 *     query timeouts in whole seconds, so the value is rounded up to the next second. It applies
 *     to the statements the pool runs (through {@link Transaction} and the {@code run*} methods),
 *     not to statements a {@link ConnectionFunction} makes itself. For a deadline on the whole
 *     call, waiting included, use {@code Deferred.addTimeout}: its cancellation cancels the
 *     running statement.
 * @param idempotent whether the call may safely run twice: if its connection is lost
 *     ({@link DatabaseConnectionLostException}), the pool runs it once more on a fresh connection
 *     instead of failing. Default false: the pool never retries on its own, because a call that
 *     lost its connection may already have had effects
 */
public record CallOptions(@Nullable Duration queryTimeout, boolean idempotent) {

    private static final CallOptions DEFAULTS = new CallOptions(null, false);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if the query timeout is negative
     */
    public CallOptions {
        if (queryTimeout != null && queryTimeout.isNegative()) {
            throw new IllegalArgumentException("queryTimeout is negative: " + queryTimeout);
        }
    }

    /**
     * The defaults: the pool's query timeout, not idempotent.
     *
     * @return the default options
     */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another query timeout.
     *
     * @param queryTimeout the timeout per statement, {@link Duration#ZERO} for none, {@code null}
     *     for the pool's
     * @return the changed options
     */
    public CallOptions withQueryTimeout(@Nullable Duration queryTimeout) {
        return new CallOptions(queryTimeout, idempotent);
    }

    /**
     * Returns a copy that does (or does not) allow one retry after a lost connection.
     *
     * @param idempotent whether the call may safely run twice
     * @return the changed options
     */
    public CallOptions withIdempotent(boolean idempotent) {
        return new CallOptions(queryTimeout, idempotent);
    }
}
