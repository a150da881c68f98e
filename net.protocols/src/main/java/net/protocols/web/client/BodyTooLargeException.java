package net.protocols.web.client;

/**
 * A response body was larger than the limit given to {@link Agent#readBody(Response, long)}
 * (declared by its Content-Length, or counted as it arrived); reading stopped and the connection
 * was closed.
 */
public class BodyTooLargeException extends HTTPClientException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param limit the limit in bytes that was exceeded
     */
    public BodyTooLargeException(long limit) {
        super("the response body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * The limit that was exceeded.
     *
     * @return bytes
     */
    public long limit() {
        return limit;
    }
}
