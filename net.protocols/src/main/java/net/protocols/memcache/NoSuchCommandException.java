package net.protocols.memcache;

/**
 * The server answered {@code ERROR}: it does not know the command (Twisted's
 * {@code NoSuchCommand}). The connection stays open.
 */
public final class NoSuchCommandException extends MemcacheException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which command was refused
     */
    public NoSuchCommandException(String message) {
        super(message);
    }
}
