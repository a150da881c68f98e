package bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * The load generator's TLS client side: the JDK's own SSLEngine, trusting the benchmark's
 * self-signed certificate, offering only TLS 1.3 with AES-128-GCM so that every server
 * negotiates the same cipher. Engines are made without a peer host, so the JDK never resumes a
 * session: every handshake is a full one.
 */
final class TlsContext {

    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private static final String[] SUITES = {"TLS_AES_128_GCM_SHA256"};

    private final SSLContext context;

    TlsContext(Path keyStore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trust.getTrustManagers(), null);
    }

    static TlsContext of(Options options) throws IOException, GeneralSecurityException {
        if (options.keyStore() == null) {
            throw new IllegalArgumentException("TLS workloads need --keystore and --password");
        }
        return new TlsContext(Path.of(options.keyStore()), options.password().toCharArray());
    }

    SSLEngine engine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(PROTOCOLS);
        engine.setEnabledCipherSuites(SUITES);
        return engine;
    }

    SSLContext context() {
        return context;
    }
}
