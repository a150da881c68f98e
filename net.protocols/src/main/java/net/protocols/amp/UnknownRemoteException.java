package net.protocols.amp;

/**
 * The peer failed a call with an error the command does not declare: code {@code UNKNOWN}
 * (Twisted's "Unknown Error", after which a Twisted peer closes the connection) or any code the
 * command has no exception type for (Twisted's {@code UnknownRemoteError}).
 */
public final class UnknownRemoteException extends RemoteAmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param errorCode the code the peer sent
     * @param description the description it sent
     */
    public UnknownRemoteException(String errorCode, String description) {
        super(errorCode, description);
    }
}
