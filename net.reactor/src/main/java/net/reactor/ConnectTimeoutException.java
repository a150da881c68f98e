package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection attempt took longer than its timeout (Twisted's TimeoutError from connectTCP).
 */
public class ConnectTimeoutException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectTimeoutException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
