package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCertificatesTest {
    final CertifiedKey main = Certificates.SERVER.key();
    final CertifiedKey api = Certificates.API.key();
    final CertifiedKey wildcard = Certificates.WILDCARD.key();

    @Test
    void selectsExactThenWildcardThenDefault() {
        ServerCertificates certificates = ServerCertificates.of(main)
                .reload("API.Server.Test.", api)
                .reload("*.apps.test", wildcard);

        assertThat(certificates.select("api.server.test")).isSameAs(api);
        assertThat(certificates.select("a.apps.test")).isSameAs(wildcard);
        assertThat(certificates.select("a.b.apps.test")).as("a wildcard covers one label").isSameAs(main);
        assertThat(certificates.select("apps.test")).isSameAs(main);
        assertThat(certificates.select(null)).isSameAs(main);
        assertThat(certificates.byHostname()).containsOnlyKeys("api.server.test", "*.apps.test");
    }

    @Test
    void removeAndReloadSwapEntries() {
        ServerCertificates certificates = ServerCertificates.of(main).reload("api.server.test", api);
        certificates.remove("api.server.test").reload(api);

        assertThat(certificates.select("api.server.test")).isSameAs(api);
        assertThat(certificates.defaultKey()).isSameAs(api);
        assertThat(certificates.byHostname()).isEmpty();
        assertThatThrownBy(() -> certificates.reload(" ", main)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> Certificates.server().withHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Certificates.client().withProtocols())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Certificates.client().withServerName(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Trust.certificates(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownSuitesOrVersionsFailWhenTheFactoryIsMade() {
        assertThatThrownBy(() -> new TLSServerFactory(net.reactor.Factory.forProtocol(Recorder::new),
                Certificates.server().withCipherSuites("TLS_NOT_A_SUITE"), new net.reactor.testing.Clock(), Runnable::run))
                .isInstanceOf(TLSConfigurationException.class).hasMessageContaining("TLS_NOT_A_SUITE");
        assertThatThrownBy(() -> new TLSClientFactory(net.reactor.ClientFactory.forProtocol(Recorder::new),
                Certificates.client().withProtocols("SSLv2"), "x.test", 443, new net.reactor.testing.Clock(), Runnable::run))
                .isInstanceOf(TLSConfigurationException.class);
    }

    @Test
    void theDefaultsAreTheSafeOnes() {
        TLSClientOptions client = TLSClientOptions.defaults();
        assertThat(client.trust()).isInstanceOf(Trust.SystemDefault.class);
        assertThat(client.verifyHostname()).isTrue();
        assertThat(client.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(client.cipherSuites().getFirst()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(client.crypto()).isEqualTo(TLSCrypto.JDK);
        assertThat(Certificates.server().clientAuth()).isEqualTo(ClientAuth.NONE);
    }
}
