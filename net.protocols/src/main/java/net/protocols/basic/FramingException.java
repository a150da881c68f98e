package net.protocols.basic;

import org.jspecify.annotations.Nullable;

/**
 * The peer sent bytes that cannot be split into frames: the receivers in this package close the
 * connection with a subclass of this exception as the reason given to
 * {@link net.reactor.Transport#loseConnection(Throwable)}, so it arrives in the protocol's
 * {@link net.reactor.Protocol#connectionLost}.
 *
 * <p>Your own protocols may extend it for their own framing rules, so that code watching for
 * connections closed because of a misbehaving peer needs one check.
 */
public class FramingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the input
     */
    public FramingException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong with the input
     * @param cause the underlying error
     */
    public FramingException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
