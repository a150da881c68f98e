package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The host name could not be resolved (Twisted's DNSLookupError).
 */
public class DNSLookupException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public DNSLookupException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public DNSLookupException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
