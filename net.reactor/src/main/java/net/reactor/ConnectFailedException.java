package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The base of the reasons an outgoing connection attempt failed (Twisted's ConnectError), given to {@link ClientFactory#clientConnectionFailed}.
 */
public class ConnectFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectFailedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
