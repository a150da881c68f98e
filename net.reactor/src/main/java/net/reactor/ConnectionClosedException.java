package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The base of the reasons a connection ended, given to {@link Protocol#connectionLost}.
 */
public class ConnectionClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectionClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
