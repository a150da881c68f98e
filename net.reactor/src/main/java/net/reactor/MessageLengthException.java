package net.reactor;

/**
 * A datagram is longer than UDP (or the path) allows, so it was not sent (Twisted's
 * {@code MessageLengthError}). Nothing else is affected: the port stays open.
 */
public class MessageLengthException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, with the length
     */
    public MessageLengthException(String message) {
        super(message);
    }
}
