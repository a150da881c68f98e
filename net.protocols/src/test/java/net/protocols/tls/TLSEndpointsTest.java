package net.protocols.tls;

import static net.protocols.tls.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import net.deferred.Deferred;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientEndpoint;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSServerEndpoint;
import net.protocols.tls.TLSTransport;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.endpoints.EndpointDescriptionException;
import net.reactor.endpoints.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssl:} endpoint strings, over real loopback sockets. */
class TLSEndpointsTest {
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost", "127.0.0.1");

    @TempDir
    Path dir;

    static final class Hello extends Protocol {
        @Override
        public void connectionMade() {
            transport().write("hello over TLS\n".getBytes(StandardCharsets.US_ASCII));
            transport().loseConnection();
        }
    }

    @Test
    void sslServerAndClientDescriptionsRoundTrip() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        CERT.write(key, cert);
        Path cas = Files.createDirectory(dir.resolve("cas"));
        Files.copy(cert, cas.resolve("server.pem"));
        try (ReactorFixture f = new ReactorFixture().start()) {
            ReactorFixture.Recorder client = new ReactorFixture.Recorder();
            CompletableFuture<Protocol> connected = new CompletableFuture<>();
            f.run(() -> {
                var server = Endpoints.serverFromString(f.reactor,
                        "ssl:0:privateKey=" + key + ":certKey=" + cert + ":interface=127.0.0.1:alpn=x/1,x/2");
                assertThat(server).isInstanceOf(TLSServerEndpoint.class);
                ListeningPort port = result(server.listen(Factory.forProtocol(Hello::new)));
                int p = ((IPv4Address) port.getHost()).port();
                var endpoint = Endpoints.clientFromString(f.reactor,
                        "ssl:host=127.0.0.1:port=" + p + ":caCertsDir=" + cas + ":hostname=localhost:alpn=x/2");
                assertThat(endpoint).isInstanceOf(TLSClientEndpoint.class);
                endpoint.connect(Factory.forProtocol(() -> client)).addCallback(connected::complete);
            });

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(client.received.toString(StandardCharsets.US_ASCII)).isEqualTo("hello over TLS\n");
            Protocol protocol = await(connected);
            assertThat(f.call(() -> ((TLSTransport) protocol.transport()).applicationProtocol())).isEqualTo("x/2");
        }
    }

    @Test
    void anSslClientVerifiesByDefault() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        CERT.write(key, cert);
        try (ReactorFixture f = new ReactorFixture().start()) {
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            f.run(() -> {
                ListeningPort port = result(Endpoints.serverFromString(f.reactor,
                        "ssl:0:privateKey=" + key + ":certKey=" + cert + ":interface=127.0.0.1")
                        .listen(Factory.forProtocol(Hello::new)));
                Endpoints.clientFromString(f.reactor, "ssl:127.0.0.1:" + ((IPv4Address) port.getHost()).port())
                        .connect(Factory.forProtocol(ReactorFixture.Recorder::new))
                        .addErrback(failure -> {
                            failed.complete(failure.value());
                            return null;
                        });
            });

            assertThat(await(failed)).isInstanceOf(TLSException.class);
        }
    }

    @Test
    void badSslDescriptionsAreRejectedWithTheReason() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            assertThatThrownBy(() -> Endpoints.serverFromString(f.reactor, "ssl:8443:privateKey=" + dir.resolve("none.pem")))
                    .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("none.pem");
            assertThatThrownBy(() -> Endpoints.serverFromString(f.reactor, "ssl:8443:sslmethod=TLSv1_METHOD"))
                    .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("sslmethod");
            assertThatThrownBy(() -> Endpoints.clientFromString(f.reactor, "ssl:host=example.com"))
                    .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("port");
            assertThatThrownBy(() -> Endpoints.clientFromString(f.reactor, "ssl:example.com:443:verify=no"))
                    .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("verify");
        }
    }

    private static <T> T result(Deferred<T> deferred) {
        Object[] box = new Object[1];
        deferred.addCallback(v -> {
            box[0] = v;
            return v;
        });
        @SuppressWarnings("unchecked")
        T value = (T) box[0];
        assertThat(value).as("fired synchronously").isNotNull();
        return value;
    }
}
