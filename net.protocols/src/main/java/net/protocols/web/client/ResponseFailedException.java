package net.protocols.web.client;

/**
 * The connection ended in the middle of a response (Twisted's {@code ResponseFailed}): after part
 * of the head, or before a body with a declared length or chunked framing was complete.
 */
public class ResponseFailedException extends HTTPClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was incomplete
     * @param cause why the connection ended
     */
    public ResponseFailedException(String message, Throwable cause) {
        super(message + ": " + cause, cause);
    }
}
