package net.protocols.web.client;

/**
 * The connection ended before a single byte of the response arrived (Twisted's
 * {@code ResponseNeverReceived}). On a connection reused from the pool this usually means the
 * server had closed it while idle; the {@link Agent} then retries an idempotent request without a
 * body once on a fresh connection, as Twisted does.
 */
public class ResponseNeverReceivedException extends HTTPClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cause why the connection ended
     */
    public ResponseNeverReceivedException(Throwable cause) {
        super("the connection ended before any response arrived: " + cause, cause);
    }
}
