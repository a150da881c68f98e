package net.protocols.internal.ftp;

import java.time.Duration;
import net.deferred.Deferred;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Protocol;
import net.reactor.Reactor;
import org.jspecify.annotations.Nullable;

/**
 * An active data channel (PORT, EPRT): the server connects to the client's address when the
 * transfer starts. The address was checked to be the control connection's peer, so the server
 * never connects elsewhere for a client (no FTP bounce).
 *
 * <p>Reactor thread only.
 */
public final class ActiveChannel implements DataChannel {
    private final Reactor reactor;
    private final HostPort target;
    private final Duration connectTimeout;
    private final Duration stallTimeout;
    private final @Nullable TLSServerOptions tls;
    private @Nullable Connector connector;
    private @Nullable Deferred<DataConnection> waiter;
    private boolean closed;

    /**
     * Creates the channel; nothing connects yet.
     *
     * @param reactor connects and times
     * @param target the client's checked address
     * @param connectTimeout how long connecting may take
     * @param stallTimeout the transfer's stall timeout
     * @param tls the data connection's TLS options, or null for clear text
     */
    public ActiveChannel(Reactor reactor, HostPort target, Duration connectTimeout, Duration stallTimeout,
            @Nullable TLSServerOptions tls) {
        this.reactor = reactor;
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.stallTimeout = stallTimeout;
        this.tls = tls;
    }

    @Override
    public Deferred<DataConnection> connection() {
        if (waiter != null || connector != null) {
            throw new IllegalStateException("a data channel carries one transfer");
        }
        if (closed) {
            return Deferred.fail(new DataConnectTimeoutException("the data channel was given up"));
        }
        Deferred<DataConnection> w = new Deferred<>();
        waiter = w;
        DataConnection connection = new DataConnection(reactor, stallTimeout, tls);
        connector = reactor.connectTCP(target.address().getHostAddress(), target.port(), new ClientFactory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return connection;
            }

            @Override
            public void clientConnectionFailed(Connector c, Throwable reason) {
                Deferred<DataConnection> d = waiter;
                waiter = null;
                if (d != null) {
                    d.errback(new DataConnectTimeoutException("cannot connect to " + target.address().getHostAddress()
                            + " port " + target.port() + ": " + reason.getMessage()));
                }
            }
        }, connectTimeout, null);
        connection.made().addCallback(c -> {
            Deferred<DataConnection> d = waiter;
            waiter = null;
            if (d != null) {
                d.callback(c);
            }
            return null;
        });
        return w;
    }

    @Override
    public void close() {
        closed = true;
        Connector c = connector;
        Deferred<DataConnection> w = waiter;
        if (c != null && w != null) {
            c.stopConnecting(); // still connecting: give up (clientConnectionFailed fails the waiter)
        }
    }
}
