package net.reactor.endpoints;

import net.reactor.Reactor;

/**
 * Turns descriptions of one endpoint type into server endpoints, for
 * {@link Endpoints#serverFromString}. A service-provider interface: a module adds a type by
 * declaring {@code provides net.reactor.endpoints.ServerEndpointParser with ...} in its
 * module-info (or, on the class path, a {@code META-INF/services} entry). Types built into Spindle
 * ({@code tcp}, {@code tcp6}) cannot be replaced.
 *
 * {@snippet :
 * public final class MemoryServerParser implements ServerEndpointParser {
 *     public String prefix() {
 *         return "mem";
 *     }
 *
 *     public ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
 *         Map<String, String> p = description.bind(List.of("name"), Set.of("name"));
 *         return new MemoryServerEndpoint(p.get("name"));
 *     }
 * }
 * }
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe: one instance
 * serves every lookup.
 */
public interface ServerEndpointParser {

    /**
     * The endpoint type this parser handles, matched without regard to case.
     *
     * @return the type, for example {@code "ssl"}
     */
    String prefix();

    /**
     * Builds an endpoint from a description whose type is {@link #prefix()}.
     *
     * @param reactor the reactor the endpoint will use
     * @param description the parsed description
     * @return the endpoint; nothing listens yet
     * @throws EndpointDescriptionException if the description's fields do not fit this type
     */
    ServerEndpoint parseServer(Reactor reactor, EndpointDescription description);
}
