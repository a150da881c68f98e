package net.protocols.amp;

/**
 * A box from the peer that AMP cannot act on: a box with neither {@code _command},
 * {@code _answer} nor {@code _error} (Twisted's {@code NoEmptyBoxes}), an answer to a question
 * never asked, or a box larger than the receiver's limit. The connection closes with it as the
 * reason.
 */
public final class MalformedBoxException extends AmpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was wrong with the box
     */
    public MalformedBoxException(String message) {
        super(message);
    }
}
