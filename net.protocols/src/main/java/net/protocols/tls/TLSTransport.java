package net.protocols.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} that encrypts with TLS: the same contract (writes, closes, flow control),
 * plus what the handshake established.
 *
 * <p>A protocol served by {@link TLS#listenSSL} or {@link TLS#connectSSL} is connected only once the
 * handshake has completed, so in its {@code connectionMade} every value here is known. After
 * {@link TLS#startTLS} the protocol is already connected; the values are null (or empty) until the
 * handshake completes, which a protocol implementing {@link TLSHandshakeListener} hears.
 *
 * <p>Differences from a TCP transport: {@link #loseConnection()} writes what is queued, sends a
 * TLS close_notify and closes the TCP connection once the peer answered with its own (or the
 * close timeout passed); {@link #abortConnection()} closes the TCP connection at once.
 * {@link #bufferedBytes()} counts plaintext waiting for the handshake plus ciphertext not yet
 * sent. A registered streaming producer is paused while its plaintext waits for the handshake,
 * and by the transport below when the ciphertext passes the reactor's high-water mark; the TLS
 * layer has no mark of its own.
 * A peer that closes the TCP connection without close_notify ends the connection with a
 * {@link net.reactor.ConnectionLostException} (the data may have been truncated), not a clean
 * {@link net.reactor.ConnectionDoneException}.
 *
 * <p><b>Threading:</b> reactor thread only, like every transport method.
 */
public interface TLSTransport extends Transport {

    /**
     * Whether the handshake has completed.
     *
     * @return true once application data can flow
     */
    boolean isHandshakeComplete();

    /**
     * The negotiated TLS version.
     *
     * @return for example {@code "TLSv1.3"}, or null before the handshake completes
     */
    @Nullable String protocol();

    /**
     * The negotiated cipher suite.
     *
     * @return for example {@code "TLS_AES_128_GCM_SHA256"}, or null before the handshake completes
     */
    @Nullable String cipherSuite();

    /**
     * The protocol agreed by ALPN.
     *
     * @return for example {@code "h2"}, or null if ALPN was not used or the handshake has not
     *     completed
     */
    @Nullable String applicationProtocol();

    /**
     * The SNI host name of this connection: the one the client asked for (on a server), or the
     * one sent (on a client).
     *
     * @return the name, or null if none was sent
     */
    @Nullable String serverName();

    /**
     * The peer's certificate chain, its own certificate first.
     *
     * @return the verified chain; empty for a client that sent no certificate, or before the
     *     handshake completes
     */
    List<X509Certificate> peerCertificates();

    /**
     * The certificate chain this side presented.
     *
     * @return the chain; empty if this side presented none
     */
    List<X509Certificate> localCertificates();

    /**
     * The JSSE session, for what the methods above do not cover.
     *
     * @return the engine's session, or null before the handshake completes
     */
    @Nullable SSLSession sslSession();

    /**
     * The transport that carries the TLS records, for example the TCP transport (to set socket
     * options). Writing to it directly would corrupt the TLS stream.
     *
     * @return the underlying transport
     */
    Transport underlyingTransport();
}
