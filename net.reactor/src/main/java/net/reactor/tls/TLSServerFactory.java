package net.reactor.tls;

import java.util.Objects;
import java.util.concurrent.Executor;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.ReactorTime;
import net.reactor.internal.tls.EngineFactory;
import net.reactor.internal.tls.TLSConnection;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a {@link Factory} so that every connection it serves speaks TLS as the server (Twisted's
 * TLSMemoryBIOFactory). {@link net.reactor.ReactorSSL#listenSSL} uses it; use it yourself to put
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
public final class TLSServerFactory extends Factory {
    private static final System.Logger LOG = System.getLogger(TLSServerFactory.class.getName());
    private static final String HANDSHAKE_FAILED = "TLS handshake failed: ";

    private final Factory wrapped;
    private final TLSServerOptions options;
    private final EngineFactory engines;
    private final ReactorTime time;
    private final Executor reactorExecutor;

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
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
        this.reactorExecutor = Objects.requireNonNull(reactorExecutor, "reactorExecutor");
        this.engines = EngineFactory.of(options);
    }

    /**
     * The factory whose protocols this one wraps.
     *
     * @return the wrapped factory
     */
    public Factory wrappedFactory() {
        return wrapped;
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
     * Builds the application's protocol with the wrapped factory and puts the TLS layer under it.
     *
     * @param address the client's address
     * @return the TLS layer, or null if the wrapped factory refused the connection
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Protocol application = wrapped.buildProtocol(address);
        if (application == null) {
            return null;
        }
        return new TLSConnection(engines.newEngine(null, -1), application, false, time, reactorExecutor,
                options.handshakeTimeout(), options.closeTimeout(), TLSServerFactory::ended);
    }

    private static void ended(TLSConnection connection, Throwable reasonBelow, Throwable reason) {
        if (!connection.isHandshakeComplete()) {
            String why = String.valueOf(reason.getMessage());
            if (why.startsWith(HANDSHAKE_FAILED)) {
                why = why.substring(HANDSHAKE_FAILED.length()); // the line says so already
            }
            LOG.log(System.Logger.Level.INFO, "TLS handshake with {0} failed: {1}", connection.getPeer(), why);
        }
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
