package net.protocols.memcache;

import java.time.Duration;

/**
 * The server did not answer within the client's timeout (Twisted's {@code TimeoutError} from
 * {@code MemCacheProtocol.timeoutConnection}). Every pending call fails with it and the
 * connection is closed with it as the reason, since later answers could no longer be matched to
 * their requests.
 */
public final class MemcacheTimeoutException extends MemcacheException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param timeout the timeout that ran out
     */
    public MemcacheTimeoutException(Duration timeout) {
        super("memcached did not answer within " + timeout);
    }
}
