package net.protocols.tls;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one side of a TLS connection: {@link TLSServerOptions} or
 * {@link TLSClientOptions}. The type decides the role a connection plays in the handshake (which
 * matters for {@code startTLS}, where either end of a TCP connection may be the TLS server).
 *
 * <p>Both kinds are immutable records; derive variants with their {@code with...} methods.
 */
public sealed interface TLSOptions permits TLSServerOptions, TLSClientOptions {

    /** TLS 1.3 and 1.2, the only versions enabled by default. */
    List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The cipher suites enabled by default, in order of preference: AES-GCM first (the JDK runs it
     * with the CPU's AES instructions), ChaCha20-Poly1305 last; forward secrecy (ECDHE) only.
     */
    List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** How long a handshake may take before the connection is aborted, by default. */
    Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a closing connection waits for its close_notify to be sent and the peer's reply,
     * by default, before it is aborted.
     */
    Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The ALPN protocol names offered (client) or accepted (server), in order of preference.
     *
     * @return for example {@code ["h2", "http/1.1"]}; empty for no ALPN
     */
    List<String> applicationProtocols();

    /**
     * The TLS versions enabled.
     *
     * @return JSSE names such as {@code "TLSv1.3"}
     */
    List<String> protocols();

    /**
     * The cipher suites enabled, in order of preference.
     *
     * @return JSSE (IANA) suite names
     */
    List<String> cipherSuites();

    /**
     * How long the handshake may take; after it, the connection is aborted with a
     * {@link TLSException}.
     *
     * @return a positive duration
     */
    Duration handshakeTimeout();

    /**
     * How long {@code loseConnection} waits for the close_notify exchange before aborting.
     *
     * @return a positive duration
     */
    Duration closeTimeout();

    /**
     * Which cryptographic implementations run under the TLS engine.
     *
     * @return {@link TLSCrypto#JDK} unless configured otherwise
     */
    TLSCrypto crypto();

    /**
     * Whether handshakes run inline on the reactor thread instead of on the TLS layer's worker
     * threads (see {@link TLSServerOptions#withInlineHandshakes(boolean)}).
     *
     * @return false by default
     */
    boolean inlineHandshakes();
}
