/**
 * Endpoints: where to listen and where to connect, as objects and as description strings
 * (Twisted's {@code twisted.internet.endpoints}), and {@link net.reactor.endpoints.ClientService},
 * which keeps a client connection up.
 *
 * <ul>
 *   <li>{@link net.reactor.endpoints.ServerEndpoint} and {@link net.reactor.endpoints.ClientEndpoint}:
 *       {@code listen(factory)} and {@code connect(factory)}, each returning a Deferred.</li>
 *   <li>{@link net.reactor.endpoints.TCPServerEndpoint} and
 *       {@link net.reactor.endpoints.TCPClientEndpoint}: TCP over IPv4 or IPv6.</li>
 *   <li>{@link net.reactor.endpoints.Endpoints}: {@code serverFromString},
 *       {@code clientFromString} (Twisted's syntax, e.g. {@code "tcp:8080:interface=127.0.0.1"}),
 *       and {@code connectProtocol}. New description types plug in as
 *       {@link net.reactor.endpoints.ServerEndpointParser} and
 *       {@link net.reactor.endpoints.ClientEndpointParser} services.</li>
 *   <li>{@link net.reactor.endpoints.ClientService}: reconnects with
 *       {@link net.reactor.endpoints.BackoffPolicy capped, jittered exponential back-off}.</li>
 * </ul>
 *
 * {@snippet :
 * ServerEndpoint server = Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1");
 * server.listen(Factory.forProtocol(Echo::new)).addCallbackDeferred(port -> {
 *     ClientEndpoint client = new TCPClientEndpoint(reactor, "127.0.0.1", ((IPv4Address) port.getHost()).port());
 *     return Endpoints.connectProtocol(client, new EchoClient());
 * });
 * }
 *
 * <p><b>Threading:</b> endpoints and services are used on the reactor thread, and their
 * Deferreds fire there. Parsing a description is safe from any thread.
 */
@NullMarked
package net.reactor.endpoints;

import org.jspecify.annotations.NullMarked;
