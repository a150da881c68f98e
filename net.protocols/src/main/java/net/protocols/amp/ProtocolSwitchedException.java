package net.protocols.amp;

/**
 * The connection has switched, or is switching, to another protocol (Twisted's
 * {@code ProtocolSwitched}): no AMP box may be sent on it. A call made then fails with it, and so
 * do the calls still waiting for an answer when the switch happens (the peer's AMP has stopped
 * too, so no answer can come).
 */
public final class ProtocolSwitchedException extends AmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was refused
     */
    public ProtocolSwitchedException(String message) {
        super(message);
    }
}
