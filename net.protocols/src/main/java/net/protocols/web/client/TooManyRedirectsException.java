package net.protocols.web.client;

/**
 * A {@link RedirectAgent} was redirected more times than its limit (Twisted's
 * {@code InfiniteRedirection}).
 */
public class TooManyRedirectsException extends HTTPClientException {
    private static final long serialVersionUID = 1L;
    private final transient Response lastResponse;

    /**
     * Creates the exception.
     *
     * @param limit the number of redirects followed
     * @param lastResponse the redirect that was not followed (its body already discarded)
     */
    public TooManyRedirectsException(int limit, Response lastResponse) {
        super("more than " + limit + " redirects (the last to " + lastResponse.headers().get("Location") + ")");
        this.lastResponse = lastResponse;
    }

    /**
     * The redirect that was not followed.
     *
     * @return the response, its body already discarded
     */
    public Response lastResponse() {
        return lastResponse;
    }
}
