package net.protocols.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.protocols.internal.tls.OptionChecks;

/**
 * How a TLS server presents itself and what it asks of clients.
 *
 * {@snippet :
 * TLSServerOptions options = TLSServerOptions.fromPem(Path.of("domain.key"), Path.of("domain.crt"))
 *         .withApplicationProtocols("h2", "http/1.1");
 * TLS.listenSSL(reactor, 8443, factory, options);
 * }
 *
 * <p>Start from {@link #of(CertifiedKey)}, {@link #of(ServerCertificates)} or
 * {@link #fromPem(Path, Path)}, then derive with the {@code with...} methods. Defaults: TLS 1.3
 * and 1.2, {@link TLSOptions#DEFAULT_CIPHER_SUITES} in the server's order of preference, no
 * client certificate, no ALPN, the default timeouts, {@link TLSCrypto#JDK}, handshakes off the
 * reactor thread ({@link #withInlineHandshakes(boolean)}).
 *
 * <p>With ALPN protocols set, a client that offers ALPN gets the first of the server's
 * protocols it also offers; if it offers none of them the handshake fails with
 * {@link TLSAlert#NO_APPLICATION_PROTOCOL}. A client that offers no ALPN connects without one.
 *
 * @param certificates the keys presented, by SNI name; reloadable while the server runs
 * @param clientAuth whether clients must present a certificate
 * @param clientTrust the authorities client certificates must chain to (used unless
 *     {@code clientAuth} is {@link ClientAuth#NONE})
 * @param applicationProtocols the ALPN names accepted, in order of preference
 * @param protocols the TLS versions enabled
 * @param cipherSuites the cipher suites enabled, in the server's order of preference
 * @param handshakeTimeout how long a handshake may take
 * @param closeTimeout how long a close may wait for the close_notify exchange
 * @param crypto which cryptographic implementations to use
 * @param inlineHandshakes true to run the handshake's key exchange and signatures on the reactor
 *     thread, as before; false (the default) to run them on a bounded set of worker threads
 */
public record TLSServerOptions(
        ServerCertificates certificates,
        ClientAuth clientAuth,
        Trust clientTrust,
        List<String> applicationProtocols,
        List<String> protocols,
        List<String> cipherSuites,
        Duration handshakeTimeout,
        Duration closeTimeout,
        TLSCrypto crypto,
        boolean inlineHandshakes)
        implements TLSOptions {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if a list that must not be empty is, or a timeout is not
     *     positive
     */
    public TLSServerOptions {
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(clientTrust, "clientTrust");
        applicationProtocols = OptionChecks.names("applicationProtocols", applicationProtocols, true);
        protocols = OptionChecks.names("protocols", protocols, false);
        cipherSuites = OptionChecks.names("cipherSuites", cipherSuites, false);
        OptionChecks.positive("handshakeTimeout", handshakeTimeout);
        OptionChecks.positive("closeTimeout", closeTimeout);
        Objects.requireNonNull(crypto, "crypto");
    }

    /**
     * Options presenting one key to every client.
     *
     * @param key the server's key and certificate chain
     * @return options with the defaults
     */
    public static TLSServerOptions of(CertifiedKey key) {
        return of(ServerCertificates.of(key));
    }

    /**
     * Options presenting the keys of {@code certificates} (default and per-SNI-name).
     *
     * @param certificates the keys, which can be reloaded later
     * @return options with the defaults
     */
    public static TLSServerOptions of(ServerCertificates certificates) {
        return new TLSServerOptions(
                certificates,
                ClientAuth.NONE,
                Trust.system(),
                List.of(),
                DEFAULT_PROTOCOLS,
                DEFAULT_CIPHER_SUITES,
                DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_CLOSE_TIMEOUT,
                TLSCrypto.JDK, false);
    }

    /**
     * Options presenting an unencrypted PEM key and certificate, as made by
     * {@code openssl req -newkey rsa:2048 -nodes -keyout domain.key -x509 -out domain.crt}.
     *
     * @param keyFile the private key file
     * @param certificateFile the certificate (chain) file
     * @return options with the defaults
     * @throws TLSConfigurationException if the files cannot be loaded
     */
    public static TLSServerOptions fromPem(Path keyFile, Path certificateFile) {
        return of(CertifiedKey.fromPem(keyFile, certificateFile));
    }

    /**
     * Asks clients for a certificate that chains to {@code trust}.
     *
     * @param auth {@link ClientAuth#OPTIONAL} or {@link ClientAuth#REQUIRED} (or NONE to turn it
     *     off again)
     * @param trust the authorities client certificates must chain to
     * @return new options
     */
    public TLSServerOptions withClientAuth(ClientAuth auth, Trust trust) {
        return new TLSServerOptions(certificates, auth, trust, applicationProtocols, protocols, cipherSuites,
                handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Accepts these ALPN protocols, in order of preference.
     *
     * @param names for example {@code "h2", "http/1.1"}; none to turn ALPN off
     * @return new options
     */
    public TLSServerOptions withApplicationProtocols(String... names) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, List.of(names), protocols, cipherSuites,
                handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Enables these TLS versions only.
     *
     * @param names JSSE names such as {@code "TLSv1.3"}
     * @return new options
     */
    public TLSServerOptions withProtocols(String... names) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, applicationProtocols, List.of(names),
                cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Enables these cipher suites only, in this order of preference.
     *
     * @param names JSSE (IANA) suite names
     * @return new options
     */
    public TLSServerOptions withCipherSuites(String... names) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, applicationProtocols, protocols,
                List.of(names), handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Sets how long a handshake may take.
     *
     * @param timeout a positive duration
     * @return new options
     */
    public TLSServerOptions withHandshakeTimeout(Duration timeout) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, applicationProtocols, protocols,
                cipherSuites, timeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Sets how long a close waits for the close_notify exchange.
     *
     * @param timeout a positive duration
     * @return new options
     */
    public TLSServerOptions withCloseTimeout(Duration timeout) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, applicationProtocols, protocols,
                cipherSuites, handshakeTimeout, timeout, crypto, inlineHandshakes);
    }

    /**
     * Chooses the cryptographic implementations.
     *
     * @param crypto {@link TLSCrypto#JDK} (the default) or {@link TLSCrypto#BOUNCY_CASTLE}
     * @return new options
     */
    public TLSServerOptions withCrypto(TLSCrypto crypto) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, applicationProtocols, protocols,
                cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Chooses where the handshake's expensive steps run. By default (false) the engine's work on
     * handshake records (key exchange, signature, certificate checks) runs on a small bounded set
     * of worker threads and its results come back to the reactor thread, so one reactor keeps
     * serving its other connections during a burst of new TLS clients; true runs every step inline
     * on the reactor thread, as Twisted does. Application data is always encrypted inline. A
     * connection driven by a bare clock (the in-memory test pipes) always handshakes inline.
     *
     * @param inline true to keep handshakes on the reactor thread
     * @return new options
     */
    public TLSServerOptions withInlineHandshakes(boolean inline) {
        return new TLSServerOptions(certificates, clientAuth, clientTrust, applicationProtocols, protocols,
                cipherSuites, handshakeTimeout, closeTimeout, crypto, inline);
    }
}
