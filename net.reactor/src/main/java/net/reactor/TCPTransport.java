package net.reactor;

import net.reactor.tls.TLSOptions;
import net.reactor.tls.TLSTransport;

/**
 * A {@link Transport} over a TCP socket: it adds half-close and socket options.
 *
 * <p><b>Threading:</b> reactor thread only, like every transport method.
 */
public interface TCPTransport extends Transport {

    /**
     * Closes the writing half after every queued byte is written (a TCP FIN) while reading
     * continues. A protocol implementing {@link HalfCloseableProtocol} then gets
     * {@link HalfCloseableProtocol#writeConnectionLost()}; any other protocol gets no event, and
     * the connection stays open for reading until the peer closes it or the protocol calls
     * {@link #loseConnection()}, as in Twisted. Later writes are dropped. A no-op once the
     * connection is closing.
     */
    void loseWriteConnection();

    /**
     * Sets TCP_NODELAY (Nagle's algorithm off when true). Spindle turns it on by default.
     *
     * @param enabled whether to disable Nagle's algorithm
     */
    void setTcpNoDelay(boolean enabled);

    /**
     * Reads TCP_NODELAY.
     *
     * @return whether Nagle's algorithm is disabled
     */
    boolean getTcpNoDelay();

    /**
     * Sets SO_KEEPALIVE.
     *
     * @param enabled whether the operating system should probe an idle connection
     */
    void setTcpKeepAlive(boolean enabled);

    /**
     * Reads SO_KEEPALIVE.
     *
     * @return whether keep-alive probes are on
     */
    boolean getTcpKeepAlive();

    /**
     * Starts TLS on this established connection (STARTTLS), in the role {@code options} names:
     * {@link net.reactor.tls.TLSServerOptions} or {@link net.reactor.tls.TLSClientOptions}.
     * Bytes written before the call go out in clear text, in order; everything the protocol
     * writes afterwards is encrypted (and queued until the handshake completes), and everything
     * it receives has been decrypted. The protocol stays connected to this transport; the
     * returned view tells it about the handshake (a protocol implementing
     * {@link net.reactor.tls.TLSHandshakeListener} hears when it completes). A failed handshake
     * ends the connection with a {@link net.reactor.tls.TLSException}.
     *
     * @param options the TLS role and settings; a client's host name defaults to the peer's
     *     address, so name the server with {@link net.reactor.tls.TLSClientOptions#withServerName}
     * @return the TLS view of this connection
     * @throws IllegalStateException if TLS was already started or the connection is closing
     * @throws UnsupportedOperationException if this transport cannot start TLS
     * @throws net.reactor.tls.TLSConfigurationException if the options cannot be used
     */
    default TLSTransport startTLS(TLSOptions options) {
        return net.reactor.internal.tls.TLSConnection.startTLS(this, options);
    }
}
