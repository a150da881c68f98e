package net.protocols.web.client;

import net.deferred.Deferred;
import net.protocols.web.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Something that makes HTTP requests (Twisted's {@code IAgent}): the {@link Agent}, and wrappers
 * such as {@link RedirectAgent} that add behaviour around another one. Call it on the reactor
 * thread.
 */
public interface HTTPClient {
    /**
     * Makes a request.
     *
     * @param method the method, a token such as {@code GET} or {@code POST}
     * @param uri an absolute {@code http} or {@code https} URI
     * @param headers header fields to send (copied), or null; framing fields
     *     ({@code Content-Length}, {@code Transfer-Encoding}) are the agent's and refused here
     * @param body the request body, or null for none
     * @return fires with the {@link Response} once its status line and headers have arrived (its
     *     body still to be delivered), or fails; cancelling it closes the connection
     * @throws IllegalArgumentException if the method, URI or headers cannot be sent
     * @throws WrongThreadException if called off the reactor thread
     */
    Deferred<Response> request(String method, String uri, @Nullable Headers headers, @Nullable BodyProducer body);

    /**
     * Makes a request without extra headers or body.
     *
     * @param method the method
     * @param uri an absolute {@code http} or {@code https} URI
     * @return as {@link #request(String, String, Headers, BodyProducer)}
     * @throws IllegalArgumentException if the method or URI cannot be sent
     * @throws WrongThreadException if called off the reactor thread
     */
    default Deferred<Response> request(String method, String uri) {
        return request(method, uri, null, null);
    }
}
