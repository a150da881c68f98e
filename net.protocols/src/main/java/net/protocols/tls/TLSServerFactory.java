package net.protocols.tls;

import java.util.Objects;
import java.util.concurrent.Executor;
import net.reactor.LogText;
import net.protocols.internal.tls.EngineFactory;
import net.protocols.internal.tls.HandshakeWorkers;
import net.protocols.internal.tls.TLSConnection;
import net.reactor.Factory;
import net.reactor.LayeringFactory;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link Factory} so that every connection it serves speaks TLS as the server (Twisted's
 * TLSMemoryBIOFactory). {@link TLS#listenSSL} uses it; use it yourself to put
 * TLS over another transport, for example an in-memory one in a test.
 *
 * <p>For each accepted connection the wrapped factory's {@code buildProtocol} runs at once (so
 * it can still refuse the connection), but its protocol is connected only when the handshake has
 * completed: its {@code connectionMade} can read the client's certificate and the ALPN protocol
 * from its {@link TLSTransport}. A handshake that fails is logged (System.Logger, INFO) and the
 * protocol never hears of the connection.
 *
 * <p>The TLS configuration is checked when the factory is made: a bad key or an unknown cipher
 * name fails here, not at the first connection.
 *
 * <p><b>Threading:</b> reactor thread, like every factory.
 */
public final class TLSServerFactory extends LayeringFactory {
    private static final System.Logger LOG = System.getLogger(TLSServerFactory.class.getName());
    private static final String HANDSHAKE_FAILED = "TLS handshake failed: ";

    private final TLSServerOptions options;
    private final EngineFactory engines;
    private final ReactorTime time;
    private final Executor reactorExecutor;
    /** Runs handshake steps off the reactor thread; null for inline handshakes. */
    private final @Nullable Executor handshakeWorkers;

    /**
     * Creates the wrapping factory.
     *
     * @param wrapped makes the application's protocols
     * @param options the server's key, certificates and settings
     * @param time the reactor's clock, for the handshake and close timeouts
     * @param reactorExecutor runs tasks on the reactor thread from other threads (the reactor's
     *     {@code callFromThread})
     * @throws TLSConfigurationException if the options cannot be used
     */
    public TLSServerFactory(Factory wrapped, TLSServerOptions options, ReactorTime time, Executor reactorExecutor) {
        super(wrapped);
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
        this.reactorExecutor = Objects.requireNonNull(reactorExecutor, "reactorExecutor");
        this.engines = EngineFactory.of(options);
        this.handshakeWorkers = HandshakeWorkers.forConnection(options, time);
    }

    /** For tests: the same, with the handshake steps run by {@code handshakeWorkers} (null: inline). */
    TLSServerFactory(Factory wrapped, TLSServerOptions options, ReactorTime time, Executor reactorExecutor,
            @Nullable Executor handshakeWorkers) {
        super(wrapped);
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
        this.reactorExecutor = Objects.requireNonNull(reactorExecutor, "reactorExecutor");
        this.engines = EngineFactory.of(options);
        this.handshakeWorkers = handshakeWorkers;
    }

    /**
     * The options every connection uses.
     *
     * @return the server options
     */
    public TLSServerOptions options() {
        return options;
    }

    /**
     * Puts the TLS layer, as the server, under a protocol the wrapped factory built.
     *
     * @param application the application's protocol
     * @return the TLS layer
     */
    @Override
    protected ProtocolLayer wrap(Protocol application) {
        return new TLSConnection(engines.newEngine(null, -1), application, false, time, reactorExecutor,
                options.handshakeTimeout(), options.closeTimeout(), TLSServerFactory::ended, handshakeWorkers);
    }

    private static void ended(TLSConnection connection, Throwable reasonBelow, Throwable reason) {
        if (!connection.isHandshakeComplete()) {
            String why = String.valueOf(reason.getMessage());
            if (why.startsWith(HANDSHAKE_FAILED)) {
                why = why.substring(HANDSHAKE_FAILED.length()); // the line says so already
            }
            // The reason may quote what the peer sent (a server name, an alert): escaped for the log.
            LOG.log(System.Logger.Level.INFO, "TLS handshake with {0} failed: {1}", connection.getPeer(), LogText.escape(why));
        }
    }
}
