package net.reactor.internal;

import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.ListeningPort;

/**
 * A group member's share of a hand-off port: the member's factory and the channels the accepting
 * member passed to it, waiting for this member's thread. It is registered with the member like a
 * port, so the member's shutdown closes it and every channel still queued.
 *
 * <p>No channel leaks between the acceptor and a stopping member: {@link #offer} queues first
 * and then looks at {@link #closed}; {@link #close} sets {@code closed} first and then drains. One
 * of the two always sees the other's write (volatile), and each queued channel is polled, and so
 * opened or closed, exactly once.
 *
 * <p><b>Threading:</b> {@link #offer} from the acceptor's thread; everything else on the member's
 * thread (or, before it runs, its creating thread).
 */
final class HandOffTarget extends Selectable implements ListeningPort {
    private final ConnectionLoop loop;
    private final Factory factory;
    private final Address host;
    private final ConcurrentLinkedQueue<SocketChannel> queue = new ConcurrentLinkedQueue<>();
    private final Runnable drain = this::drain;
    private volatile boolean closed;
    private @org.jspecify.annotations.Nullable Deferred<Void> stopped;

    private HandOffTarget(ConnectionLoop loop, Factory factory, Address host) {
        this.loop = loop;
        this.factory = factory;
        this.host = host;
    }

    /** Starts the member's factory and registers the target; on the member's thread. */
    static HandOffTarget open(ConnectionLoop loop, Factory factory, Address host) {
        loop.checkThread("listen");
        loop.checkNotClosing("listen");
        HandOffTarget t = new HandOffTarget(loop, factory, host);
        factory.doStart();
        loop.register(t);
        return t;
    }

    /** The acceptor's thread: queues {@code ch} for this member. */
    void offer(SocketChannel ch) {
        queue.add(ch);
        if (closed) {
            closeQueued();
        } else {
            loop.callFromThread(drain);
        }
    }

    private void drain() {
        for (SocketChannel ch; !closed && (ch = queue.poll()) != null; ) {
            TcpPort.accepted(loop, factory, ch);
        }
        if (closed) {
            closeQueued();
        }
    }

    private void closeQueued() {
        for (SocketChannel ch; (ch = queue.poll()) != null; ) {
            StreamConnection.closeQuietly(ch);
        }
    }

    @Override
    void ready(int readyOps) {
        // No channel of its own: the accepting member's port hands channels over.
    }

    @Override
    void closeForShutdown() {
        if (!closed) {
            stopListening();
        }
    }

    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public Deferred<Void> stopListening() {
        loop.checkThread("ListeningPort.stopListening");
        Deferred<Void> d = stopped;
        if (d != null) {
            return d;
        }
        Deferred<Void> result = new Deferred<>();
        stopped = result;
        closed = true;
        closeQueued();
        loop.unregister(this);
        PortStop.stopFactoryThenFireNextTurn(loop, factory, result);
        return result;
    }

    @Override
    public String toString() {
        return "hand-off share of " + host + " (" + factory.getClass().getName() + ")";
    }
}
