package net.protocols.tls;

import java.time.Duration;
import java.time.Instant;

/** Keys and certificates shared by the tests (generated once per JVM). */
final class Certificates {
    private Certificates() {}

    static final SelfSignedCertificate SERVER = SelfSignedCertificate.generate("server.test", "127.0.0.1");
    static final SelfSignedCertificate API = SelfSignedCertificate.generate("api.server.test");
    static final SelfSignedCertificate WILDCARD = SelfSignedCertificate.generate("*.apps.test");
    static final SelfSignedCertificate OTHER = SelfSignedCertificate.generate("server.test");
    static final SelfSignedCertificate CA = SelfSignedCertificate.generateAuthority("Spindle Test CA");
    // Issued by CA: PKIX does not check the validity dates of a trust anchor itself.
    static final SelfSignedCertificate EXPIRED = CA.issue(
            SelfSignedCertificate.KeyType.EC_P256, Instant.now().minus(Duration.ofDays(30)),
            Instant.now().minus(Duration.ofDays(1)), "server.test");
    static final SelfSignedCertificate ISSUED = CA.issue("server.test");
    static final SelfSignedCertificate CLIENT_CA = SelfSignedCertificate.generateAuthority("Spindle Client CA");
    static final SelfSignedCertificate CLIENT = CLIENT_CA.issue("client.test");
    static final SelfSignedCertificate ROGUE_CLIENT = SelfSignedCertificate.generate("client.test");

    /** Generating an RSA key takes a while: only the tests that use it pay. */
    static final class Rsa {
        static final SelfSignedCertificate SERVER = SelfSignedCertificate.generate(
                SelfSignedCertificate.KeyType.RSA_2048, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)), "server.test");
    }

    static TLSServerOptions server() {
        return TLSServerOptions.of(SERVER.key());
    }

    static TLSClientOptions client() {
        return TLSClientOptions.trusting(Trust.certificates(SERVER.certificate()));
    }
}
