package net.reactor.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import net.reactor.internal.jfr.ConnectionClosedEvent;
import net.reactor.internal.jfr.ConnectionOpenedEvent;
import org.jspecify.annotations.Nullable;

/**
 * One stream connection's share of the observability: its byte totals and lifetime, the
 * reactor's counters, and the {@code spindle.ConnectionOpened}/{@code ConnectionClosed} JFR
 * events. Kept apart from {@link StreamConnection} so that class only calls it at set-up, close
 * and where bytes move (reactor thread only).
 */
final class ConnectionTraffic {
    private final LoopCounters counters;
    private long bytesIn;
    private long bytesOut;
    private long openedAt;
    private boolean open;
    private String kind = "";
    private @Nullable SocketAddress remote;

    ConnectionTraffic(LoopCounters counters) {
        this.counters = counters;
    }

    /** The connection is set up and registered. */
    void opened(String kind, boolean accepted, SocketAddress remote, SocketChannel channel) {
        this.kind = kind;
        this.remote = remote;
        this.openedAt = System.nanoTime();
        this.open = true;
        counters.connectionOpened(accepted);
        ConnectionOpenedEvent e = new ConnectionOpenedEvent();
        if (e.shouldCommit()) {
            e.reactor = counters.reactorName();
            e.kind = kind;
            e.accepted = accepted;
            e.local = localOf(channel);
            e.remote = String.valueOf(remote);
            e.commit();
        }
    }

    private static String localOf(SocketChannel channel) {
        try {
            return String.valueOf(channel.getLocalAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }

    void read(int n) {
        bytesIn += n;
        counters.bytesRead(n);
    }

    void written(long n) {
        bytesOut += n;
        counters.bytesWritten(n);
    }

    /**
     * The connection is closed; counted once however often it is called.
     *
     * @param unsent bytes still buffered, which will never be sent
     */
    void closed(long unsent, Throwable reason) {
        if (!open) {
            return;
        }
        open = false;
        bytesOut -= unsent;
        counters.bytesWritten(-unsent);
        counters.connectionClosed();
        ConnectionClosedEvent e = new ConnectionClosedEvent();
        if (e.shouldCommit()) {
            e.reactor = counters.reactorName();
            e.kind = kind;
            e.remote = String.valueOf(remote);
            e.bytesIn = bytesIn;
            e.bytesOut = bytesOut;
            e.lifetime = System.nanoTime() - openedAt;
            e.reason = reason.getClass().getSimpleName() + ": " + reason.getMessage();
            e.commit();
        }
    }
}
