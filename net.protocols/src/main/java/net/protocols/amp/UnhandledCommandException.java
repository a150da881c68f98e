package net.protocols.amp;

/**
 * The peer has no responder for the command: it answered with code {@code UNHANDLED}
 * (Twisted's {@code UnhandledCommand}). The connection stays usable.
 */
public final class UnhandledCommandException extends RemoteAmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param description the description the peer sent, such as {@code Unhandled Command: b'Sum'}
     */
    public UnhandledCommandException(String description) {
        super(BoxDispatcher.UNHANDLED, description);
    }
}
