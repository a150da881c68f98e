package net.protocols.internal.tls;

import java.security.AlgorithmParameterGenerator;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertStoreParameters;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.ExemptionMechanism;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;

/**
 * Looks every algorithm up among the JDK's installed providers first and falls back to one
 * unregistered provider (BouncyCastle's) for what they lack: on JDK 25 that is ChaCha20-Poly1305
 * and the {@code SHA256WITHRSAANDMGF1}-style RSA-PSS names BC's TLS 1.3 code asks for. Bulk
 * AES-GCM, HMAC, key exchange and certificate handling stay on the JDK.
 *
 * <p>Which names needed the fallback is remembered, so a handshake does not pay for a failed
 * lookup more than once per JVM. Thread-safe.
 */
final class FallbackJcaJceHelper implements JcaJceHelper {
    private final JcaJceHelper jdk = new DefaultJcaJceHelper();
    private final JcaJceHelper fallback;
    private final Set<String> missingFromJdk = ConcurrentHashMap.newKeySet();

    FallbackJcaJceHelper(Provider fallbackProvider) {
        this.fallback = new ProviderJcaJceHelper(fallbackProvider);
    }

    @FunctionalInterface
    private interface Lookup<T> {
        T in(JcaJceHelper helper) throws GeneralSecurityException;
    }

    private <T> T find(String kind, String algorithm, Lookup<T> lookup)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        String key = kind + "/" + algorithm;
        if (!missingFromJdk.contains(key)) {
            try {
                return lookup.in(jdk);
            } catch (GeneralSecurityException e) {
                missingFromJdk.add(key);
            }
        }
        try {
            return lookup.in(fallback);
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new NoSuchAlgorithmException(kind + " " + algorithm + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Cipher createCipher(String algorithm)
            throws NoSuchAlgorithmException, NoSuchPaddingException, NoSuchProviderException {
        return find("Cipher", algorithm, h -> h.createCipher(algorithm));
    }

    @Override
    public Mac createMac(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("Mac", algorithm, h -> h.createMac(algorithm));
    }

    @Override
    public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("KeyAgreement", algorithm, h -> h.createKeyAgreement(algorithm));
    }

    @Override
    public AlgorithmParameterGenerator createAlgorithmParameterGenerator(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("AlgorithmParameterGenerator", algorithm, h -> h.createAlgorithmParameterGenerator(algorithm));
    }

    @Override
    public AlgorithmParameters createAlgorithmParameters(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("AlgorithmParameters", algorithm, h -> h.createAlgorithmParameters(algorithm));
    }

    @Override
    public KeyGenerator createKeyGenerator(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("KeyGenerator", algorithm, h -> h.createKeyGenerator(algorithm));
    }

    @Override
    public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("KeyFactory", algorithm, h -> h.createKeyFactory(algorithm));
    }

    @Override
    public SecretKeyFactory createSecretKeyFactory(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("SecretKeyFactory", algorithm, h -> h.createSecretKeyFactory(algorithm));
    }

    @Override
    public KeyPairGenerator createKeyPairGenerator(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("KeyPairGenerator", algorithm, h -> h.createKeyPairGenerator(algorithm));
    }

    @Override
    @SuppressWarnings("deprecation") // part of the interface we implement
    public MessageDigest createDigest(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("MessageDigest", algorithm, h -> h.createMessageDigest(algorithm));
    }

    @Override
    public MessageDigest createMessageDigest(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("MessageDigest", algorithm, h -> h.createMessageDigest(algorithm));
    }

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("Signature", algorithm, h -> h.createSignature(algorithm));
    }

    @Override
    public CertificateFactory createCertificateFactory(String algorithm)
            throws NoSuchProviderException, CertificateException {
        return jdk.createCertificateFactory(algorithm);
    }

    @Override
    public SecureRandom createSecureRandom(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("SecureRandom", algorithm, h -> h.createSecureRandom(algorithm));
    }

    @Override
    public CertPathBuilder createCertPathBuilder(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("CertPathBuilder", algorithm, h -> h.createCertPathBuilder(algorithm));
    }

    @Override
    public CertPathValidator createCertPathValidator(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("CertPathValidator", algorithm, h -> h.createCertPathValidator(algorithm));
    }

    @Override
    public CertStore createCertStore(String algorithm, CertStoreParameters parameters)
            throws NoSuchAlgorithmException, InvalidAlgorithmParameterException, NoSuchProviderException {
        return jdk.createCertStore(algorithm, parameters);
    }

    @Override
    public ExemptionMechanism createExemptionMechanism(String algorithm)
            throws NoSuchAlgorithmException, NoSuchProviderException {
        return find("ExemptionMechanism", algorithm, h -> h.createExemptionMechanism(algorithm));
    }

    @Override
    public KeyStore createKeyStore(String type) throws KeyStoreException, NoSuchProviderException {
        return jdk.createKeyStore(type);
    }
}
