package net.protocols.internal.ftp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.DelayedCall;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.ServerFactory;
import net.protocols.tls.TLSServerOptions;
import org.jspecify.annotations.Nullable;

/**
 * A passive data channel: a port listening on the control connection's local address that
 * accepts exactly one connection, and only from the control connection's peer address (a third
 * party cannot steal or inject the data). It stops listening after that connection, or when no
 * connection came within the connect timeout.
 *
 * <p>Reactor thread only.
 */
public final class PassiveChannel implements DataChannel {
    private final Reactor reactor;
    private final String peerHost;
    private final Duration stallTimeout;
    private final @Nullable TLSServerOptions tls;
    private final ListeningPort port;
    private final int portNumber;
    private final DelayedCall connectTimer;
    private @Nullable DataConnection accepted;
    private @Nullable Deferred<DataConnection> waiter;
    private @Nullable RuntimeException failed;
    private boolean taken;

    private PassiveChannel(Reactor reactor, String localHost, String peerHost, int min, int max,
            Duration connectTimeout, Duration stallTimeout, @Nullable TLSServerOptions tls) {
        this.reactor = reactor;
        this.peerHost = peerHost;
        this.stallTimeout = stallTimeout;
        this.tls = tls;
        this.port = listen(localHost, min, max);
        this.portNumber = switch (port.getHost()) {
            case IPv4Address a -> a.port();
            case IPv6Address a -> a.port();
            default -> throw new IllegalStateException("not a TCP port: " + port.getHost());
        };
        this.connectTimer = reactor.callLater(connectTimeout, () -> fail(new DataConnectTimeoutException(
                "no data connection within " + connectTimeout.toSeconds() + " s")));
    }

    /**
     * Opens a passive channel.
     *
     * @param reactor listens and times
     * @param localHost the control connection's local address: the data port listens there
     * @param peerHost the control connection's peer address: the only one accepted
     * @param min the lowest port of the range, 0 for any port
     * @param max the highest port of the range
     * @param connectTimeout how long the client has to connect
     * @param stallTimeout the transfer's stall timeout
     * @param tls the data connection's TLS options, or null for clear text
     * @return the listening channel
     * @throws CannotListenException if no port of the range is free
     */
    public static PassiveChannel open(Reactor reactor, String localHost, String peerHost, int min, int max,
            Duration connectTimeout, Duration stallTimeout, @Nullable TLSServerOptions tls) {
        return new PassiveChannel(reactor, localHost, peerHost, min, max, connectTimeout, stallTimeout, tls);
    }

    /**
     * The port listened on.
     *
     * @return the port number
     */
    public int port() {
        return portNumber;
    }

    private ListeningPort listen(String localHost, int min, int max) {
        ServerFactory factory = new ServerFactory() {
            @Override
            public @Nullable Protocol buildProtocol(Address address) {
                return accept(address);
            }
        };
        if (min == 0) {
            return reactor.listenTCP(0, factory, ReactorTCP.DEFAULT_BACKLOG, localHost);
        }
        int span = max - min + 1;
        int first = ThreadLocalRandom.current().nextInt(span);
        CannotListenException last = null;
        for (int i = 0; i < span; i++) {
            int candidate = min + (first + i) % span;
            try {
                return reactor.listenTCP(candidate, factory, ReactorTCP.DEFAULT_BACKLOG, localHost);
            } catch (CannotListenException busy) {
                last = busy;
            }
        }
        throw last != null ? last : new CannotListenException("no passive port in " + min + "-" + max);
    }

    private @Nullable Protocol accept(Address address) {
        if (accepted != null || failed != null || !samePeer(address)) {
            return null; // refused: one connection, from the control connection's peer only
        }
        DataConnection connection = new DataConnection(reactor, stallTimeout, tls);
        accepted = connection;
        connectTimer.cancel();
        port.stopListening();
        connection.made().addCallback(c -> {
            Deferred<DataConnection> w = waiter;
            waiter = null;
            if (w != null) {
                w.callback(c);
            }
            return null;
        });
        return connection;
    }

    private boolean samePeer(Address address) {
        String host = switch (address) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> null;
        };
        if (host == null) {
            return false;
        }
        if (host.equals(peerHost)) {
            return true;
        }
        try {
            // Both are numeric addresses from the reactor: no name is looked up.
            return InetAddress.getByName(host).equals(InetAddress.getByName(peerHost));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public Deferred<DataConnection> connection() {
        if (taken) {
            throw new IllegalStateException("a data channel carries one transfer");
        }
        taken = true;
        if (failed != null) {
            return Deferred.fail(failed);
        }
        DataConnection c = accepted;
        if (c != null && c.connected()) {
            return Deferred.succeed(c);
        }
        if (c != null && !c.connected() && c.made().called()) {
            return Deferred.fail(new DataConnectTimeoutException("the data connection was closed before the transfer"));
        }
        Deferred<DataConnection> w = new Deferred<>();
        waiter = w;
        return w;
    }

    @Override
    public void close() {
        fail(new DataConnectTimeoutException("the data channel was given up"));
        DataConnection c = accepted;
        if (c != null && c.connected() && !taken) {
            c.transport().loseConnection();
        }
    }

    private void fail(RuntimeException reason) {
        if (connectTimer.active()) {
            connectTimer.cancel();
        }
        if (accepted == null && failed == null) {
            failed = reason;
            port.stopListening();
        }
        Deferred<DataConnection> w = waiter;
        waiter = null;
        if (w != null) {
            w.errback(reason);
        }
    }
}
