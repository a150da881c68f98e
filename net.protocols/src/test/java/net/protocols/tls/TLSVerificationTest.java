package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Certificate and host name verification, on both sides, and how failures are reported. */
class TLSVerificationTest {

    @Test
    void aWrongHostNameFailsTheConnectionWithTheReason() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "wrong.test");

        assertThat(pair.clientApp.made).as("never connected").isZero();
        assertThat(pair.clientFactory.lost).isEmpty();
        assertThat(pair.clientFactory.failed).singleElement().isInstanceOfSatisfying(TLSException.class, e -> {
            assertThat(e.alert()).isEqualTo(TLSAlert.CERTIFICATE_UNKNOWN);
            assertThat(e.alertReceived()).isFalse();
            assertThat(e.reason()).contains("wrong.test");
            assertThat(e.getMessage()).startsWith("TLS handshake failed: sent alert certificate_unknown(46)");
        });
        assertThat(pair.serverApp.made).isZero();
        assertThat(pair.pipe.server().isDisconnected()).isTrue();
    }

    @Test
    void hostNameVerificationCanBeTurnedOff() {
        TLSPair pair = TLSPair.connect(Certificates.server(),
                Certificates.client().withHostnameVerification(false), "wrong.test");

        assertThat(pair.clientApp.made).isEqualTo(1);
    }

    @Test
    void theServerNameOptionOverridesTheHostForVerification() {
        TLSPair pair = TLSPair.connect(Certificates.server(),
                Certificates.client().withServerName("server.test"), "10.1.2.3");

        assertThat(pair.clientApp.made).isEqualTo(1);
        assertThat(pair.serverApp.tls().serverName()).isEqualTo("server.test");
    }

    @Test
    void anUntrustedCertificateFailsTheConnection() {
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(Certificates.OTHER.certificate()));
        TLSPair pair = TLSPair.connect(Certificates.server(), client, "server.test");

        assertThat(pair.clientFactory.failed).singleElement().isInstanceOfSatisfying(TLSException.class, e -> {
            assertThat(e.alert()).isEqualTo(TLSAlert.CERTIFICATE_UNKNOWN);
            assertThat(e.reason()).contains("certification path");
        });
    }

    @Test
    void theSystemTrustStoreDoesNotTrustASelfSignedCertificate() {
        TLSPair pair = TLSPair.connect(Certificates.server(), TLSClientOptions.defaults(), "server.test");

        assertThat(pair.clientFactory.failed).singleElement().isInstanceOf(TLSException.class);
    }

    @Test
    void anExpiredCertificateFailsTheConnection() {
        TLSPair pair = TLSPair.connect(TLSServerOptions.of(Certificates.EXPIRED.key()),
                TLSClientOptions.trusting(Trust.certificates(Certificates.CA.certificate())), "server.test");

        assertThat(pair.clientFactory.failed).singleElement().isInstanceOfSatisfying(TLSException.class, e -> {
            assertThat(e.alert()).isIn(TLSAlert.CERTIFICATE_EXPIRED, TLSAlert.CERTIFICATE_UNKNOWN);
            assertThat(e.reason()).containsIgnoringCase("expired");
        });
    }

    @Test
    void requiredClientAuthAcceptsATrustedClientCertificate() {
        TLSServerOptions server = Certificates.server()
                .withClientAuth(ClientAuth.REQUIRED, Trust.certificates(Certificates.CLIENT_CA.certificate()));
        TLSPair pair = TLSPair.connect(server, Certificates.client().withClientCertificate(Certificates.CLIENT.key()),
                "server.test");

        assertThat(pair.serverApp.tls().peerCertificates()).first().isEqualTo(Certificates.CLIENT.certificate());
        assertThat(pair.clientApp.tls().localCertificates()).first().isEqualTo(Certificates.CLIENT.certificate());
    }

    @Test
    void requiredClientAuthRejectsAClientWithoutCertificate() {
        TLSServerOptions server = Certificates.server()
                .withClientAuth(ClientAuth.REQUIRED, Trust.certificates(Certificates.CLIENT_CA.certificate()));
        TLSPair pair = TLSPair.connect(server, Certificates.client(), "server.test");

        assertThat(pair.serverApp.made).isZero();
        // In TLS 1.3 the client's handshake completes before the server has judged its (missing)
        // certificate, so the rejection arrives as an alert on an established connection.
        Throwable reason = pair.clientApp.made == 1 ? pair.clientApp.lost.getFirst() : pair.clientFactory.failed.getFirst();
        assertThat(reason).isInstanceOfSatisfying(TLSException.class, e -> {
            assertThat(e.alert()).isEqualTo(TLSAlert.CERTIFICATE_REQUIRED);
            assertThat(e.alertReceived()).isTrue();
        });
    }

    @Test
    void requiredClientAuthRejectsAnUntrustedClientCertificate() {
        TLSServerOptions server = Certificates.server()
                .withClientAuth(ClientAuth.REQUIRED, Trust.certificates(Certificates.CLIENT_CA.certificate()));
        TLSPair pair = TLSPair.connect(server,
                Certificates.client().withClientCertificate(Certificates.ROGUE_CLIENT.key()), "server.test");

        assertThat(pair.serverApp.made).isZero();
        Throwable reason = pair.clientApp.made == 1 ? pair.clientApp.lost.getFirst() : pair.clientFactory.failed.getFirst();
        assertThat(reason).isInstanceOfSatisfying(TLSException.class, e -> assertThat(e.alertReceived()).isTrue());
    }

    @Test
    void optionalClientAuthLetsAClientWithoutCertificateIn() {
        TLSServerOptions server = Certificates.server()
                .withClientAuth(ClientAuth.OPTIONAL, Trust.certificates(Certificates.CLIENT_CA.certificate()));
        TLSPair pair = TLSPair.connect(server, Certificates.client(), "server.test");

        assertThat(pair.serverApp.made).isEqualTo(1);
        assertThat(pair.serverApp.tls().peerCertificates()).isEmpty();
    }

    @Test
    void optionalClientAuthStillVerifiesACertificateThatIsSent() {
        TLSServerOptions server = Certificates.server()
                .withClientAuth(ClientAuth.OPTIONAL, Trust.certificates(Certificates.CLIENT_CA.certificate()));
        TLSPair withCert = TLSPair.connect(server,
                Certificates.client().withClientCertificate(Certificates.CLIENT.key()), "server.test");
        TLSPair rogue = TLSPair.connect(server,
                Certificates.client().withClientCertificate(Certificates.ROGUE_CLIENT.key()), "server.test");

        assertThat(withCert.serverApp.tls().peerCertificates()).first().isEqualTo(Certificates.CLIENT.certificate());
        assertThat(rogue.serverApp.made).isZero();
    }
}
