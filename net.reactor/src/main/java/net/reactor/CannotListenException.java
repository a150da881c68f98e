package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * A port could not be bound, for example because it is in use (Twisted's CannotListenError).
 */
public class CannotListenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the operating system's detail where known
     */
    public CannotListenException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying error, for example the JDK's {@code IOException}
     */
    public CannotListenException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
