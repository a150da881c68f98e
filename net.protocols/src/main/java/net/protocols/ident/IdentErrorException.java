package net.protocols.ident;

/**
 * An ident server answered a query with an error (or a lookup refuses to answer): the
 * {@link IdentError} says which. {@link IdentLookup}s throw it; {@link IdentClient} fails its
 * Deferreds with it.
 */
public class IdentErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final IdentError error;
    private final String token;

    /**
     * Creates the exception for one of the standard errors.
     *
     * @param error the error
     */
    public IdentErrorException(IdentError error) {
        this(error, error.token());
    }

    /**
     * Creates the exception for a token as received; unknown tokens are
     * {@link IdentError#UNKNOWN_ERROR}.
     *
     * @param error the error
     * @param token the token as sent
     */
    public IdentErrorException(IdentError error, String token) {
        super("ident error: " + token);
        this.error = error;
        this.token = token;
    }

    /**
     * Which error.
     *
     * @return the error
     */
    public IdentError error() {
        return error;
    }

    /**
     * The token as sent (which may be a non-standard one).
     *
     * @return the token
     */
    public String token() {
        return token;
    }
}
