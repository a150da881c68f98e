package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection attempt was abandoned with {@link Connector#stopConnecting()} (Twisted's UserError).
 */
public class UserCancelledConnectException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public UserCancelledConnectException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public UserCancelledConnectException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
