package net.reactor.endpoints;

import net.reactor.Reactor;

/**
 * Turns descriptions of one endpoint type into client endpoints, for
 * {@link Endpoints#clientFromString}. A service-provider interface, registered as
 * {@link ServerEndpointParser} is ({@code provides net.reactor.endpoints.ClientEndpointParser
 * with ...}). The built-in type {@code tcp} cannot be replaced.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe: one instance
 * serves every lookup.
 */
public interface ClientEndpointParser {

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
     * @return the endpoint; nothing connects yet
     * @throws EndpointDescriptionException if the description's fields do not fit this type
     */
    ClientEndpoint parseClient(Reactor reactor, EndpointDescription description);
}
