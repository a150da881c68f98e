package net.protocols.tls;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.ServerEndpoint;

/**
 * A TLS server endpoint (Twisted's {@code SSL4ServerEndpoint}): {@link TLS#listenSSL} as a
 * {@link ServerEndpoint}. The string form is {@code ssl:PORT:privateKey=key.pem:certKey=cert.pem}
 * (see {@link net.reactor.endpoints.Endpoints#serverFromString}).
 *
 * <p><b>Threading:</b> {@link #listen} on the reactor thread (or, before the reactor runs, on
 * the thread that created it).
 *
 * @param reactor the reactor to listen with
 * @param port the port, 0 for any free one
 * @param options the server's key, certificates and settings
 * @param backlog the accept queue length
 * @param interfaceAddress the local address to bind, "" for every interface
 */
public record TLSServerEndpoint(
        Reactor reactor, int port, TLSServerOptions options, int backlog, String interfaceAddress)
        implements ServerEndpoint {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the port is outside 0..65535 or the backlog negative
     */
    public TLSServerEndpoint {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative: " + backlog);
        }
    }

    /**
     * An endpoint on every interface with the default backlog.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for any free one
     * @param options the server's key, certificates and settings
     */
    public TLSServerEndpoint(Reactor reactor, int port, TLSServerOptions options) {
        this(reactor, port, options, ReactorTCP.DEFAULT_BACKLOG, "");
    }

    /**
     * Listens with {@link TLS#listenSSL(Reactor, int, Factory, TLSServerOptions, int, String)}.
     *
     * @param factory builds a protocol per accepted connection
     * @return fires with the port, or fails with what {@code listenSSL} threw (a
     *     {@link net.reactor.CannotListenException} or a {@link TLSConfigurationException})
     */
    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        try {
            return Deferred.succeed(TLS.listenSSL(reactor, port, factory, options, backlog, interfaceAddress));
        } catch (RuntimeException failure) {
            return Deferred.fail(failure);
        }
    }

    @Override
    public String toString() {
        return "TLSServerEndpoint[" + (interfaceAddress.isEmpty() ? "*" : interfaceAddress) + ":" + port + "]";
    }
}
