package net.protocols.internal.tls;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSConfigurationException;
import net.protocols.tls.TLSCrypto;
import net.protocols.tls.TLSOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;
import org.jspecify.annotations.Nullable;

/**
 * Makes configured {@link SSLEngine}s for one {@link TLSOptions}: the SSLContext (key and trust
 * managers) is built once, when the factory is made, so configuration errors surface at
 * {@code listenSSL}/{@code connectSSL} time and each connection only pays for its engine.
 *
 * <p>Thread-safe: engines may be created from any thread.
 */
public final class EngineFactory {
    private static final ConcurrentMap<TLSCrypto, TrustManager[]> SYSTEM_TRUST = new ConcurrentHashMap<>();

    private final TLSOptions options;
    private final SSLContext context;

    private EngineFactory(TLSOptions options, SSLContext context) {
        this.options = options;
        this.context = context;
    }

    /**
     * Builds the SSLContext for {@code options} and checks that an engine accepts its protocol
     * and cipher suite names.
     *
     * @param options server or client options
     * @return a factory of engines for these options
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static EngineFactory of(TLSOptions options) {
        Provider jsse = Providers.jsse(options.crypto());
        try {
            KeyManager[] keyManagers = switch (options) {
                case TLSServerOptions s -> new KeyManager[] {CertifiedKeyManager.forServer(s.certificates())};
                case TLSClientOptions c -> c.clientCertificate() == null
                        ? new KeyManager[0]
                        : new KeyManager[] {CertifiedKeyManager.forClient(c.clientCertificate())};
            };
            Trust trust = switch (options) {
                case TLSServerOptions s -> s.clientTrust();
                case TLSClientOptions c -> c.trust();
            };
            SSLContext context = SSLContext.getInstance("TLS", jsse);
            context.init(keyManagers, trustManagers(trust, options.crypto(), jsse), Providers.secureRandom());
            EngineFactory factory = new EngineFactory(options, context);
            // Reject unknown protocol or suite names now, not at the first connection (BC's engine
            // silently ignores names it does not know).
            SSLEngine probe = context.createSSLEngine();
            requireSupported("protocol", options.protocols(), probe.getSupportedProtocols());
            requireSupported("cipher suite", options.cipherSuites(), probe.getSupportedCipherSuites());
            probe.setSSLParameters(factory.common(probe.getSSLParameters()));
            return factory;
        } catch (GeneralSecurityException e) {
            throw new TLSConfigurationException("cannot set up TLS: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TLSConfigurationException("unsupported TLS option: " + e.getMessage(), e);
        }
    }

    private static void requireSupported(String what, List<String> names, String[] supported) {
        List<String> known = List.of(supported);
        for (String name : names) {
            if (!known.contains(name)) {
                throw new TLSConfigurationException("unsupported TLS " + what + ": " + name);
            }
        }
    }

    private static TrustManager[] trustManagers(Trust trust, TLSCrypto crypto, Provider jsse)
            throws GeneralSecurityException {
        return switch (trust) {
            case Trust.SystemDefault s -> {
                TrustManager[] cached = SYSTEM_TRUST.get(crypto);
                if (cached == null) {
                    // Reading cacerts takes a while; do it once per JVM.
                    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", jsse);
                    factory.init((KeyStore) null);
                    cached = diagnosing(factory.getTrustManagers());
                    SYSTEM_TRUST.putIfAbsent(crypto, cached);
                }
                yield cached;
            }
            case Trust.Anchors a -> {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try {
                    store.load(null, null);
                } catch (java.io.IOException e) {
                    throw new GeneralSecurityException(e);
                }
                int i = 0;
                for (X509Certificate certificate : a.certificates()) {
                    store.setCertificateEntry("anchor-" + i++, certificate);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", jsse);
                factory.init(store);
                yield diagnosing(factory.getTrustManagers());
            }
            case Trust.Custom c -> new TrustManager[] {c.manager()};
        };
    }

    private static TrustManager[] diagnosing(TrustManager[] managers) {
        TrustManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509ExtendedTrustManager x) {
                wrapped[i] = new DiagnosingTrustManager(x);
            }
        }
        return wrapped;
    }

    /**
     * The options this factory was made from.
     *
     * @return the options
     */
    public TLSOptions options() {
        return options;
    }

    /**
     * Creates an engine for one connection, in the role the options name.
     *
     * @param peerHost for a client, the host connected to (the server name to verify and send
     *     with SNI unless the options name one); ignored for a server
     * @param peerPort the peer's port, a hint for session caching, or -1
     * @return a configured engine, not yet handshaking
     */
    public SSLEngine newEngine(@Nullable String peerHost, int peerPort) {
        return switch (options) {
            case TLSServerOptions s -> serverEngine(s);
            case TLSClientOptions c -> clientEngine(c, peerHost, peerPort);
        };
    }

    private SSLEngine serverEngine(TLSServerOptions s) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = common(engine.getSSLParameters());
        p.setUseCipherSuitesOrder(true);
        p.setSNIMatchers(List.of(new SNIRecorder()));
        switch (s.clientAuth()) {
            case NONE -> p.setNeedClientAuth(false);
            case OPTIONAL -> p.setWantClientAuth(true);
            case REQUIRED -> p.setNeedClientAuth(true);
        }
        engine.setSSLParameters(p);
        return engine;
    }

    private SSLEngine clientEngine(TLSClientOptions c, @Nullable String peerHost, int peerPort) {
        String name = c.serverName() != null ? c.serverName() : peerHost;
        SSLEngine engine = name == null ? context.createSSLEngine() : context.createSSLEngine(name, peerPort);
        engine.setUseClientMode(true);
        SSLParameters p = common(engine.getSSLParameters());
        if (c.verifyHostname()) {
            if (name == null) {
                throw new TLSConfigurationException(
                        "host name verification needs the server's name: give the host, or TLSClientOptions.withServerName");
            }
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (name != null && !isIpLiteral(name)) {
            p.setServerNames(List.of(new SNIHostName(name)));
        } else {
            p.setServerNames(List.of());
        }
        engine.setSSLParameters(p);
        return engine;
    }

    private SSLParameters common(SSLParameters p) {
        p.setProtocols(options.protocols().toArray(String[]::new));
        p.setCipherSuites(options.cipherSuites().toArray(String[]::new));
        p.setApplicationProtocols(options.applicationProtocols().toArray(String[]::new));
        return p;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6 literals, with or without brackets
        }
        for (int i = 0; i < host.length(); i++) {
            char ch = host.charAt(i);
            if (ch != '.' && (ch < '0' || ch > '9')) {
                return false;
            }
        }
        try {
            return !host.isEmpty() && InetAddress.ofLiteral(host) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
