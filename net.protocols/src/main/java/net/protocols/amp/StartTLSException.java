package net.protocols.amp;

/**
 * TLS could not be started on an AMP connection: it is started already (Twisted's
 * {@code OnlyOneTLS}), a {@link StartTLS} call is already waiting for its answer, or the
 * responder refused. On the wire it is the error code {@value StartTLS#TLS_ERROR}, the code
 * Twisted uses for TLS it cannot start; the connection stays up, in clear text.
 */
public final class StartTLSException extends AmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message why TLS was not started
     */
    public StartTLSException(String message) {
        super(message);
    }
}
