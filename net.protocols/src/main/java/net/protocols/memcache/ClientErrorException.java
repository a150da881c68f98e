package net.protocols.memcache;

/**
 * The server answered {@code CLIENT_ERROR}: it found the request malformed (Twisted's
 * {@code ClientError}). The connection stays open.
 */
public final class ClientErrorException extends MemcacheException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the server's message
     */
    public ClientErrorException(String message) {
        super(message);
    }
}
