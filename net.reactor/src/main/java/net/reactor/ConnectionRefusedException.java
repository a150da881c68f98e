package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The peer refused the connection: nothing listens on that port (Twisted's ConnectionRefusedError).
 */
public class ConnectionRefusedException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectionRefusedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectionRefusedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
