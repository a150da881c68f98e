package net.protocols.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import net.protocols.internal.tls.Providers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A freshly generated key and self-signed certificate, for tests, samples and development
 * servers, in both object and PEM form.
 *
 * {@snippet :
 * SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
 * TLS.listenSSL(reactor, 8443, factory, TLSServerOptions.of(cert.key()));
 * TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(cert.certificate()));
 * }
 *
 * <p>Each name becomes a subject alternative name (an IP literal as an IP address entry, any
 * other as a DNS name); the first is also the subject's common name. The certificate is valid for
 * server and client authentication. A certificate generated as an authority
 * ({@link #generateAuthority}) can {@link #issue} end-entity certificates, for tests of chains and
 * of untrusted issuers.
 *
 * @param key the private key and its one-certificate chain
 * @param privateKeyPem the key in PKCS#8 PEM ({@code BEGIN PRIVATE KEY})
 * @param certificatePem the certificate in PEM
 */
public record SelfSignedCertificate(CertifiedKey key, String privateKeyPem, String certificatePem) {

    /** The kind of key to generate. */
    public enum KeyType {
        /** ECDSA on NIST P-256: small, fast to generate, fast handshakes. */
        EC_P256,
        /** RSA with a 2048-bit modulus, what {@code openssl req -newkey rsa:2048} makes. */
        RSA_2048
    }

    /** How long a generated certificate is valid by default. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    /**
     * Checks the components are present.
     */
    public SelfSignedCertificate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(certificatePem, "certificatePem");
    }

    /**
     * Generates an EC P-256 key and a certificate for {@code names}, valid from an hour ago for
     * {@link #DEFAULT_VALIDITY}.
     *
     * @param names host names or IP literals, at least one
     * @return the key and certificate
     * @throws IllegalArgumentException if no name is given
     */
    public static SelfSignedCertificate generate(String... names) {
        Instant now = Instant.now();
        return generate(KeyType.EC_P256, now.minus(Duration.ofHours(1)), now.plus(DEFAULT_VALIDITY), names);
    }

    /**
     * Generates a key of the given type and a certificate for {@code names} valid between two
     * instants (a past {@code notAfter} makes an expired certificate, for tests).
     *
     * @param type the key type
     * @param notBefore the start of validity
     * @param notAfter the end of validity
     * @param names host names or IP literals, at least one
     * @return the key and certificate
     * @throws IllegalArgumentException if no name is given or the validity is empty
     */
    public static SelfSignedCertificate generate(KeyType type, Instant notBefore, Instant notAfter, String... names) {
        KeyPair pair = newKeyPair(type);
        return build(pair, subject(names), pair, null, notBefore, notAfter, false, names);
    }

    /**
     * Generates a self-signed certificate authority that can {@link #issue} certificates.
     *
     * @param commonName the authority's name
     * @return the authority's key and certificate
     */
    public static SelfSignedCertificate generateAuthority(String commonName) {
        Instant now = Instant.now();
        KeyPair pair = newKeyPair(KeyType.EC_P256);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return build(pair, name, pair, null, now.minus(Duration.ofHours(1)), now.plus(DEFAULT_VALIDITY), true);
    }

    /**
     * Issues an end-entity certificate signed by this authority, valid from an hour ago for
     * {@link #DEFAULT_VALIDITY}. Its {@link #key()} chain holds the new certificate followed by
     * this authority's.
     *
     * @param names host names or IP literals, at least one
     * @return the new key and certificate
     * @throws IllegalStateException if this certificate is not an authority
     */
    public SelfSignedCertificate issue(String... names) {
        Instant now = Instant.now();
        return issue(KeyType.EC_P256, now.minus(Duration.ofHours(1)), now.plus(DEFAULT_VALIDITY), names);
    }

    /**
     * Issues an end-entity certificate signed by this authority.
     *
     * @param type the new key's type
     * @param notBefore the start of validity
     * @param notAfter the end of validity
     * @param names host names or IP literals, at least one
     * @return the new key and certificate, chained to this authority
     * @throws IllegalStateException if this certificate is not an authority
     */
    public SelfSignedCertificate issue(KeyType type, Instant notBefore, Instant notAfter, String... names) {
        if (certificate().getBasicConstraints() < 0) {
            throw new IllegalStateException("not a certificate authority: " + certificate().getSubjectX500Principal());
        }
        KeyPair pair = newKeyPair(type);
        KeyPair issuer = new KeyPair(certificate().getPublicKey(), key.privateKey());
        return build(pair, subject(names), issuer, this, notBefore, notAfter, false, names);
    }

    /**
     * The certificate.
     *
     * @return the first certificate of {@link #key()}'s chain
     */
    public java.security.cert.X509Certificate certificate() {
        return key.certificate();
    }

    /**
     * The certificate chain in PEM: this certificate, then its issuer's if it was issued by an
     * authority.
     *
     * @return one or more PEM certificates
     */
    public String certificateChainPem() {
        StringBuilder pem = new StringBuilder();
        for (java.security.cert.X509Certificate c : key.certificateChain()) {
            pem.append(toPem(new PemObject("CERTIFICATE", encoded(c))));
        }
        return pem.toString();
    }

    /**
     * Writes the key (readable by the owner only, where the file system allows) and the
     * certificate chain as PEM files, as {@code openssl req -x509 -nodes} would.
     *
     * @param keyFile where to write the private key
     * @param certificateFile where to write the certificate chain
     * @throws UncheckedIOException if a file cannot be written
     */
    public void write(Path keyFile, Path certificateFile) {
        try {
            Files.deleteIfExists(keyFile);
            try {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(keyFile);
            }
            Files.writeString(keyFile, privateKeyPem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(certificateFile, certificateChainPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + keyFile + " / " + certificateFile, e);
        }
    }

    /** Describes the certificate, never the key. */
    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate().getSubjectX500Principal().getName() + ", until "
                + certificate().getNotAfter().toInstant() + "]";
    }

    private static X500Name subject(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one host name or IP address is needed");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names[0]).build();
    }

    private static KeyPair newKeyPair(KeyType type) {
        try {
            return switch (type) {
                case EC_P256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"), Providers.secureRandom());
                    yield g.generateKeyPair();
                }
                case RSA_2048 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048, Providers.secureRandom());
                    yield g.generateKeyPair();
                }
            };
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + type + " key", e);
        }
    }

    private static SelfSignedCertificate build(
            KeyPair subjectPair,
            X500Name subject,
            KeyPair issuerPair,
            @org.jspecify.annotations.Nullable SelfSignedCertificate issuer,
            Instant notBefore,
            Instant notAfter,
            boolean authority,
            String... names) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        try {
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    new java.math.BigInteger(127, Providers.secureRandom()).add(java.math.BigInteger.ONE),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    subjectPair.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(subjectPair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerPair.getPublic()));
            if (authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                List<GeneralName> sans = new ArrayList<>();
                for (String name : names) {
                    sans.add(new GeneralName(isIpLiteral(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                int usage = KeyUsage.digitalSignature
                        | (subjectPair.getPublic().getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            String algorithm = issuerPair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerPair.getPrivate());
            java.security.cert.X509Certificate certificate =
                    new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            List<java.security.cert.X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null) {
                chain.addAll(issuer.key().certificateChain());
            }
            CertifiedKey key = new CertifiedKey(subjectPair.getPrivate(), chain);
            String keyPem = toPem(new PemObject("PRIVATE KEY", subjectPair.getPrivate().getEncoded()));
            String certPem = toPem(new PemObject("CERTIFICATE", encoded(certificate)));
            return new SelfSignedCertificate(key, keyPem, certPem);
        } catch (java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot build the certificate", e);
        }
    }

    private static boolean isIpLiteral(String name) {
        if (name.indexOf(':') >= 0) {
            return true;
        }
        return !name.isEmpty() && name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static byte[] encoded(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toPem(PemObject object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
