package net.reactor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectFailedException;
import net.reactor.ConnectTimeoutException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Connector;
import net.reactor.DNSLookupException;
import net.reactor.DelayedCall;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.Protocol;
import net.reactor.SocketType;
import net.reactor.UNIXAddress;
import net.reactor.UserCancelledConnectException;
import org.jspecify.annotations.Nullable;

/**
 * One client connection's lifetime (Twisted's {@code BaseConnector}): attempts, the connection,
 * and reconnects through {@link #connect()}; to a TCP host and port, or to a UNIX socket's path
 * (then there is nothing to resolve, and the connection is a {@link UnixConnection}).
 *
 * <p>{@code connect()} starts the factory (once while attempts follow one another), starts the
 * timeout, tells the factory {@code startedConnecting}, and in the next turn resolves the host
 * (names on a virtual thread, so the reactor never blocks on DNS; IP literals directly) and
 * connects without blocking. The outcome is {@code clientConnectionFailed} (refused, timed out,
 * unknown host, stopped) or a protocol's {@code makeConnection}; after the protocol's
 * {@code connectionLost} comes {@code clientConnectionLost}. After either notification the
 * factory is stopped unless it called {@code connect()} again.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class TcpConnector implements Connector {
    private enum State { DISCONNECTED, CONNECTING, CONNECTED }

    private final ConnectionLoop loop;
    private final String host;
    private final int port;
    /** The UNIX socket to connect to, or null for TCP to host:port. */
    private final @Nullable Path unixPath;
    private final ClientFactory factory;
    private final Duration timeout;
    private final @Nullable InetSocketAddress bindAddress;
    private State state = State.DISCONNECTED;
    private boolean factoryStarted;
    private @Nullable Attempt attempt;
    private @Nullable StreamConnection connection;
    private @Nullable SocketAddress resolved;

    TcpConnector(ConnectionLoop loop, String host, int port, ClientFactory factory, Duration timeout,
            @Nullable InetSocketAddress bindAddress) {
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
        this.unixPath = null;
    }

    /** A connector to the UNIX socket at {@code path}. */
    TcpConnector(ConnectionLoop loop, Path path, ClientFactory factory, Duration timeout) {
        this.loop = loop;
        this.host = path.toString();
        this.port = 0;
        this.unixPath = path;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = null;
    }

    /** The destination as messages name it. */
    private String target() {
        return unixPath != null ? String.valueOf(unixPath) : host + ":" + port;
    }

    @Override
    public void connect() {
        loop.checkThread("Connector.connect");
        loop.checkNotClosing("Connector.connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("cannot connect " + this + " while it is " + state.name().toLowerCase(Locale.ROOT));
        }
        state = State.CONNECTING;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        Attempt a = new Attempt();
        attempt = a;
        loop.register(a);
        if (!timeout.isZero() && !timeout.isNegative()) {
            a.timeoutCall = loop.callLater(timeout, () -> {
                a.timeoutCall = null;
                a.fail(new ConnectTimeoutException("connection to " + target() + " timed out after "
                        + timeout.toMillis() + " ms"));
            });
        }
        try {
            factory.startedConnecting(this);
        } catch (Throwable e) {
            loop.logUserError("startedConnecting", factory, e);
        }
        loop.runNextTurn(a::begin);
    }

    @Override
    public void stopConnecting() {
        loop.checkThread("Connector.stopConnecting");
        Attempt a = attempt;
        if (state == State.CONNECTING && a != null) {
            a.fail(new UserCancelledConnectException("connection attempt to " + target()
                    + " stopped by stopConnecting()"));
        }
    }

    @Override
    public void disconnect() {
        loop.checkThread("Connector.disconnect");
        if (state == State.CONNECTING) {
            stopConnecting();
        } else if (state == State.CONNECTED && connection != null) {
            connection.end().loseConnection(); // through a layer under the protocol, if any
        }
    }

    @Override
    public Address getDestination() {
        loop.checkThread("Connector.getDestination");
        if (unixPath != null) {
            return new UNIXAddress(unixPath);
        }
        SocketAddress r = resolved;
        if (r != null) {
            return SocketAddresses.of(r);
        }
        InetAddress literal = SocketAddresses.literal(host);
        if (literal != null) {
            return SocketAddresses.of(new InetSocketAddress(literal, port));
        }
        return host.indexOf(':') >= 0 ? new IPv6Address(SocketType.TCP, host, port)
                : new IPv4Address(SocketType.TCP, host, port);
    }

    /** The attempt's socket connected: called by {@link TcpConnection#open} before makeConnection. */
    void connected(StreamConnection c) {
        attempt = null;
        connection = c;
        state = State.CONNECTED;
    }

    /** The attempt failed (or the connection broke while being set up). */
    void connectionFailed(Throwable reason) {
        attempt = null;
        connection = null;
        state = State.DISCONNECTED;
        try {
            factory.clientConnectionFailed(this, reason);
        } catch (Throwable e) {
            loop.logUserError("clientConnectionFailed", factory, e);
        }
        stopFactoryUnlessReconnecting();
    }

    /** After the protocol's connectionLost. */
    void connectionLost(Throwable reason) {
        connection = null;
        state = State.DISCONNECTED;
        try {
            factory.clientConnectionLost(this, reason);
        } catch (Throwable e) {
            loop.logUserError("clientConnectionLost", factory, e);
        }
        stopFactoryUnlessReconnecting();
    }

    private void stopFactoryUnlessReconnecting() {
        if (state == State.DISCONNECTED && factoryStarted) {
            factoryStarted = false;
            try {
                factory.doStop();
            } catch (Throwable e) {
                loop.logUserError("stopFactory", factory, e);
            }
        }
    }

    static ConnectFailedException mapConnectError(IOException e, SocketAddress to) {
        String detail = (to instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : to.toString())
                + ": " + e.getMessage();
        if (e instanceof ConnectException) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return new ConnectionRefusedException("Connection refused by " + detail, e);
            }
            if (m.contains("timed out")) {
                return new ConnectTimeoutException("Connection timed out (by the operating system) to " + detail, e);
            }
        }
        if (e instanceof NoRouteToHostException) {
            return new ConnectFailedException("No route to host " + detail, e);
        }
        return new ConnectFailedException("Connection to " + detail + " failed", e);
    }

    @Override
    public String toString() {
        return (unixPath != null ? "UNIX connector to " : "TCP connector to ") + target();
    }

    /** One connection attempt: resolving, then a non-blocking connect. */
    private final class Attempt extends Selectable {
        @Nullable DelayedCall timeoutCall;
        private @Nullable SocketChannel channel;
        private @Nullable SelectionKey key;
        private boolean done;

        void begin() {
            if (done) {
                return;
            }
            if (unixPath != null) {
                connectTo(UnixDomainSocketAddress.of(unixPath));
                return;
            }
            InetAddress literal = SocketAddresses.literal(host);
            if (literal != null) {
                connectTo(new InetSocketAddress(literal, port));
                return;
            }
            // DNS can block for seconds: resolve on a virtual thread, come back via callFromThread.
            Thread.ofVirtual().name("resolve-" + host).start(() -> {
                try {
                    InetAddress address = InetAddress.getByName(host);
                    loop.callFromThread(() -> resolvedTo(address));
                } catch (UnknownHostException e) {
                    loop.callFromThread(() -> fail(new DNSLookupException("DNS lookup failed for " + host + ": "
                            + e.getMessage(), e)));
                } catch (RuntimeException e) {
                    loop.callFromThread(() -> fail(new DNSLookupException("DNS lookup failed for " + host + ": " + e,
                            e)));
                }
            });
        }

        private void resolvedTo(InetAddress address) {
            if (!done) {
                connectTo(new InetSocketAddress(address, port));
            }
        }

        private void connectTo(SocketAddress address) {
            resolved = address;
            SocketChannel ch = null;
            try {
                boolean unix = address instanceof UnixDomainSocketAddress;
                ch = SocketChannel.open(unix ? StandardProtocolFamily.UNIX
                        : ((InetSocketAddress) address).getAddress() instanceof Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channel = ch;
                ch.configureBlocking(false);
                if (!unix) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                if (bindAddress != null) {
                    ch.bind(bindAddress);
                }
                if (ch.connect(address)) {
                    key = ch.register(loop.selector(), 0, this);
                    succeeded();
                } else {
                    key = ch.register(loop.selector(), SelectionKey.OP_CONNECT, this);
                }
            } catch (IOException e) {
                fail(mapConnectError(e, address));
            } catch (RuntimeException e) {
                fail(new ConnectFailedException("Connection to " + target() + " failed: " + e, e));
            }
        }

        @Override
        void ready(int readyOps) {
            SocketChannel ch = channel;
            if (done || ch == null || (readyOps & SelectionKey.OP_CONNECT) == 0) {
                return;
            }
            try {
                if (ch.finishConnect()) {
                    succeeded();
                }
            } catch (IOException e) {
                SocketAddress to = resolved;
                fail(mapConnectError(e, to != null ? to : InetSocketAddress.createUnresolved(host, port)));
            }
        }

        private void succeeded() {
            done = true;
            cancelTimeout();
            loop.unregister(this);
            SocketChannel ch = java.util.Objects.requireNonNull(channel);
            SelectionKey k = java.util.Objects.requireNonNull(key);
            SocketAddress remote = java.util.Objects.requireNonNull(resolved);
            Protocol protocol;
            try {
                protocol = factory.buildProtocol(SocketAddresses.of(remote));
            } catch (Throwable e) {
                loop.logUserError("buildProtocol", factory, e);
                k.cancel();
                StreamConnection.closeQuietly(ch);
                connectionFailed(e);
                return;
            }
            boolean refused = protocol == null;
            Protocol p = refused ? new Protocol() {} : protocol;
            StreamConnection c = StreamConnection.open(loop, ch, k, p, TcpConnector.this);
            if (refused && c != null) {
                c.loseConnection(); // Twisted: a null protocol closes the new connection at once
            }
        }

        void fail(ConnectFailedException reason) {
            if (done) {
                return;
            }
            done = true;
            cancelTimeout();
            loop.unregister(this);
            SelectionKey k = key;
            if (k != null) {
                k.cancel();
            }
            SocketChannel ch = channel;
            if (ch != null) {
                StreamConnection.closeQuietly(ch);
            }
            loop.log().log(Level.DEBUG, "{0}: attempt failed: {1}", TcpConnector.this, reason);
            connectionFailed(reason);
        }

        private void cancelTimeout() {
            DelayedCall t = timeoutCall;
            timeoutCall = null;
            if (t != null && t.active()) {
                t.cancel();
            }
        }

        @Override
        void closeForShutdown() {
            fail(new ConnectFailedException("connection attempt to " + target()
                    + " abandoned: the reactor is stopping"));
        }

        @Override
        public String toString() {
            return "connection attempt to " + target();
        }
    }
}
