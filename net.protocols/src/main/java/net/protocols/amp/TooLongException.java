package net.protocols.amp;

import org.jspecify.annotations.Nullable;

/**
 * A key or value too long for an AMP box (Twisted's {@code TooLong}). Sent locally, it fails
 * the one call or box that held it, and nothing is written; received from a peer, it closes that
 * connection, since the stream can no longer be framed.
 */
public final class TooLongException extends AmpException {
    private static final long serialVersionUID = 1L;

    private final boolean key;
    private final boolean local;
    private final @Nullable String keyName;

    private TooLongException(String message, boolean key, boolean local, @Nullable String keyName) {
        super(message);
        this.key = key;
        this.local = local;
        this.keyName = keyName;
    }

    static TooLongException localKey(String key) {
        return new TooLongException("AMP key too long: " + key.length() + " bytes, at most "
                + AmpBox.MAX_KEY_LENGTH + " allowed (key " + shorten(key) + ")", true, true, key);
    }

    static TooLongException localValue(String key, int length) {
        return new TooLongException("AMP value for key '" + shorten(key) + "' too long: " + length
                + " bytes, at most " + AmpBox.MAX_VALUE_LENGTH + " allowed", false, true, key);
    }

    static TooLongException remoteKey(int length) {
        return new TooLongException("the peer sent an AMP key of " + length + " bytes, at most "
                + AmpBox.MAX_KEY_LENGTH + " allowed", true, false, null);
    }

    private static String shorten(String key) {
        return key.length() <= 40 ? key : key.substring(0, 40) + "...";
    }

    /**
     * Whether a key, rather than a value, was too long.
     *
     * @return true for a key
     */
    public boolean isKey() {
        return key;
    }

    /**
     * Whether this side tried to send it, rather than received it.
     *
     * @return true when raised while sending
     */
    public boolean isLocal() {
        return local;
    }

    /**
     * The key that was too long, or whose value was.
     *
     * @return the key, or null when a peer's key was too long (it was never read)
     */
    public @Nullable String keyName() {
        return keyName;
    }
}
