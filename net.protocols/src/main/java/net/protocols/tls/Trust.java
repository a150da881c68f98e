package net.protocols.tls;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.X509TrustManager;
import net.protocols.internal.tls.KeyMaterialLoader;

/**
 * Which certificate authorities a TLS endpoint trusts to vouch for its peer: a client's view of
 * servers, or a server's view of client certificates.
 *
 * <ul>
 *   <li>{@link #system()}: the JDK's default trust store (its {@code cacerts}, or the store named by
 *       {@code javax.net.ssl.trustStore}) — the right choice for public servers;
 *   <li>{@link #certificates} / {@link #fromPem}: exactly the given authorities (a private CA, or a
 *       self-signed server certificate);
 *   <li>{@link #manager}: a trust manager of your own, for pinning or other custom checks.
 * </ul>
 *
 * <p>Values are immutable and may be shared between threads and connections.
 */
public sealed interface Trust {

    /**
     * The JDK's default trust store.
     *
     * @return the system trust
     */
    static Trust system() {
        return new SystemDefault();
    }

    /**
     * Trusts exactly these certificates as anchors (root or intermediate authorities, or
     * self-signed end-entity certificates).
     *
     * @param anchors at least one certificate
     * @return trust in exactly these anchors
     * @throws IllegalArgumentException if no certificate is given
     */
    static Trust certificates(X509Certificate... anchors) {
        return new Anchors(List.of(anchors));
    }

    /**
     * Trusts exactly these certificates as anchors.
     *
     * @param anchors at least one certificate
     * @return trust in exactly these anchors
     * @throws IllegalArgumentException if the list is empty
     */
    static Trust certificates(List<X509Certificate> anchors) {
        return new Anchors(anchors);
    }

    /**
     * Trusts every certificate in a PEM file (a CA bundle, or one self-signed certificate). Text
     * around the PEM blocks is ignored.
     *
     * @param pemFile the file
     * @return trust in the file's certificates
     * @throws TLSConfigurationException if the file cannot be read or holds no certificate
     */
    static Trust fromPem(Path pemFile) {
        Objects.requireNonNull(pemFile, "pemFile");
        return new Anchors(KeyMaterialLoader.readCertificates(pemFile));
    }

    /**
     * Trusts the certificate entries of a key store (a Java trust store or PKCS#12 file already
     * loaded).
     *
     * @param store a loaded key store
     * @return trust in its certificate entries
     * @throws TLSConfigurationException if the store holds no certificate entry
     */
    static Trust fromKeyStore(KeyStore store) {
        Objects.requireNonNull(store, "store");
        List<X509Certificate> anchors = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate c) {
                    anchors.add(c);
                }
            }
        } catch (KeyStoreException e) {
            throw new TLSConfigurationException("cannot read the trust store: " + e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            throw new TLSConfigurationException("the key store holds no trusted certificate entry");
        }
        return new Anchors(anchors);
    }

    /**
     * Delegates every verification to {@code manager}. Use it for certificate pinning or other
     * policies; a manager that accepts everything turns verification off, which exposes the
     * connection to anyone who can intercept it.
     *
     * @param manager the trust manager; an {@link javax.net.ssl.X509ExtendedTrustManager} also
     *     receives the engine, so it can check host names itself
     * @return trust decided by {@code manager}
     */
    static Trust manager(X509TrustManager manager) {
        return new Custom(manager);
    }

    /** The JDK's default trust store; see {@link Trust#system()}. */
    record SystemDefault() implements Trust {}

    /**
     * Exactly these anchors; see {@link Trust#certificates(List)}.
     *
     * @param certificates the trusted certificates, never empty
     */
    record Anchors(List<X509Certificate> certificates) implements Trust {
        /**
         * Copies and validates the list.
         *
         * @throws IllegalArgumentException if the list is empty
         */
        public Anchors {
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("at least one trusted certificate is needed");
            }
        }

        @Override
        public String toString() {
            return "Anchors" + certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
        }
    }

    /**
     * Verification by a trust manager of the user's; see {@link Trust#manager}.
     *
     * @param manager the trust manager
     */
    record Custom(X509TrustManager manager) implements Trust {
        /** Checks the manager is present. */
        public Custom {
            Objects.requireNonNull(manager, "manager");
        }
    }
}
