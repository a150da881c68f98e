package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TLSHandshakeTest {

    @Test
    void echoOverTLS13WithTheDefaults() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");

        assertThat(pair.clientApp.made).isEqualTo(1);
        assertThat(pair.serverApp.made).isEqualTo(1);
        pair.clientApp.send("hello, TLS");
        pair.pipe.pump();

        assertThat(pair.serverApp.text()).isEqualTo("hello, TLS");
        assertThat(pair.clientApp.text()).isEqualTo("hello, TLS");
        TLSTransport client = pair.clientApp.tls();
        assertThat(client.isHandshakeComplete()).isTrue();
        assertThat(client.protocol()).isEqualTo("TLSv1.3");
        assertThat(client.cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(client.peerCertificates()).containsExactly(Certificates.SERVER.certificate());
        assertThat(client.serverName()).isEqualTo("server.test");
        assertThat(pair.serverApp.tls().serverName()).isEqualTo("server.test");
        assertThat(pair.serverApp.tls().localCertificates()).containsExactly(Certificates.SERVER.certificate());
        assertThat(pair.serverApp.tls().peerCertificates()).isEmpty();
        assertThat(client.sslSession()).isNotNull();
    }

    @Test
    void theWireCarriesNoPlaintext() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.clientApp.send("a rather secret message");
        pair.pipe.pump();

        assertThat(pair.serverApp.text()).isEqualTo("a rather secret message");
        assertThat(new String(pair.pipe.client().written(), StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    }

    @Test
    void tls12WithAnRSACertificate() {
        TLSServerOptions server = TLSServerOptions.of(Certificates.Rsa.SERVER.key());
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(Certificates.Rsa.SERVER.certificate()))
                .withProtocols("TLSv1.2");
        TLSPair pair = TLSPair.connect(server, client, "server.test");
        pair.clientApp.send("over 1.2");
        pair.pipe.pump();

        assertThat(pair.clientApp.text()).isEqualTo("over 1.2");
        assertThat(pair.clientApp.tls().protocol()).isEqualTo("TLSv1.2");
        assertThat(pair.clientApp.tls().cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void tls13WithAnRSACertificate() {
        TLSServerOptions server = TLSServerOptions.of(Certificates.Rsa.SERVER.key());
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(Certificates.Rsa.SERVER.certificate()));
        TLSPair pair = TLSPair.connect(server, client, "server.test");

        assertThat(pair.clientApp.tls().protocol()).isEqualTo("TLSv1.3");
        assertThat(pair.clientApp.tls().peerCertificates()).containsExactly(Certificates.Rsa.SERVER.certificate());
    }

    @Test
    void aChainFromAnAuthorityIsVerifiedAgainstTheAuthority() {
        TLSServerOptions server = TLSServerOptions.of(Certificates.ISSUED.key());
        TLSClientOptions client = TLSClientOptions.trusting(Trust.certificates(Certificates.CA.certificate()));
        TLSPair pair = TLSPair.connect(server, client, "server.test");

        assertThat(pair.clientApp.made).isEqualTo(1);
        assertThat(pair.clientApp.tls().peerCertificates())
                .containsExactly(Certificates.ISSUED.certificate(), Certificates.CA.certificate());
    }

    @Test
    void anIPAddressIsVerifiedAgainstTheCertificatesIPEntries() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "127.0.0.1");

        assertThat(pair.clientApp.made).isEqualTo(1);
        assertThat(pair.clientApp.tls().serverName()).as("no SNI for an IP literal").isNull();
    }

    @Test
    void bothSidesUseBouncyCastlesOwnCryptoWhenAsked() {
        TLSPair pair = TLSPair.connect(Certificates.server().withCrypto(TLSCrypto.BOUNCY_CASTLE),
                Certificates.client().withCrypto(TLSCrypto.BOUNCY_CASTLE), "server.test");
        pair.clientApp.send("pure BC");
        pair.pipe.pump();

        assertThat(pair.clientApp.text()).isEqualTo("pure BC");
    }

    @Test
    void theProtocolIsConnectedOnlyAfterTheHandshake() {
        Recorder serverApp = Recorder.echoing();
        serverApp.onConnectionMade = () -> serverApp.events.add("complete=" + serverApp.tls().isHandshakeComplete());
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test", serverApp,
                new Recorder());

        assertThat(serverApp.events).containsExactly("connectionMade", "complete=true", "handshakeCompleted");
        assertThat(pair.clientApp.events).containsExactly("connectionMade", "handshakeCompleted");
    }

    @Test
    void factoriesStartAndStopTheWrappedFactory() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.tlsClientFactory.doStart();
        assertThat(pair.clientFactory.starts).isEqualTo(1);
        pair.tlsClientFactory.doStop();
        assertThat(pair.clientFactory.stops).isEqualTo(1);
    }
}
