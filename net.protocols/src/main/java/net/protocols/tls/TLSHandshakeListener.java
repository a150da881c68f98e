package net.protocols.tls;

/**
 * Implemented by a {@link net.reactor.Protocol} that wants to hear when a TLS handshake completes
 * on its connection (Twisted's IHandshakeListener). Only useful after {@code startTLS}: a
 * protocol served by {@code listenSSL} or {@code connectSSL} is connected after the handshake, so
 * its {@code connectionMade} already comes after it.
 *
 * <p><b>Threading:</b> fired on the reactor thread.
 */
public interface TLSHandshakeListener {

    /**
     * Fired once, when the handshake completed and the peer was verified. Data written between
     * {@code startTLS} and this event has been encrypted and queued by then.
     *
     * @param transport the TLS view of the connection: peer certificates, ALPN, cipher
     */
    void handshakeCompleted(TLSTransport transport);
}
