package net.reactor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.DelayedCall;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * A listening stream port, TCP or UNIX domain: accepts connections in batches and builds a
 * protocol for each. A UNIX port also owns its socket file ({@link UnixSocketFile}), removed when
 * it stops listening.
 *
 * <p>When {@code accept} fails (typically "Too many open files"), the port stops asking the
 * selector for new connections, logs once, and tries again after a short, growing back-off
 * (10 ms doubling up to 1 s) scheduled on the reactor's timers, instead of spinning on a socket
 * that stays readable; it logs again once it accepts successfully.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class TcpPort extends Selectable implements ListeningPort {
    /** Connections accepted per readiness event before other channels get a turn. */
    private static final int ACCEPT_BATCH = 64;
    private static final long MIN_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final ConnectionLoop loop;
    private final ServerSocketChannel channel;
    private final Factory factory;
    private final Address host;
    private final SelectionKey key;
    /** The UNIX socket file and lock this port owns, or null for TCP. */
    private final @Nullable UnixSocketFile file;
    private boolean listening = true;
    private long backoffMillis;
    private @Nullable DelayedCall retry;
    private @Nullable Deferred<Void> stopped;
    /**
     * A reactor group's hand-off (see {@link GroupListener}): offered each accepted channel, it
     * returns true when it took it to another member; null on a port of a lone reactor.
     */
    private @Nullable Predicate<SocketChannel> handOff;

    private TcpPort(ConnectionLoop loop, ServerSocketChannel channel, Factory factory, @Nullable UnixSocketFile file)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.factory = factory;
        this.file = file;
        this.host = SocketAddresses.of(channel.getLocalAddress());
        this.key = channel.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
    }

    static TcpPort listen(ConnectionLoop loop, int port, Factory factory, int backlog, String interfaceAddress) {
        return listen(loop, port, factory, backlog, interfaceAddress, false);
    }

    /**
     * Listens as above; with {@code reusePort}, sets SO_REUSEPORT before binding, so each member
     * of a reactor group binds its own socket to the same port and the kernel spreads connections.
     */
    static TcpPort listen(ConnectionLoop loop, int port, Factory factory, int backlog, String interfaceAddress,
            boolean reusePort) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        InetAddress bindTo;
        if (interfaceAddress.isEmpty()) {
            bindTo = null;
        } else {
            bindTo = SocketAddresses.literal(interfaceAddress);
            if (bindTo == null) {
                throw new CannotListenException("Couldn't listen on " + interfaceAddress + ":" + port
                        + ": the interface must be a numeric IPv4 or IPv6 address");
            }
        }
        boolean v6 = bindTo instanceof Inet6Address;
        InetSocketAddress address = bindTo == null ? new InetSocketAddress("0.0.0.0", port)
                : new InetSocketAddress(bindTo, port);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(address, backlog);
            ch.configureBlocking(false);
            return start(loop, ch, factory, null);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CannotListenException("Couldn't listen on " + (interfaceAddress.isEmpty() ? "any" : interfaceAddress)
                    + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Listens on the UNIX socket {@code path}, by {@link UnixSocketFile}'s rule for a file
     * already there.
     *
     * @throws CannotListenException naming the path
     */
    static TcpPort listenUNIX(ConnectionLoop loop, Path path, Factory factory, int backlog, int mode, boolean wantPID) {
        UnixSocketFile.permissions(mode); // refuse bad bits before touching the file system
        UnixSocketFile file = UnixSocketFile.claim(path, wantPID, loop.log());
        ServerSocketChannel ch = file.bind(backlog, mode);
        try {
            return start(loop, ch, factory, file);
        } catch (IOException e) {
            closeQuietly(ch);
            file.release();
            throw new CannotListenException("Couldn't listen on " + path + ": " + e.getMessage(), e);
        }
    }

    private static TcpPort start(ConnectionLoop loop, ServerSocketChannel ch, Factory factory,
            @Nullable UnixSocketFile file) throws IOException {
        TcpPort p = new TcpPort(loop, ch, factory, file);
        loop.register(p);
        try {
            factory.doStart();
        } catch (RuntimeException e) {
            p.closeChannel();
            throw e;
        }
        return p;
    }

    /** Sets the group hand-off; before the first accept, on the port's reactor thread. */
    void handOff(Predicate<SocketChannel> to) {
        this.handOff = to;
    }

    private static void closeQuietly(@Nullable ServerSocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Nothing more to do for a socket we failed to set up.
            }
        }
    }

    @Override
    void ready(int readyOps) {
        for (int i = 0; i < ACCEPT_BATCH && listening; i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (accepted == null) {
                return;
            }
            if (backoffMillis != 0) {
                loop.log().log(Level.INFO, "{0}: accepting connections again", this);
                backoffMillis = 0;
            }
            Predicate<SocketChannel> h = handOff;
            if (h == null || !h.test(accepted)) {
                accepted(loop, factory, accepted);
            }
        }
    }

    private void acceptFailed(IOException e) {
        if (backoffMillis == 0) {
            loop.log().log(Level.ERROR, this + ": accept failed (" + e.getMessage() + "); pausing accepts and"
                    + " retrying with back-off until it succeeds", e);
            backoffMillis = MIN_BACKOFF_MILLIS;
        } else {
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            loop.log().log(Level.DEBUG, "{0}: accept still failing ({1}); next try in {2} ms", this,
                    e.getMessage(), backoffMillis);
        }
        key.interestOps(0);
        retry = loop.callLater(Duration.ofMillis(backoffMillis), () -> {
            retry = null;
            if (listening) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    /**
     * Sets up an accepted channel on {@code loop} and gives it a protocol from {@code factory};
     * on that loop's thread (a group member's, for a handed-off channel).
     */
    static void accepted(ConnectionLoop loop, Factory factory, SocketChannel ch) {
        Address peer;
        try {
            ch.configureBlocking(false);
            if (!(ch.getLocalAddress() instanceof java.net.UnixDomainSocketAddress)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            peer = SocketAddresses.of(ch.getRemoteAddress());
        } catch (IOException e) {
            // The peer went away between accept and set-up: nothing to report to anyone.
            StreamConnection.closeQuietly(ch);
            return;
        }
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(peer);
        } catch (Throwable e) {
            loop.logUserError("buildProtocol", factory, e);
            StreamConnection.closeQuietly(ch);
            return;
        }
        if (protocol == null) {
            StreamConnection.closeQuietly(ch);
            return;
        }
        StreamConnection.open(loop, ch, null, protocol, null);
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
        closeChannel();
        PortStop.stopFactoryThenFireNextTurn(loop, factory, result);
        return result;
    }

    private void closeChannel() {
        listening = false;
        DelayedCall r = retry;
        if (r != null && r.active()) {
            r.cancel();
        }
        retry = null;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            loop.log().log(Level.WARNING, "closing " + this + " failed", e);
        }
        if (file != null) {
            file.release(); // Twisted removes the socket file when the port stops
        }
        loop.unregister(this);
    }

    @Override
    void closeForShutdown() {
        if (listening) {
            stopListening();
        }
    }

    @Override
    public String toString() {
        return (file == null ? "TCP port " : "UNIX port ") + host + " (" + factory.getClass().getName() + ")";
    }
}
