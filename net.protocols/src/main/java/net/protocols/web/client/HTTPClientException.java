package net.protocols.web.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The base of the HTTP client's own failures: a request's or a body's Deferred fails with one of
 * its subclasses when the exchange itself went wrong (as opposed to a connection that could not
 * be made, which fails with the reactor's {@code ConnectFailedException} family or a TLS
 * {@code TLSException}).
 */
public class HTTPClientException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public HTTPClientException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong
     * @param cause the underlying reason, or null
     */
    public HTTPClientException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
