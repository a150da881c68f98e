package net.reactor;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over a UNIX domain stream socket ({@link ReactorUNIX}): the same protocol
 * API as TCP, half-close included, plus the peer's credentials. Its addresses are
 * {@link UNIXAddress}es; a client's own end is usually unnamed ({@code UNIXAddress(null)}). TLS
 * over it goes through {@link Transport#insertLayer}, as over TCP.
 *
 * <p><b>Threading:</b> reactor thread only, like every transport method.
 */
public interface UNIXTransport extends HalfCloseableTransport {

    /**
     * The user and group of the process at the other end, as the kernel recorded them when the
     * connection was made ({@code SO_PEERCRED}): a server may trust them, since the peer cannot
     * forge them.
     *
     * @return the credentials, or null where the platform does not report them (or the
     *     connection is already closed)
     */
    @Nullable PeerCredentials getPeerCredentials();
}
