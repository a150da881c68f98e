package net.reactor.endpoints;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.Protocol;

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
}
