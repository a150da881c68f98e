package net.dbapi;

/**
 * A snapshot of a {@link ConnectionPool}'s state, for monitoring and tests.
 *
 * @param openConnections connections open now
 * @param busyConnections connections running a call now
 * @param waitingCalls calls waiting for a connection
 * @param peakOpenConnections the most connections that were ever open at once
 * @param maxConnections the pool's bound
 */
public record PoolStats(int openConnections, int busyConnections, int waitingCalls, int peakOpenConnections,
        int maxConnections) {
}
