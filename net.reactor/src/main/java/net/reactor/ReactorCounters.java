package net.reactor;

/**
 * An immutable snapshot of a reactor's counters ({@link ReactorMetrics#counters()}); usable on
 * any thread. Totals count since the reactor was created and never go down.
 *
 * @param connectionsOpen stream connections (TCP and UNIX) open now
 * @param connectionsAccepted stream connections accepted by listening ports, in total
 * @param connectionsConnected client connections this reactor established ({@code connectTCP},
 *     {@code connectUNIX}), in total
 * @param connectionsClosed stream connections closed, in total (each one counted once, when
 *     {@code connectionLost} is delivered)
 * @param bytesRead bytes read from stream connections, in total
 * @param bytesWritten bytes handed to stream connections' {@code write}/{@code writeSequence}
 *     and not dropped (bytes still buffered count as written; bytes discarded because the
 *     connection closed first are subtracted when it closes)
 * @param callFromThreadQueued tasks queued by {@code callFromThread} and not yet run
 * @param delayedCallsPending {@code callLater} calls neither run nor cancelled, as of the end of
 *     the last turn
 * @param turnTimes the durations of the loop's turns
 */
public record ReactorCounters(
        long connectionsOpen,
        long connectionsAccepted,
        long connectionsConnected,
        long connectionsClosed,
        long bytesRead,
        long bytesWritten,
        long callFromThreadQueued,
        long delayedCallsPending,
        TurnTimeHistogram turnTimes) {

    /**
     * Checks the snapshot.
     *
     * @throws IllegalArgumentException if a count is negative
     * @throws NullPointerException if {@code turnTimes} is null
     */
    public ReactorCounters {
        java.util.Objects.requireNonNull(turnTimes, "turnTimes");
        if (connectionsOpen < 0 || connectionsAccepted < 0 || connectionsConnected < 0 || connectionsClosed < 0
                || bytesRead < 0 || bytesWritten < 0 || callFromThreadQueued < 0 || delayedCallsPending < 0) {
            throw new IllegalArgumentException("counters cannot be negative");
        }
    }

    /**
     * All zero: the counters of a reactor that has done nothing (and of {@code MemoryReactor}, which
     * has no sockets and no loop).
     *
     * @return a snapshot of zeros
     */
    public static ReactorCounters zero() {
        return new ReactorCounters(0, 0, 0, 0, 0, 0, 0, 0, TurnTimeHistogram.empty());
    }
}
