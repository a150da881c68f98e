package net.protocols.memcache;

/**
 * The server answered {@code SERVER_ERROR}: it could not carry out a valid request, for example
 * for want of memory (Twisted's {@code ServerError}). The connection stays open.
 */
public final class ServerErrorException extends MemcacheException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     */
    public ServerErrorException(String message) {
        super(message);
    }
}
