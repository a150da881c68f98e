package net.reactor.internal;

import net.reactor.internal.jfr.DatagramPortClosedEvent;

/**
 * One UDP port's share of the observability: its own totals (its {@code droppedWrites()} among
 * them), the reactor's counters, and the {@code spindle.DatagramPortClosed} JFR event. Kept apart
 * from {@link UdpPort} so the port only calls it where datagrams move and when it closes.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class DatagramTraffic {
    private final LoopCounters counters;
    private final long openedAt = System.nanoTime();
    private long datagramsIn;
    private long datagramsOut;
    private long bytesIn;
    private long bytesOut;
    private long dropped;
    private boolean closed;

    DatagramTraffic(LoopCounters counters) {
        this.counters = counters;
    }

    /** A datagram of {@code n} bytes was read (for a truncated one, the bytes delivered). */
    void received(int n) {
        datagramsIn++;
        bytesIn += n;
        counters.datagramReceived(n);
    }

    /** A datagram of {@code n} bytes was handed to the system. */
    void sent(int n) {
        datagramsOut++;
        bytesOut += n;
        counters.datagramSent(n);
    }

    /** A datagram was dropped on write. */
    void dropped() {
        dropped++;
        counters.datagramDropped();
    }

    /** Datagrams dropped on write since the port opened. */
    long droppedWrites() {
        return dropped;
    }

    /**
     * The port stopped listening; recorded once however often it is called.
     *
     * @param kind UDP or multicast
     * @param local the address the port was bound to
     * @param protocol the port's protocol
     */
    void closed(String kind, String local, Object protocol) {
        if (closed) {
            return;
        }
        closed = true;
        DatagramPortClosedEvent e = new DatagramPortClosedEvent();
        if (e.shouldCommit()) {
            e.reactor = counters.reactorName();
            e.kind = kind;
            e.local = local;
            e.protocol = protocol.getClass().getName();
            e.datagramsIn = datagramsIn;
            e.datagramsOut = datagramsOut;
            e.bytesIn = bytesIn;
            e.bytesOut = bytesOut;
            e.droppedWrites = dropped;
            e.lifetime = System.nanoTime() - openedAt;
            e.commit();
        }
    }
}
