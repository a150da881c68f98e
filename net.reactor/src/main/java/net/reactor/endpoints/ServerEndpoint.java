package net.reactor.endpoints;

import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.ListeningPort;

/**
 * Somewhere a server can listen, described independently of how (Twisted's
 * {@code IStreamServerEndpoint}). Code that takes a {@code ServerEndpoint} works unchanged over
 * TCP, TLS or UNIX sockets, and the endpoint can come from a configuration string through
 * {@link Endpoints#serverFromString}.
 *
 * {@snippet :
 * ServerEndpoint endpoint = Endpoints.serverFromString(reactor, "tcp:8000:interface=127.0.0.1");
 * endpoint.listen(Factory.forProtocol(Echo::new))
 *         .addCallback(port -> {
 *             System.out.println("listening on " + port.getHost());
 *             return port;
 *         });
 * }
 *
 * <p><b>Threading:</b> call {@link #listen} on the reactor thread (or, before the reactor runs,
 * on the thread that created it); the Deferred fires there.
 */
@FunctionalInterface
public interface ServerEndpoint {

    /**
     * Starts listening with {@code factory} building a protocol per accepted connection.
     *
     * @param factory builds the protocols; it is started when the port opens
     * @return fires with the listening port, or fails with why it could not listen (typically a
     *     {@link net.reactor.CannotListenException})
     */
    Deferred<ListeningPort> listen(Factory factory);
}
