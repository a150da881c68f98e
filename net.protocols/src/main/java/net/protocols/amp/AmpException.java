package net.protocols.amp;

/**
 * The base of AMP's own failures: boxes that cannot be sent or parsed, calls the peer refused
 * and arguments that do not match a command.
 */
public class AmpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     */
    public AmpException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong
     * @param cause why
     */
    public AmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
