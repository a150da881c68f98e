package net.protocols.memcache;

/**
 * The server sent something the text protocol does not allow at that point: an unknown or
 * malformed line, a value for a key that was not asked for, a value longer than the client's
 * limit, or an answer when no request was pending. The client closes the connection with this
 * exception as the reason, and every pending call fails with it.
 */
public final class MemcacheProtocolException extends MemcacheException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     */
    public MemcacheProtocolException(String message) {
        super(message);
    }
}
