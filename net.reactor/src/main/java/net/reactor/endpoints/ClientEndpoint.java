package net.reactor.endpoints;

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
     * @return fires with the protocol once its {@code connectionMade} has run; fails with a
     *     {@link net.reactor.ConnectFailedException} (refused, timed out, host not found...) if
     *     the attempt fails or the factory builds no protocol. Cancelling it abandons the attempt,
     *     and it then fails with {@link net.deferred.CancelledException}.
     */
    Deferred<Protocol> connect(Factory factory);
}
