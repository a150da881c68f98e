package net.protocols.memcache;

/**
 * The base of the failures a {@link MemcacheProtocol} call can report besides a lost connection.
 */
public class MemcacheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public MemcacheException(String message) {
        super(message);
    }
}
