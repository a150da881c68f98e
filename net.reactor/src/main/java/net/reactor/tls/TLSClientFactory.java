package net.reactor.tls;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Executor;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Protocol;
import net.reactor.ReactorTime;
import net.reactor.internal.tls.EngineFactory;
import net.reactor.internal.tls.TLSConnection;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link ClientFactory} so that its connections speak TLS as the client.
 * {@link net.reactor.ReactorSSL#connectSSL} uses it; use it yourself to put TLS over another
 * transport, for example an in-memory one in a test.
 *
 * <p>The wrapped factory's protocol is connected only when the handshake has completed, so its
 * {@code connectionMade} sees the verified server certificate and the ALPN protocol. A handshake
 * that fails (untrusted or expired certificate, wrong host name, no common protocol, a handshake
 * timeout, the connection dropping mid-handshake) reaches the wrapped factory's
 * {@link ClientFactory#clientConnectionFailed} with a {@link TLSException}: to the application
 * the connection never existed. Once connected, the end of the connection reaches
 * {@link ClientFactory#clientConnectionLost} with the same reason the protocol got.
 *
 * <p><b>Threading:</b> reactor thread, like every factory.
 */
public final class TLSClientFactory extends ClientFactory {
    private record Ended(Throwable reasonBelow, Throwable reason, boolean handshakeComplete) {}

    /** A connector reports each end right after it happens; more pending means none will come. */
    private static final int MAX_PENDING = 64;

    private final ClientFactory wrapped;
    private final TLSClientOptions options;
    private final EngineFactory engines;
    private final String host;
    private final int port;
    private final ReactorTime time;
    private final Executor reactorExecutor;
    private final Deque<Ended> ended = new ArrayDeque<>();

    /**
     * Creates the wrapping factory.
     *
     * @param wrapped makes the application's protocol and hears the outcome
     * @param options trust, host name verification and the other client settings
     * @param host the host being connected to: the name verified against the server's
     *     certificate and sent with SNI, unless {@link TLSClientOptions#serverName()} is set
     * @param port the port being connected to (a hint for session caching)
     * @param time the reactor's clock, for the handshake and close timeouts
     * @param reactorExecutor runs tasks on the reactor thread from other threads (the reactor's
     *     {@code callFromThread})
     * @throws TLSConfigurationException if the options cannot be used
     */
    public TLSClientFactory(
            ClientFactory wrapped,
            TLSClientOptions options,
            String host,
            int port,
            ReactorTime time,
            Executor reactorExecutor) {
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.options = Objects.requireNonNull(options, "options");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.time = Objects.requireNonNull(time, "time");
        this.reactorExecutor = Objects.requireNonNull(reactorExecutor, "reactorExecutor");
        this.engines = EngineFactory.of(options);
    }

    /**
     * The factory whose protocols this one wraps.
     *
     * @return the wrapped factory
     */
    public ClientFactory wrappedFactory() {
        return wrapped;
    }

    /**
     * The options every connection uses.
     *
     * @return the client options
     */
    public TLSClientOptions options() {
        return options;
    }

    /**
     * Builds the application's protocol with the wrapped factory and puts the TLS layer under it.
     *
     * @param address the server's address
     * @return the TLS layer, or null if the wrapped factory refused to build a protocol
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Protocol application = wrapped.buildProtocol(address);
        if (application == null) {
            return null;
        }
        return new TLSConnection(engines.newEngine(host, port), application, false, time, reactorExecutor,
                options.handshakeTimeout(), options.closeTimeout(),
                (connection, below, reason) -> {
                    if (ended.size() == MAX_PENDING) {
                        ended.pollFirst();
                    }
                    ended.addLast(new Ended(below, reason, connection.isHandshakeComplete()));
                });
    }

    @Override
    public void startedConnecting(Connector connector) {
        wrapped.startedConnecting(connector);
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        wrapped.clientConnectionFailed(connector, reason);
    }

    /**
     * Tells the wrapped factory how the connection ended: {@code clientConnectionFailed} if the
     * handshake never completed, else {@code clientConnectionLost}, each with the reason the TLS
     * layer resolved.
     *
     * @param connector the connector
     * @param reason the reason the transport below gave
     */
    @Override
    public void clientConnectionLost(Connector connector, Throwable reason) {
        Ended outcome = take(reason);
        if (outcome == null) {
            wrapped.clientConnectionLost(connector, reason);
        } else if (outcome.handshakeComplete()) {
            wrapped.clientConnectionLost(connector, outcome.reason());
        } else {
            wrapped.clientConnectionFailed(connector, outcome.reason());
        }
    }

    /** The record for this reason: the one the reactor gave our layer, else the latest. */
    private @Nullable Ended take(Throwable reasonBelow) {
        for (Iterator<Ended> it = ended.iterator(); it.hasNext(); ) {
            Ended e = it.next();
            if (e.reasonBelow() == reasonBelow) {
                it.remove();
                return e;
            }
        }
        return ended.pollLast();
    }

    @Override
    protected void startFactory() {
        wrapped.doStart();
    }

    @Override
    protected void stopFactory() {
        wrapped.doStop();
    }
}
