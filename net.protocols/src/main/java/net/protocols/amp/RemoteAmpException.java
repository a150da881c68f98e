package net.protocols.amp;

/**
 * An error the peer answered a call with, by code and description (Twisted's
 * {@code RemoteAmpError}). Errors a command declares arrive as their own exception types
 * instead; this type is what remains: {@link UnknownRemoteException} and
 * {@link UnhandledCommandException}.
 */
public class RemoteAmpException extends AmpException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String description;

    /**
     * Creates an exception.
     *
     * @param errorCode the {@code _error_code} the peer sent
     * @param description the {@code _error_description} it sent
     */
    public RemoteAmpException(String errorCode, String description) {
        super("AMP error " + errorCode + ": " + description);
        this.errorCode = errorCode;
        this.description = description;
    }

    /**
     * The code the peer sent.
     *
     * @return the error code
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The description the peer sent.
     *
     * @return the description
     */
    public String description() {
        return description;
    }
}
