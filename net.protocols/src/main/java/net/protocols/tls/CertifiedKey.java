package net.protocols.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import net.protocols.internal.tls.KeyMaterialLoader;
import org.jspecify.annotations.Nullable;

/**
 * A private key with its certificate chain: what a TLS server presents (and a client, for
 * mutual TLS). Load one from the files {@code openssl} writes:
 *
 * {@snippet :
 * // openssl req -newkey rsa:2048 -nodes -keyout domain.key -x509 -out domain.crt
 * CertifiedKey key = CertifiedKey.fromPem(Path.of("domain.key"), Path.of("domain.crt"));
 * }
 *
 * <p>The loaders accept unencrypted keys (PKCS#8 {@code BEGIN PRIVATE KEY} and the traditional
 * {@code BEGIN RSA/EC PRIVATE KEY}), PKCS#8-encrypted keys ({@code BEGIN ENCRYPTED PRIVATE KEY})
 * and traditional OpenSSL-encrypted keys ({@code Proc-Type: 4,ENCRYPTED}) with a passphrase, and
 * PKCS#12 files. They check that the key matches the first certificate, so a mix-up fails here
 * rather than as an obscure handshake error.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param privateKey the private key
 * @param certificateChain the certificate of {@code privateKey} first, then the intermediate
 *     certificates up to (not necessarily including) the root
 */
public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> certificateChain) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if the chain is empty
     */
    public CertifiedKey {
        Objects.requireNonNull(privateKey, "privateKey");
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("a certified key needs at least one certificate");
        }
    }

    /**
     * The end-entity certificate, the first of the chain.
     *
     * @return the certificate of {@link #privateKey()}
     */
    public X509Certificate certificate() {
        return certificateChain.getFirst();
    }

    /**
     * Loads an unencrypted key and its certificate chain from PEM files.
     *
     * @param keyFile the private key
     * @param certificateFile the certificate, optionally followed by its intermediates
     * @return the key and chain
     * @throws TLSConfigurationException if a file cannot be read or parsed, the key is encrypted,
     *     or the key does not match the certificate
     */
    public static CertifiedKey fromPem(Path keyFile, Path certificateFile) {
        return fromPem(keyFile, certificateFile, null);
    }

    /**
     * Loads a key (encrypted or not) and its certificate chain from PEM files.
     *
     * @param keyFile the private key
     * @param certificateFile the certificate, optionally followed by its intermediates
     * @param passphrase the key's passphrase, or null for an unencrypted key; the array is not kept
     * @return the key and chain
     * @throws TLSConfigurationException if a file cannot be read or parsed, the passphrase is
     *     wrong or missing, or the key does not match the certificate
     */
    public static CertifiedKey fromPem(Path keyFile, Path certificateFile, char @Nullable [] passphrase) {
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(certificateFile, "certificateFile");
        return KeyMaterialLoader.fromPemFiles(keyFile, certificateFile, passphrase);
    }

    /**
     * Loads a key and its certificate chain from one PEM file holding both, as Twisted's
     * {@code server.pem} does.
     *
     * @param combinedFile the key and certificate(s), in any order
     * @param passphrase the key's passphrase, or null for an unencrypted key
     * @return the key and chain
     * @throws TLSConfigurationException if the file lacks a key or a certificate, cannot be
     *     parsed, or the key does not match the certificate
     */
    public static CertifiedKey fromCombinedPem(Path combinedFile, char @Nullable [] passphrase) {
        return fromPem(combinedFile, combinedFile, passphrase);
    }

    /**
     * Loads a key and certificate chain from PEM text.
     *
     * @param keyPem the private key in PEM
     * @param certificatesPem the certificate chain in PEM
     * @param passphrase the key's passphrase, or null for an unencrypted key
     * @return the key and chain
     * @throws TLSConfigurationException if the text cannot be parsed, the passphrase is wrong or
     *     missing, or the key does not match the certificate
     */
    public static CertifiedKey fromPemText(String keyPem, String certificatesPem, char @Nullable [] passphrase) {
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(certificatesPem, "certificatesPem");
        return KeyMaterialLoader.fromPemText(keyPem, certificatesPem, passphrase);
    }

    /**
     * Loads the first key entry of a PKCS#12 file ({@code .p12}/{@code .pfx}).
     *
     * @param file the PKCS#12 file
     * @param password the file's password (also used for the key entry)
     * @return the key and its chain
     * @throws TLSConfigurationException if the file cannot be read, the password is wrong, or it
     *     holds no key entry
     */
    public static CertifiedKey fromPkcs12(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        return KeyMaterialLoader.fromPkcs12(file, password);
    }

    /** Describes the certificate and key type, never the key itself. */
    @Override
    public String toString() {
        return "CertifiedKey[" + privateKey.getAlgorithm() + " key, subject="
                + certificate().getSubjectX500Principal().getName() + ", chain of "
                + certificateChain.size() + "]";
    }
}
