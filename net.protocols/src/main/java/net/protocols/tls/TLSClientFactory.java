package net.protocols.tls;

import java.util.Objects;
import java.util.concurrent.Executor;
import net.protocols.internal.tls.EngineFactory;
import net.protocols.internal.tls.HandshakeWorkers;
import net.protocols.internal.tls.TLSConnection;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.LayeringFactory;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link ClientFactory} so that its connections speak TLS as the client.
 * {@link TLS#connectSSL} uses it; use it yourself to put TLS over another
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
public final class TLSClientFactory extends LayeringFactory {
    private record Ended(Throwable reasonBelow, Throwable reason, boolean handshakeComplete) {}

    private final ClientFactory wrapped;
    private final TLSClientOptions options;
    private final EngineFactory engines;
    private final String host;
    private final int port;
    private final ReactorTime time;
    private final Executor reactorExecutor;
    /** Runs handshake steps off the reactor thread; null for inline handshakes. */
    private final @Nullable Executor handshakeWorkers;
    /**
     * How the connection whose protocol just got {@code connectionLost} ended. The TLS layer
     * records it from inside that {@code connectionLost}, and the connector reports the same
     * reason to {@link #clientConnectionLost} right after it, on the same thread, before any other
     * connection can end: so the outcome to report is always this one, and nothing else is kept.
     */
    private @Nullable Ended justEnded;

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
        super(wrapped);
        this.wrapped = wrapped;
        this.options = Objects.requireNonNull(options, "options");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.time = Objects.requireNonNull(time, "time");
        this.reactorExecutor = Objects.requireNonNull(reactorExecutor, "reactorExecutor");
        this.engines = EngineFactory.of(options);
        this.handshakeWorkers = HandshakeWorkers.forConnection(options, time);
    }

    /**
     * The factory whose protocols this one wraps.
     *
     * @return the wrapped factory
     */
    @Override
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
     * Puts the TLS layer, as the client, under a protocol the wrapped factory built.
     *
     * @param application the application's protocol
     * @return the TLS layer
     */
    @Override
    protected ProtocolLayer wrap(Protocol application) {
        return new TLSConnection(engines.newEngine(host, port), application, false, time, reactorExecutor,
                options.handshakeTimeout(), options.closeTimeout(),
                (connection, below, reason) ->
                        justEnded = new Ended(below, reason, connection.isHandshakeComplete()),
                handshakeWorkers);
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
        Ended outcome = justEnded;
        justEnded = null;
        if (outcome == null || outcome.reasonBelow() != reason) {
            // Not a connection of our TLS layer (it got no protocol): report what the connector saw.
            wrapped.clientConnectionLost(connector, reason);
        } else if (outcome.handshakeComplete()) {
            wrapped.clientConnectionLost(connector, outcome.reason());
        } else {
            wrapped.clientConnectionFailed(connector, outcome.reason());
        }
    }
}
