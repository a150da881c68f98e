package net.reactor.endpoints;

import java.util.Objects;
import java.util.function.Consumer;
import net.deferred.Deferred;
import net.reactor.ClientFactory;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.endpoints.internal.EndpointConnection;

/**
 * Somewhere a client can connect to, described independently of how (Twisted's
 * {@code IStreamClientEndpoint}). Code that takes a {@code ClientEndpoint} works unchanged over
 * TCP, TLS or UNIX sockets, and the endpoint can come from a configuration string through
 * {@link Endpoints#clientFromString}.
 *
 * {@snippet :
 * ClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tcp:host=example.org:port=80");
 * Endpoints.connectProtocol(endpoint, new HttpClientProtocol())
 *         .addCallback(protocol -> protocol.get("/"));
 * endpoint.connect(Factory.of(HttpClientProtocol::new))   // a Deferred<HttpClientProtocol> too
 *         .addCallback(protocol -> protocol.get("/"));
 * }
 *
 * <p>Unlike {@code connectTCP}, the outcome of the attempt arrives in one Deferred rather than as
 * {@link net.reactor.ClientFactory} notifications, and any {@link net.reactor.Factory} will do.
 *
 * <p><b>Threading:</b> call {@link #connect} on the reactor thread (or, before the reactor runs,
 * on the thread that created it); the Deferred fires there.
 */
@FunctionalInterface
public interface ClientEndpoint {

    /**
     * Connects, with {@code factory} building the connection's protocol.
     *
     * @param factory builds the protocol once the connection is made; it is started for the
     *     duration of the attempt and the connection
     * @return fires with the protocol the factory built once its {@code connectionMade} has
     *     run (an implementation must fire with that very protocol, not a wrapper); fails with a
     *     {@link net.reactor.ConnectFailedException} (refused, timed out, host not found...) if
     *     the attempt fails or the factory builds no protocol. Cancelling it abandons the attempt,
     *     and it then fails with {@link net.deferred.CancelledException}.
     */
    Deferred<Protocol> connect(Factory factory);

    /**
     * Connects, with a factory that names its protocol's type, and fires with that type: the
     * endpoint fires with the protocol the factory built, so no cast is needed.
     * {@snippet :
     * endpoint.connect(Factory.of(QueryProtocol::new))
     *         .addCallback(protocol -> protocol.query("status")); // protocol is a QueryProtocol
     * }
     *
     * @param factory builds the protocol once the connection is made; started as for
     *     {@link #connect(Factory)}
     * @param <P> the protocol's type
     * @return fires as {@link #connect(Factory)} does, typed for the protocol
     */
    default <P extends Protocol> Deferred<P> connect(Factory.Of<P> factory) {
        Objects.requireNonNull(factory, "factory");
        // connect(Factory) fires with what the factory built, and this factory builds only P.
        @SuppressWarnings("unchecked")
        Deferred<P> connected = (Deferred<P>) (Deferred<?>) connect((Factory) factory);
        return connected;
    }

    /**
     * The body of {@link #connect} for an endpoint that connects through a reactor method taking
     * a {@link ClientFactory} ({@code connectTCP}, {@code TLS.connectSSL}, a transport of one's
     * own): {@code connectWith} gets the client factory that stands for this attempt, and the
     * Deferred {@code connect} must return comes back, with the semantics {@link #connect}
     * describes (started and stopped factory, cancellation, a factory that builds no protocol).
     *
     * {@snippet :
     * public Deferred<Protocol> connect(Factory factory) {
     *     return ClientEndpoint.connecting(factory, attempt -> reactor.connectTCP(host, port, attempt));
     * }
     * }
     *
     * @param factory the factory given to {@code connect}
     * @param connectWith starts the attempt with the given client factory, on the reactor thread
     * @return the Deferred for {@code connect} to return; it fails with what
     *     {@code connectWith} threw, if it threw
     */
    static Deferred<Protocol> connecting(Factory factory, Consumer<? super ClientFactory> connectWith) {
        Objects.requireNonNull(connectWith, "connectWith");
        EndpointConnection attempt = new EndpointConnection(factory);
        try {
            connectWith.accept(attempt);
        } catch (RuntimeException failure) {
            return Deferred.fail(failure);
        }
        return attempt.connected();
    }
}
