package net.dbapi;

/**
 * A snapshot of a {@link ConnectionPool}'s state and call totals, for monitoring and tests;
 * immutable, usable on any thread ({@link ConnectionPool#stats()} may be called from any
 * thread). Each figure is read on its own, so figures of one snapshot may be a call apart.
 *
 * @param openConnections connections open now
 * @param busyConnections connections running a call now (in use)
 * @param waitingCalls calls waiting for a connection now
 * @param peakOpenConnections the most connections that were ever open at once
 * @param maxConnections the pool's bound
 * @param succeededCalls calls that ran on a connection and succeeded, in total
 * @param failedCalls calls that ran on a connection and failed (query timeouts included), in total
 * @param queryTimeouts calls that ran past their query timeout, in total (also counted in {@code failedCalls})
 * @param acquireTimeouts calls that waited {@code acquireTimeout} for a connection and gave up, in total
 * @param refusedCalls calls refused at once (the wait queue was full, or the pool closed), in total
 */
public record PoolStats(int openConnections, int busyConnections, int waitingCalls, int peakOpenConnections,
        int maxConnections, long succeededCalls, long failedCalls, long queryTimeouts, long acquireTimeouts,
        long refusedCalls) {

    /**
     * A snapshot of the connection figures with all call totals zero (the record's shape before
     * the totals were added).
     *
     * @param openConnections connections open now
     * @param busyConnections connections running a call now
     * @param waitingCalls calls waiting for a connection
     * @param peakOpenConnections the most connections that were ever open at once
     * @param maxConnections the pool's bound
     */
    public PoolStats(int openConnections, int busyConnections, int waitingCalls, int peakOpenConnections,
            int maxConnections) {
        this(openConnections, busyConnections, waitingCalls, peakOpenConnections, maxConnections, 0, 0, 0, 0, 0);
    }

    /**
     * Connections open and not running a call.
     *
     * @return {@code openConnections - busyConnections}, never negative
     */
    public int idleConnections() {
        return Math.max(0, openConnections - busyConnections);
    }
}
