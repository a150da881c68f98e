package net.protocols.socks;

import org.jspecify.annotations.Nullable;

/**
 * A SOCKS request was refused: the policy does not allow it, its host name did not resolve, or
 * the destination could not be reached. The server replied 91 and closed the connection with
 * this exception as the reason.
 */
public final class SOCKSRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why
     * @param cause the underlying failure, if any
     */
    public SOCKSRefusedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
