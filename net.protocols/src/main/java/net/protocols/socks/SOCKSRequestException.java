package net.protocols.socks;

/**
 * A client sent bytes that are not a valid SOCKS request; the server replies 91 where the
 * version allows and closes the connection with this exception as the reason.
 */
public final class SOCKSRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     */
    public SOCKSRequestException(String message) {
        super(message);
    }
}
