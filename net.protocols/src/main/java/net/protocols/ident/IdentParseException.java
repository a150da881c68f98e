package net.protocols.ident;

/**
 * A line is not a valid ident query or response. An {@link IdentServer} or {@link IdentClient}
 * that receives one closes the connection with this exception as the reason.
 */
public class IdentParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public IdentParseException(String message) {
        super(message);
    }
}
