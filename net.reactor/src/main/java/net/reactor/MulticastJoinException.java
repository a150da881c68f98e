package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * The system refused a multicast group operation: joining or leaving a group, or choosing the
 * outgoing interface (Twisted's {@code MulticastJoinError}).
 */
public class MulticastJoinException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its cause.
     *
     * @param message what was refused
     * @param cause the underlying error, for example the JDK's {@code IOException}, or null
     */
    public MulticastJoinException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
