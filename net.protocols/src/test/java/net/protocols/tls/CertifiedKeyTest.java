package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading keys and certificates in the formats openssl writes. */
class CertifiedKeyTest {
    static final SelfSignedCertificate EC = Certificates.SERVER;
    static final char[] PASSPHRASE = "correct horse".toCharArray();
    static final Provider BC = new BouncyCastleProvider();

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    @Test
    void loadsAnUnencryptedPkcs8KeyAndItsCertificate() throws IOException {
        Path key = file("key.pem", EC.privateKeyPem());
        Path cert = file("cert.pem", EC.certificatePem());

        CertifiedKey loaded = CertifiedKey.fromPem(key, cert);

        assertThat(loaded.privateKey().getEncoded()).isEqualTo(EC.key().privateKey().getEncoded());
        assertThat(loaded.certificateChain()).containsExactly(EC.certificate());
        assertThat(EC.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    // Traditional ("BEGIN RSA PRIVATE KEY") files are tested with RSA: BC writes a JDK EC key in
    // the traditional form without its curve, which no tool accepts; openssl's own EC files are
    // covered by the interoperability tests in it/.
    @Test
    void loadsATraditionalOpenSSLKey() throws IOException {
        SelfSignedCertificate rsa = Certificates.Rsa.SERVER;
        String traditional = pem(rsa.key().privateKey());
        assertThat(traditional).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        CertifiedKey loaded = CertifiedKey.fromPem(file("key.pem", traditional), file("cert.pem", rsa.certificatePem()));

        assertThat(loaded.privateKey().getEncoded()).isEqualTo(rsa.key().privateKey().getEncoded());
    }

    @Test
    void loadsATraditionalEncryptedKeyWithItsPassphrase() throws IOException {
        SelfSignedCertificate rsa = Certificates.Rsa.SERVER;
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(rsa.key().privateKey(), new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(PASSPHRASE));
        }
        assertThat(out.toString()).contains("Proc-Type: 4,ENCRYPTED");
        Path key = file("key.pem", out.toString());
        Path cert = file("cert.pem", rsa.certificatePem());

        CertifiedKey loaded = CertifiedKey.fromPem(key, cert, PASSPHRASE);

        assertThat(loaded.privateKey().getEncoded()).isEqualTo(rsa.key().privateKey().getEncoded());
        assertThatThrownBy(() -> CertifiedKey.fromPem(key, cert, "wrong".toCharArray()))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("passphrase");
        assertThatThrownBy(() -> CertifiedKey.fromPem(key, cert))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("no passphrase was given");
    }

    @Test
    void loadsAPkcs8EncryptedKeyWithItsPassphrase() throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(BC)
                .setPassword(PASSPHRASE)
                .build();
        String encrypted = pem(new JcaPKCS8Generator(EC.key().privateKey(), encryptor).generate());
        assertThat(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Path key = file("key.pem", encrypted);
        Path cert = file("cert.pem", EC.certificatePem());

        CertifiedKey loaded = CertifiedKey.fromPem(key, cert, PASSPHRASE);

        assertThat(loaded.privateKey().getEncoded()).isEqualTo(EC.key().privateKey().getEncoded());
        assertThatThrownBy(() -> CertifiedKey.fromPem(key, cert, "wrong".toCharArray()))
                .isInstanceOf(TLSConfigurationException.class);
    }

    @Test
    void loadsACombinedFileAndAChain() throws IOException {
        SelfSignedCertificate issued = Certificates.ISSUED;
        Path combined = file("server.pem", issued.certificateChainPem() + issued.privateKeyPem());

        CertifiedKey loaded = CertifiedKey.fromCombinedPem(combined, null);

        assertThat(loaded.certificateChain()).containsExactly(issued.certificate(), Certificates.CA.certificate());
    }

    @Test
    void loadsAPkcs12File() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", EC.key().privateKey(), PASSPHRASE,
                EC.key().certificateChain().toArray(Certificate[]::new));
        Path p12 = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, PASSPHRASE);
        }

        CertifiedKey loaded = CertifiedKey.fromPkcs12(p12, PASSPHRASE);

        assertThat(loaded.certificateChain()).containsExactly(EC.certificate());
        assertThatThrownBy(() -> CertifiedKey.fromPkcs12(p12, "wrong".toCharArray()))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("server.p12");
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsRejected() throws IOException {
        Path key = file("key.pem", Certificates.OTHER.privateKeyPem());
        Path cert = file("cert.pem", EC.certificatePem());

        assertThatThrownBy(() -> CertifiedKey.fromPem(key, cert))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("does not belong");
    }

    @Test
    void anRsaKeyIsCheckedAgainstItsCertificateToo() throws IOException {
        SelfSignedCertificate rsa = Certificates.Rsa.SERVER;
        assertThat(CertifiedKey.fromPemText(rsa.privateKeyPem(), rsa.certificatePem(), null).privateKey().getAlgorithm())
                .isEqualTo("RSA");
        assertThatThrownBy(() -> CertifiedKey.fromPemText(rsa.privateKeyPem(), EC.certificatePem(), null))
                .isInstanceOf(TLSConfigurationException.class);
    }

    @Test
    void missingOrEmptyFilesAreReportedByName() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Path empty = file("empty.pem", "nothing to see\n");
        Path cert = file("cert.pem", EC.certificatePem());

        assertThatThrownBy(() -> CertifiedKey.fromPem(missing, cert))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> CertifiedKey.fromPem(empty, cert))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> CertifiedKey.fromPem(file("key.pem", EC.privateKeyPem()), empty))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("no PEM certificate");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(EC.key().toString()).contains("CN=server.test").doesNotContain(
                EC.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
        assertThat(EC.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void selfSignedCertificatesCoverTheirNamesAndValidity() throws Exception {
        Instant notBefore = Instant.parse("2020-01-01T00:00:00Z");
        Instant notAfter = notBefore.plus(Duration.ofDays(10));
        SelfSignedCertificate cert = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.EC_P256, notBefore,
                notAfter, "example.test", "10.0.0.1", "::1");

        assertThat(cert.certificate().getNotAfter().toInstant()).isEqualTo(notAfter);
        assertThat(cert.certificate().getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1)))
                .containsExactly("example.test", "10.0.0.1", "0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> SelfSignedCertificate.generate()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cert.issue("x.test")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writeProducesFilesThatLoadBack() {
        Path key = dir.resolve("k.pem");
        Path cert = dir.resolve("c.pem");
        Certificates.ISSUED.write(key, cert);

        CertifiedKey loaded = CertifiedKey.fromPem(key, cert);

        assertThat(loaded.certificateChain()).containsExactly(Certificates.ISSUED.certificate(), Certificates.CA.certificate());
        assertThat(Trust.fromPem(cert)).isInstanceOfSatisfying(Trust.Anchors.class,
                t -> assertThat(t.certificates()).hasSize(2));
    }
}
