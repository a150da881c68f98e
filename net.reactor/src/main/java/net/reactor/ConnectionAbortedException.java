package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The connection was aborted by this side with {@link Transport#abortConnection()} (Twisted's ConnectionAborted).
 */
public class ConnectionAbortedException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public ConnectionAbortedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public ConnectionAbortedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
