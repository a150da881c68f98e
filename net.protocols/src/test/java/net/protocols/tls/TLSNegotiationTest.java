package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ALPN, SNI certificate selection and reloading. */
class TLSNegotiationTest {

    @Test
    void alpnAgreesOnTheServersPreferenceAndBothSidesSeeIt() {
        TLSPair pair = TLSPair.connect(
                Certificates.server().withApplicationProtocols("h2", "http/1.1"),
                Certificates.client().withApplicationProtocols("http/1.1", "h2"),
                "server.test");

        assertThat(pair.serverApp.alpnAtConnectionMade).isEqualTo("h2");
        assertThat(pair.clientApp.alpnAtConnectionMade).isEqualTo("h2");
        assertThat(pair.clientApp.tls().applicationProtocol()).isEqualTo("h2");
    }

    @Test
    void alpnPicksTheOnlyCommonProtocol() {
        TLSPair pair = TLSPair.connect(
                Certificates.server().withApplicationProtocols("h2", "http/1.1"),
                Certificates.client().withApplicationProtocols("http/1.1"),
                "server.test");

        assertThat(pair.serverApp.tls().applicationProtocol()).isEqualTo("http/1.1");
        assertThat(pair.clientApp.tls().applicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void aClientWithoutAlpnConnectsWithoutAProtocol() {
        TLSPair pair = TLSPair.connect(
                Certificates.server().withApplicationProtocols("h2"), Certificates.client(), "server.test");

        assertThat(pair.clientApp.made).isEqualTo(1);
        assertThat(pair.serverApp.tls().applicationProtocol()).isNull();
    }

    @Test
    void noCommonAlpnProtocolFailsTheHandshake() {
        TLSPair pair = TLSPair.connect(
                Certificates.server().withApplicationProtocols("h2"),
                Certificates.client().withApplicationProtocols("spdy/3"),
                "server.test");

        assertThat(pair.clientApp.made).isZero();
        assertThat(pair.clientFactory.failed).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.alert()).isEqualTo(TLSAlert.NO_APPLICATION_PROTOCOL));
    }

    @Test
    void sniChoosesTheCertificateForTheRequestedName() {
        ServerCertificates certificates = ServerCertificates.of(Certificates.SERVER.key())
                .reload("api.server.test", Certificates.API.key());
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(
                Certificates.SERVER.certificate(), Certificates.API.certificate()));

        TLSPair api = TLSPair.connect(TLSServerOptions.of(certificates), client, "api.server.test");
        TLSPair other = TLSPair.connect(TLSServerOptions.of(certificates), client, "server.test");

        assertThat(api.clientApp.tls().peerCertificates()).containsExactly(Certificates.API.certificate());
        assertThat(api.serverApp.tls().serverName()).isEqualTo("api.server.test");
        assertThat(other.clientApp.tls().peerCertificates()).containsExactly(Certificates.SERVER.certificate());
    }

    @Test
    void sniMatchesWildcardEntries() {
        ServerCertificates certificates = ServerCertificates.of(Certificates.SERVER.key())
                .reload("*.apps.test", Certificates.WILDCARD.key());
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(Certificates.WILDCARD.certificate()));

        TLSPair pair = TLSPair.connect(TLSServerOptions.of(certificates), client, "billing.apps.test");

        assertThat(pair.clientApp.tls().peerCertificates()).containsExactly(Certificates.WILDCARD.certificate());
    }

    @Test
    void aNameWithoutItsOwnCertificateGetsTheDefault() {
        ServerCertificates certificates = ServerCertificates.of(Certificates.SERVER.key())
                .reload("api.server.test", Certificates.API.key());
        TLSClientOptions client = Certificates.client().withServerName("unknown.test").withHostnameVerification(false);

        TLSPair pair = TLSPair.connect(TLSServerOptions.of(certificates), client, "server.test");

        assertThat(pair.serverApp.tls().serverName()).isEqualTo("unknown.test");
        assertThat(pair.clientApp.tls().peerCertificates()).containsExactly(Certificates.SERVER.certificate());
    }

    @Test
    void reloadServesNewHandshakesWithoutDisturbingEstablishedConnections() {
        ServerCertificates certificates = ServerCertificates.of(Certificates.SERVER.key());
        TLSServerOptions server = TLSServerOptions.of(certificates);
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(
                Certificates.SERVER.certificate(), Certificates.OTHER.certificate()));
        TLSPair before = TLSPair.connect(server, client, "server.test");

        certificates.reload(Certificates.OTHER.key());
        TLSPair after = TLSPair.connect(server, client, "server.test");
        before.clientApp.send("still here");
        before.pipe.pump();

        assertThat(after.clientApp.tls().peerCertificates()).containsExactly(Certificates.OTHER.certificate());
        assertThat(before.clientApp.tls().peerCertificates()).containsExactly(Certificates.SERVER.certificate());
        assertThat(before.clientApp.text()).isEqualTo("still here");
        assertThat(before.clientApp.lost).isEmpty();
    }

    @Test
    void tls12IsRefusedWhenTheServerAllowsOnlyTls13() {
        TLSPair pair = TLSPair.connect(Certificates.server().withProtocols("TLSv1.3"),
                Certificates.client().withProtocols("TLSv1.2"), "server.test");

        assertThat(pair.clientFactory.failed).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.alert()).isIn(TLSAlert.PROTOCOL_VERSION, TLSAlert.HANDSHAKE_FAILURE));
    }
}
