package net.reactor;

/**
 * An immutable snapshot of a reactor's counters ({@link ReactorMetrics#counters()}); usable on
 * any thread. Totals count since the reactor was created and never go down. Stream connections
 * (TCP and UNIX) and UDP ports are counted apart: {@code bytesRead}/{@code bytesWritten} are the
 * streams' bytes, the {@code datagram…} counts the UDP ports' traffic.
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
 * @param datagramsReceived datagrams read from UDP ports (multicast ones too), in total; a
 *     datagram reported as truncated ({@code datagramTruncated}) counts as one
 * @param datagramsSent datagrams UDP ports handed to the system ({@code write} returned
 *     {@code true}), in total
 * @param datagramBytesReceived payload bytes of the datagrams received, in total (of a truncated
 *     datagram, the bytes delivered)
 * @param datagramBytesSent payload bytes of the datagrams sent, in total
 * @param datagramsDropped datagrams UDP ports dropped on {@code write} ({@code write} returned
 *     {@code false}: the send buffer was full, or the connected peer had refused an earlier one),
 *     in total: the sum of every port's {@link UDPTransport#droppedWrites()}, closed ports included
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
        long datagramsReceived,
        long datagramsSent,
        long datagramBytesReceived,
        long datagramBytesSent,
        long datagramsDropped,
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
                || bytesRead < 0 || bytesWritten < 0 || datagramsReceived < 0 || datagramsSent < 0
                || datagramBytesReceived < 0 || datagramBytesSent < 0 || datagramsDropped < 0
                || callFromThreadQueued < 0 || delayedCallsPending < 0) {
            throw new IllegalArgumentException("counters cannot be negative");
        }
    }

    /**
     * A snapshot without datagram traffic (the UDP counts zero): the constructor of the counters
     * before UDP ports were counted, kept so code that builds a snapshot (a test's expected value,
     * say) still compiles. Any thread.
     *
     * @param connectionsOpen stream connections open now
     * @param connectionsAccepted stream connections accepted, in total
     * @param connectionsConnected client connections established, in total
     * @param connectionsClosed stream connections closed, in total
     * @param bytesRead bytes read from stream connections, in total
     * @param bytesWritten bytes written to stream connections, in total
     * @param callFromThreadQueued tasks queued by {@code callFromThread} and not yet run
     * @param delayedCallsPending {@code callLater} calls neither run nor cancelled
     * @param turnTimes the durations of the loop's turns
     * @throws IllegalArgumentException if a count is negative
     * @throws NullPointerException if {@code turnTimes} is null
     */
    public ReactorCounters(long connectionsOpen, long connectionsAccepted, long connectionsConnected,
            long connectionsClosed, long bytesRead, long bytesWritten, long callFromThreadQueued,
            long delayedCallsPending, TurnTimeHistogram turnTimes) {
        this(connectionsOpen, connectionsAccepted, connectionsConnected, connectionsClosed, bytesRead, bytesWritten,
                0, 0, 0, 0, 0, callFromThreadQueued, delayedCallsPending, turnTimes);
    }

    /**
     * All zero: the counters of a reactor that has done nothing (and of {@code MemoryReactor}, which
     * has no sockets and no loop).
     *
     * @return a snapshot of zeros
     */
    public static ReactorCounters zero() {
        return new ReactorCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, TurnTimeHistogram.empty());
    }
}
