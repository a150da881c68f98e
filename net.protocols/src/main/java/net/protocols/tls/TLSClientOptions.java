package net.protocols.tls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.protocols.internal.tls.OptionChecks;
import org.jspecify.annotations.Nullable;

/**
 * How a TLS client verifies its server and presents itself.
 *
 * <p>The defaults are the safe ones: the server's certificate must chain to the system's trusted
 * authorities <em>and</em> name the host being connected to (HTTPS-style host name
 * verification), and the host name is sent with SNI. TLS 1.3 and 1.2 only. The handshake runs off the reactor
 * thread ({@link #withInlineHandshakes(boolean)}).
 *
 * {@snippet :
 * // A public server: system trust, host name verified.
 * TLS.connectSSL(reactor, "example.com", 443, factory, TLSClientOptions.defaults());
 * // A private server with a self-signed certificate, speaking HTTP/2 if it can:
 * TLSClientOptions options = TLSClientOptions.trusting(Trust.fromPem(Path.of("server.crt")))
 *         .withApplicationProtocols("h2", "http/1.1");
 * }
 *
 * @param trust the authorities the server's certificate must chain to
 * @param serverName the name to verify the certificate against and send with SNI, or null to
 *     use the host given to {@code connectSSL} (an IP literal is verified but never sent as SNI)
 * @param verifyHostname whether the certificate must match the host name; turning it off lets
 *     any certificate from a trusted authority impersonate the server
 * @param clientCertificate the key and certificate to present when the server asks for one, or
 *     null for none
 * @param applicationProtocols the ALPN names offered, in order of preference
 * @param protocols the TLS versions enabled
 * @param cipherSuites the cipher suites enabled, in order of preference
 * @param handshakeTimeout how long a handshake may take
 * @param closeTimeout how long a close may wait for the close_notify exchange
 * @param crypto which cryptographic implementations to use
 * @param inlineHandshakes true to run the handshake's key exchange and signatures on the reactor
 *     thread, as before; false (the default) to run them on a bounded set of worker threads
 */
public record TLSClientOptions(
        Trust trust,
        @Nullable String serverName,
        boolean verifyHostname,
        @Nullable CertifiedKey clientCertificate,
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
     * @throws IllegalArgumentException if a list that must not be empty is, a timeout is not
     *     positive, or the server name is blank
     */
    public TLSClientOptions {
        Objects.requireNonNull(trust, "trust");
        if (serverName != null && serverName.isBlank()) {
            throw new IllegalArgumentException("serverName is blank");
        }
        applicationProtocols = OptionChecks.names("applicationProtocols", applicationProtocols, true);
        protocols = OptionChecks.names("protocols", protocols, false);
        cipherSuites = OptionChecks.names("cipherSuites", cipherSuites, false);
        OptionChecks.positive("handshakeTimeout", handshakeTimeout);
        OptionChecks.positive("closeTimeout", closeTimeout);
        Objects.requireNonNull(crypto, "crypto");
    }

    /**
     * System trust, host name verification on, no client certificate, no ALPN.
     *
     * @return the default client options
     */
    public static TLSClientOptions defaults() {
        return trusting(Trust.system());
    }

    /**
     * The defaults, but trusting {@code trust} instead of the system's authorities.
     *
     * @param trust the authorities the server's certificate must chain to
     * @return new options
     */
    public static TLSClientOptions trusting(Trust trust) {
        return new TLSClientOptions(trust, null, true, null, List.of(), DEFAULT_PROTOCOLS, DEFAULT_CIPHER_SUITES,
                DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_CLOSE_TIMEOUT, TLSCrypto.JDK, false);
    }

    /**
     * Trusts {@code trust} instead.
     *
     * @param trust the authorities the server's certificate must chain to
     * @return new options
     */
    public TLSClientOptions withTrust(Trust trust) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                protocols, cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Verifies the certificate against, and sends with SNI, {@code name} instead of the host
     * being connected to (for example when connecting by IP address, or for STARTTLS through a
     * proxy).
     *
     * @param name the expected server name
     * @return new options
     */
    public TLSClientOptions withServerName(String name) {
        return new TLSClientOptions(trust, Objects.requireNonNull(name, "name"), verifyHostname, clientCertificate,
                applicationProtocols, protocols, cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Turns host name verification on or off. Off, the chain is still verified, but any
     * certificate from a trusted authority is accepted for any host: only for tests and
     * for peers identified some other way.
     *
     * @param verify whether to check the certificate's names
     * @return new options
     */
    public TLSClientOptions withHostnameVerification(boolean verify) {
        return new TLSClientOptions(trust, serverName, verify, clientCertificate, applicationProtocols, protocols,
                cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Presents {@code key} when the server asks for a client certificate (mutual TLS).
     *
     * @param key the client's key and certificate chain
     * @return new options
     */
    public TLSClientOptions withClientCertificate(CertifiedKey key) {
        return new TLSClientOptions(trust, serverName, verifyHostname, Objects.requireNonNull(key, "key"),
                applicationProtocols, protocols, cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Offers these ALPN protocols, in order of preference.
     *
     * @param names for example {@code "h2", "http/1.1"}; none to turn ALPN off
     * @return new options
     */
    public TLSClientOptions withApplicationProtocols(String... names) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, List.of(names), protocols,
                cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Enables these TLS versions only.
     *
     * @param names JSSE names such as {@code "TLSv1.3"}
     * @return new options
     */
    public TLSClientOptions withProtocols(String... names) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                List.of(names), cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Enables these cipher suites only, in this order of preference.
     *
     * @param names JSSE (IANA) suite names
     * @return new options
     */
    public TLSClientOptions withCipherSuites(String... names) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                protocols, List.of(names), handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Sets how long a handshake may take.
     *
     * @param timeout a positive duration
     * @return new options
     */
    public TLSClientOptions withHandshakeTimeout(Duration timeout) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                protocols, cipherSuites, timeout, closeTimeout, crypto, inlineHandshakes);
    }

    /**
     * Sets how long a close waits for the close_notify exchange.
     *
     * @param timeout a positive duration
     * @return new options
     */
    public TLSClientOptions withCloseTimeout(Duration timeout) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                protocols, cipherSuites, handshakeTimeout, timeout, crypto, inlineHandshakes);
    }

    /**
     * Chooses the cryptographic implementations.
     *
     * @param crypto {@link TLSCrypto#JDK} (the default) or {@link TLSCrypto#BOUNCY_CASTLE}
     * @return new options
     */
    public TLSClientOptions withCrypto(TLSCrypto crypto) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                protocols, cipherSuites, handshakeTimeout, closeTimeout, crypto, inlineHandshakes);
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
    public TLSClientOptions withInlineHandshakes(boolean inline) {
        return new TLSClientOptions(trust, serverName, verifyHostname, clientCertificate, applicationProtocols,
                protocols, cipherSuites, handshakeTimeout, closeTimeout, crypto, inline);
    }
}
