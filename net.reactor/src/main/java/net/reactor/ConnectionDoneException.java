package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection was closed cleanly (Twisted's ConnectionDone).
 */
public class ConnectionDoneException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectionDoneException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectionDoneException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
