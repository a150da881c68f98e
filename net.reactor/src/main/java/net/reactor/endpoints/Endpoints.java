package net.reactor.endpoints;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.Reactor;

/**
 * Endpoints from description strings, and connecting a ready-made protocol (Twisted's
 * {@code serverFromString}, {@code clientFromString} and {@code connectProtocol}).
 *
 * <h2>Description syntax</h2>
 * Fields separated by {@code :}; the first is the type (matched without regard to case); a field
 * with {@code =} is a named parameter, any other is positional; a backslash escapes the next
 * character ({@code \:} for a colon inside an IPv6 address). See {@link EndpointDescription}.
 *
 * <table class="striped">
 *   <caption>Built-in types</caption>
 *   <thead><tr><th>description</th><th>meaning</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code tcp:PORT[:interface=IP][:backlog=N]}</td>
 *         <td>server: listen on PORT (0 for any), on one interface or all, backlog 50 by
 *         default</td></tr>
 *     <tr><td>{@code tcp6:PORT[:backlog=N][:interface=IP6]}</td>
 *         <td>server over IPv6; interface {@code ::} by default</td></tr>
 *     <tr><td>{@code tcp:HOST:PORT[:timeout=S][:bindAddress=IP]}</td>
 *         <td>client; also {@code tcp:host=HOST:port=PORT}, timeout 30 s by default</td></tr>
 *   </tbody>
 * </table>
 *
 * {@snippet :
 * ServerEndpoint server = Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1:backlog=50");
 * ServerEndpoint server6 = Endpoints.serverFromString(reactor, "tcp6:8080:interface=\\:\\:1");
 * ClientEndpoint client = Endpoints.clientFromString(reactor, "tcp:host=example.org:port=80:timeout=5");
 * }
 *
 * <p>Other modules add types ({@code ssl:}, {@code unix:}) as {@link ServerEndpointParser} and
 * {@link ClientEndpointParser} services; the built-in types cannot be replaced.
 *
 * <p><b>Threading:</b> parsing is safe from any thread; the endpoints it returns are used on the
 * reactor thread.
 */
public final class Endpoints {
    private Endpoints() {}

    /**
     * Builds a server endpoint from a description.
     *
     * @param reactor the reactor the endpoint will listen with
     * @param description for example {@code "tcp:8080:interface=127.0.0.1"}
     * @return the endpoint; nothing listens until {@link ServerEndpoint#listen}
     * @throws EndpointDescriptionException if the description is malformed or of an unknown type;
     *     the message names the part at fault
     */
    public static ServerEndpoint serverFromString(Reactor reactor, String description) {
        Objects.requireNonNull(reactor, "reactor");
        EndpointDescription parsed = EndpointDescription.parse(description);
        return EndpointParsers.installed().server(parsed).parseServer(reactor, parsed);
    }

    /**
     * Builds a client endpoint from a description.
     *
     * @param reactor the reactor the endpoint will connect with
     * @param description for example {@code "tcp:host=example.org:port=80:timeout=5"}
     * @return the endpoint; nothing connects until {@link ClientEndpoint#connect}
     * @throws EndpointDescriptionException if the description is malformed or of an unknown type;
     *     the message names the part at fault
     */
    public static ClientEndpoint clientFromString(Reactor reactor, String description) {
        Objects.requireNonNull(reactor, "reactor");
        EndpointDescription parsed = EndpointDescription.parse(description);
        return EndpointParsers.installed().client(parsed).parseClient(reactor, parsed);
    }

    /**
     * Connects {@code endpoint} with an existing protocol instance instead of a factory.
     *
     * @param endpoint where to connect
     * @param protocol the protocol to connect; used for one connection only
     * @param <P> the protocol's type
     * @return fires with {@code protocol} once its {@code connectionMade} has run; fails as
     *     {@link ClientEndpoint#connect} does
     */
    public static <P extends Protocol> Deferred<P> connectProtocol(ClientEndpoint endpoint, P protocol) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(protocol, "protocol");
        Factory single = new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return protocol;
            }

            @Override
            public String toString() {
                return "Factory[" + protocol + "]";
            }
        };
        return endpoint.connect(single).addCallback(connected -> protocol);
    }
}
