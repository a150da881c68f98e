package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection was closed in a non-clean fashion: a reset, an I/O error, or the reactor stopping (Twisted's ConnectionLost).
 */
public class ConnectionLostException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectionLostException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectionLostException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
