package net.dbapi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link ConnectionPool}: Twisted's {@code cp_*} knobs under Java names, plus the
 * limits a pool shared by many callers needs. Start from {@link #defaults()} and change what you
 * need:
 *
 * {@snippet :
 * ConnectionPoolOptions options = ConnectionPoolOptions.defaults()
 *         .withName("orders-db")
 *         .withMaxConnections(10)
 *         .withAcquireTimeout(Duration.ofSeconds(5))
 *         .withOnConnect(c -> {
 *             try (var s = c.createStatement()) {
 *                 s.execute("SET TIME ZONE 'UTC'");
 *             }
 *         });
 * }
 *
 * @param name the pool's name: in its threads' names ({@code <name>-conn-<n>}) and log messages;
 *     default {@code "dbpool"} (Twisted's {@code cp_name})
 * @param minConnections connections opened when the pool starts and kept open; default 3
 *     (Twisted's {@code cp_min}); a pool uses at most {@code maxConnections} of them, as Twisted
 *     lowers {@code cp_min} to {@code cp_max}
 * @param maxConnections the most connections open at once, which is also the most calls running at
 *     once; default 5 (Twisted's {@code cp_max})
 * @param reconnect whether the pool checks a connection that has been idle longer than {@code validateAfterIdle} before lending it, and replaces it if it fails the check; default <b>true</b>
 *     (Twisted's {@code cp_reconnect} defaults to false, which leaves dead connections in the pool).
 *     Either way a connection found lost by a failing call is discarded and a fresh one is opened for
 *     the next call: a closed JDBC connection cannot be used again
 * @param goodSQL the statement that validates a connection (Twisted's {@code cp_good_sql}); {@code null}, the default, uses {@link java.sql.Connection#isValid(int)}, which drivers implement with
 *     their cheapest round trip
 * @param onConnect session set-up run on every new connection (Twisted's {@code cp_openfun});
 *     default none
 * @param noisy whether opening and closing connections is logged at INFO instead of DEBUG
 *     (Twisted's {@code cp_noisy}); default false
 * @param queueLimit how many calls may wait for a connection when all are busy; beyond it a call
 *     fails at once with {@link PoolExhaustedException}; default 10,000; 0 refuses every call that
 *     would have to wait
 * @param acquireTimeout how long a call may wait for a connection before it fails with {@link AcquireTimeoutException}; default 30 s
 * @param validateAfterIdle a connection idle for longer than this is validated before it is lent,
 *     when {@code reconnect} is on; default 5 s. A connection used within the last few seconds is
 *     almost surely alive, and a validation costs a round trip, which would double the cost of a point
 *     query if paid on every call; server, firewall and NAT idle timeouts are minutes. {@link Duration#ZERO} validates on every borrow
 * @param validationTimeout how long a validation may take before the connection counts as dead;
 *     default 5 s (whole seconds, rounded up)
 * @param queryTimeout the default query timeout of every statement the pool runs ({@link CallOptions#queryTimeout()} overrides it per call);
 *     default {@link #DEFAULT_QUERY_TIMEOUT}, 30 s, so a statement blocked on a lock or a stuck
 *     database fails with {@link QueryTimeoutException} instead of holding its caller and its
 *     connection for ever; {@link Duration#ZERO} means none (Twisted's adbapi, and JDBC's default)
 * @param statementCacheSize how many prepared statements each connection keeps for reuse, least
 *     recently used evicted first; default 32, 0 disables the cache
 * @param shutdownTimeout when the reactor shuts down, how long running calls may take to finish
 *     before their statements are cancelled and their connections aborted; default 10 s
 */
public record ConnectionPoolOptions(
        String name,
        int minConnections,
        int maxConnections,
        boolean reconnect,
        @Nullable String goodSQL,
        @Nullable ConnectionHook onConnect,
        boolean noisy,
        int queueLimit,
        Duration acquireTimeout,
        Duration validateAfterIdle,
        Duration validationTimeout,
        Duration queryTimeout,
        int statementCacheSize,
        Duration shutdownTimeout) {

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a count or duration is out of range
     */
    public ConnectionPoolOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(validateAfterIdle, "validateAfterIdle");
        Objects.requireNonNull(validationTimeout, "validationTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (minConnections < 0) {
            throw new IllegalArgumentException("minConnections must not be negative: " + minConnections);
        }
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queueLimit must not be negative: " + queueLimit);
        }
        if (acquireTimeout.isNegative() || acquireTimeout.isZero()) {
            throw new IllegalArgumentException("acquireTimeout must be positive: " + acquireTimeout);
        }
        if (validateAfterIdle.isNegative()) {
            throw new IllegalArgumentException("validateAfterIdle is negative: " + validateAfterIdle);
        }
        if (validationTimeout.isNegative() || validationTimeout.isZero()) {
            throw new IllegalArgumentException("validationTimeout must be positive: " + validationTimeout);
        }
        if (queryTimeout.isNegative()) {
            throw new IllegalArgumentException("queryTimeout is negative: " + queryTimeout);
        }
        if (statementCacheSize < 0) {
            throw new IllegalArgumentException("statementCacheSize must not be negative: " + statementCacheSize);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout is negative: " + shutdownTimeout);
        }
    }

    /**
     * The default {@code queryTimeout}: 30 s. Long enough for any query an interactive service
     * runs, short enough that a call blocked on a lock or a stuck database fails visibly; a pool
     * running long reports sets a longer one, or {@link Duration#ZERO} for none.
     */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The defaults described on each component.
     *
     * @return the default options
     */
    public static ConnectionPoolOptions defaults() {
        return new ConnectionPoolOptions("dbpool", 3, 5, true, null, null, false, 10_000, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(5), DEFAULT_QUERY_TIMEOUT, 32, Duration.ofSeconds(10));
    }

    /**
     * Returns a copy with another {@code name}.
     *
     * @param name the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withName(String name) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code minConnections}.
     *
     * @param minConnections the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withMinConnections(int minConnections) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code maxConnections}.
     *
     * @param maxConnections the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withMaxConnections(int maxConnections) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code reconnect}.
     *
     * @param reconnect the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withReconnect(boolean reconnect) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code goodSQL}.
     *
     * @param goodSQL the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withGoodSQL(@Nullable String goodSQL) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code onConnect}.
     *
     * @param onConnect the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withOnConnect(@Nullable ConnectionHook onConnect) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code noisy}.
     *
     * @param noisy the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withNoisy(boolean noisy) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code queueLimit}.
     *
     * @param queueLimit the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withQueueLimit(int queueLimit) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code acquireTimeout}.
     *
     * @param acquireTimeout the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withAcquireTimeout(Duration acquireTimeout) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code validateAfterIdle}.
     *
     * @param validateAfterIdle the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withValidateAfterIdle(Duration validateAfterIdle) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code validationTimeout}.
     *
     * @param validationTimeout the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withValidationTimeout(Duration validationTimeout) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code queryTimeout}.
     *
     * @param queryTimeout the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withQueryTimeout(Duration queryTimeout) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code statementCacheSize}.
     *
     * @param statementCacheSize the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withStatementCacheSize(int statementCacheSize) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }

    /**
     * Returns a copy with another {@code shutdownTimeout}.
     *
     * @param shutdownTimeout the new value (see the class description)
     * @return the changed options
     */
    public ConnectionPoolOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new ConnectionPoolOptions(name, minConnections, maxConnections, reconnect, goodSQL, onConnect,
                noisy, queueLimit, acquireTimeout, validateAfterIdle, validationTimeout, queryTimeout,
                statementCacheSize, shutdownTimeout);
    }
}
