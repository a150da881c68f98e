package net.protocols.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.TLSConfigurationException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.jspecify.annotations.Nullable;

/**
 * Reads private keys and certificates from PEM and PKCS#12 with bcpkix. The keys it returns are
 * the JDK's own key objects, so signing during handshakes runs on the JDK's providers; only
 * decrypting an encrypted PEM key uses BouncyCastle's provider (locally, never registered).
 */
public final class KeyMaterialLoader {
    private KeyMaterialLoader() {}

    /**
     * Loads a key from one PEM file and a certificate chain from another (or the same).
     *
     * @param keyFile the key
     * @param certificateFile the chain
     * @param passphrase the key's passphrase, or null
     * @return the certified key
     * @throws TLSConfigurationException on any failure, naming the file
     */
    public static CertifiedKey fromPemFiles(Path keyFile, Path certificateFile, char @Nullable [] passphrase) {
        PrivateKey key = readKey(read(keyFile), keyFile.toString(), passphrase);
        List<X509Certificate> chain = readCertificates(read(certificateFile), certificateFile.toString());
        return checked(key, chain, certificateFile.toString());
    }

    /**
     * Loads a key and chain from PEM text.
     *
     * @param keyPem the key
     * @param certificatesPem the chain
     * @param passphrase the key's passphrase, or null
     * @return the certified key
     * @throws TLSConfigurationException on any failure
     */
    public static CertifiedKey fromPemText(String keyPem, String certificatesPem, char @Nullable [] passphrase) {
        PrivateKey key = readKey(keyPem, "the PEM key text", passphrase);
        List<X509Certificate> chain = readCertificates(certificatesPem, "the PEM certificate text");
        return checked(key, chain, "the PEM certificate text");
    }

    /**
     * Loads the first key entry of a PKCS#12 file.
     *
     * @param file the file
     * @param password its password
     * @return the certified key
     * @throws TLSConfigurationException on any failure, naming the file
     */
    public static CertifiedKey fromPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key) {
                    List<X509Certificate> chain = new ArrayList<>();
                    Certificate[] certificates = store.getCertificateChain(alias);
                    if (certificates != null) {
                        for (Certificate c : certificates) {
                            chain.add((X509Certificate) c);
                        }
                    }
                    if (chain.isEmpty()) {
                        throw new TLSConfigurationException(file + ": the key entry '" + alias + "' has no certificate");
                    }
                    return checked(key, chain, file.toString());
                }
            }
            throw new TLSConfigurationException(file + ": the PKCS#12 file holds no private key entry");
        } catch (IOException e) {
            throw new TLSConfigurationException(
                    file + ": cannot read the PKCS#12 file (wrong password, or not PKCS#12): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TLSConfigurationException(file + ": cannot read the PKCS#12 file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every certificate of a PEM file.
     *
     * @param file the file
     * @return the certificates, in file order, never empty
     * @throws TLSConfigurationException if the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> readCertificates(Path file) {
        return readCertificates(read(file), file.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TLSConfigurationException("cannot read " + file + ": " + e, e);
        }
    }

    private static List<X509Certificate> readCertificates(String pem, String source) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TLSConfigurationException(source + ": malformed PEM certificate: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // BouncyCastle reports bad base64 or ASN.1 with unchecked exceptions (DecoderException,
            // IllegalArgumentException...); found by PemLoadingFuzzTest. Callers are promised one type.
            throw new TLSConfigurationException(source + ": malformed PEM certificate: " + e, e);
        }
        if (chain.isEmpty()) {
            throw new TLSConfigurationException(source + ": no PEM certificate (BEGIN CERTIFICATE) found");
        }
        return chain;
    }

    private static PrivateKey readKey(String pem, String source, char @Nullable [] passphrase) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = new StringReader(pem);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                switch (o) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        // The public half may be absent (an EC key written without it).
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PEMEncryptedKeyPair encrypted -> {
                        char[] pass = requirePassphrase(passphrase, source);
                        PEMKeyPair pair = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                .setProvider(Providers.bouncyCastle())
                                .build(pass));
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> {
                        char[] pass = requirePassphrase(passphrase, source);
                        PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                .setProvider(Providers.bouncyCastle())
                                .build(pass));
                        return converter.getPrivateKey(info);
                    }
                    default -> {
                        // Certificates and parameters may share the file; keep looking for the key.
                    }
                }
            }
        } catch (PKCSException | OperatorCreationException e) {
            throw new TLSConfigurationException(source + ": cannot decrypt the private key (wrong passphrase?): "
                    + e.getMessage(), e);
        } catch (PEMException e) {
            throw new TLSConfigurationException(source + ": cannot read the private key (wrong passphrase, or "
                    + "malformed key): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TLSConfigurationException(source + ": malformed PEM: " + e.getMessage(), e);
        } catch (TLSConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            // As for certificates: BouncyCastle's unchecked decoding errors become the documented type.
            throw new TLSConfigurationException(source + ": malformed PEM private key: " + e, e);
        }
        throw new TLSConfigurationException(source + ": no PEM private key (BEGIN ... PRIVATE KEY) found");
    }

    private static char[] requirePassphrase(char @Nullable [] passphrase, String source) {
        if (passphrase == null) {
            throw new TLSConfigurationException(source + ": the private key is encrypted and no passphrase was given");
        }
        return passphrase;
    }

    private static CertifiedKey checked(PrivateKey key, List<X509Certificate> chain, String source) {
        if (!matches(key, chain.getFirst().getPublicKey())) {
            throw new TLSConfigurationException(source + ": the private key does not belong to the certificate "
                    + chain.getFirst().getSubjectX500Principal().getName());
        }
        return new CertifiedKey(key, chain);
    }

    /**
     * Whether a private key belongs to a public key: compared directly for RSA, by a test
     * signature for EC and EdDSA keys. Unknown key types are assumed to match (the handshake then
     * has the last word).
     *
     * @param key the private key
     * @param publicKey the certificate's public key
     * @return false only if the keys certainly do not match
     */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!family(key.getAlgorithm()).equals(family(publicKey.getAlgorithm()))) {
            return false;
        }
        if (key instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "spindle key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String family(String algorithm) {
        return switch (algorithm) {
            case "RSASSA-PSS" -> "RSA";
            case "Ed25519", "Ed448" -> "EdDSA";
            default -> algorithm;
        };
    }
}
