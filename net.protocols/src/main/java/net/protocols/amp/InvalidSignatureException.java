package net.protocols.amp;

/**
 * Values that do not match a command's arguments or response (Twisted's
 * {@code InvalidSignature}): a required one missing, one the command does not declare, or bytes
 * the argument's type cannot decode.
 */
public final class InvalidSignatureException extends AmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what did not match
     */
    public InvalidSignatureException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what did not match
     * @param cause the decoding failure
     */
    public InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
