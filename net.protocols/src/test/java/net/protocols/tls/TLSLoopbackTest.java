package net.protocols.tls;

import static net.protocols.tls.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import org.junit.jupiter.api.Test;

/** TLS over real loopback sockets on the select reactor: listenSSL, connectSSL and startTLS. */
class TLSLoopbackTest {
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost", "127.0.0.1");
    static final TLSServerOptions SERVER = TLSServerOptions.of(CERT.key());
    static final TLSClientOptions CLIENT = TLSClientOptions.trusting(Trust.certificates(CERT.certificate()));

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** Sends a pattern, checks the echo, closes. */
    static final class Checker extends ReactorFixture.Recorder {
        final int size;
        final CRC32 sent = new CRC32();
        final CompletableFuture<String> cipher = new CompletableFuture<>();

        Checker(int size) {
            this.size = size;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            cipher.complete(((TLSTransport) transport()).cipherSuite());
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 7 + 3);
            }
            sent.update(data);
            for (int off = 0; off < size; off += 65536) {
                transport().write(java.util.Arrays.copyOfRange(data, off, Math.min(size, off + 65536)));
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            if (received.size() >= size) {
                transport().loseConnection();
            }
        }
    }

    static final class Outcome extends ClientFactory {
        final Protocol protocol;
        final CompletableFuture<Throwable> failed = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        Outcome(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public Protocol buildProtocol(Address address) {
            return protocol;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            failed.complete(reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            lost.complete(reason);
        }
    }

    @Test
    void echoThroughListenSSLAndConnectSSL() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Checker client = new Checker(3 << 20);
            Outcome outcome = new Outcome(client);
            f.run(() -> {
                int port = ((IPv4Address) TLS.listenSSL(f.reactor, 0, Factory.forProtocol(Echo::new), SERVER, 50, "127.0.0.1")
                        .getHost()).port();
                TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, CLIENT);
            });

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(outcome.lost)).isInstanceOf(ConnectionDoneException.class);
            CRC32 echoed = new CRC32();
            echoed.update(client.received.toByteArray());
            assertThat(client.received.size()).isEqualTo(client.size);
            assertThat(echoed.getValue()).isEqualTo(client.sent.getValue());
            assertThat(await(client.cipher)).isEqualTo("TLS_AES_128_GCM_SHA256");
            f.run(() -> f.reactor.getDelayedCalls().forEach(c -> {
                throw new AssertionError("a timer was left behind: " + c);
            }));
        }
    }

    /** The same TLS factories over a UNIX domain socket: the layer needs no TCP. */
    @Test
    void echoOverAUnixSocket() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "tls");
        java.nio.file.Path path = dir.resolve("tls.sock");
        try (ReactorFixture f = new ReactorFixture().start()) {
            Checker client = new Checker(1 << 20);
            Outcome outcome = new Outcome(client);
            f.run(() -> {
                f.reactor.listenUNIX(path, new TLSServerFactory(Factory.forProtocol(Echo::new), SERVER, f.reactor,
                        f.reactor::callFromThread));
                f.reactor.connectUNIX(path, new TLSClientFactory(outcome, CLIENT.withServerName("localhost"),
                        "localhost", 0, f.reactor, f.reactor::callFromThread));
            });

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(outcome.lost)).isInstanceOf(ConnectionDoneException.class);
            CRC32 echoed = new CRC32();
            echoed.update(client.received.toByteArray());
            assertThat(client.received.size()).isEqualTo(client.size);
            assertThat(echoed.getValue()).isEqualTo(client.sent.getValue());
            assertThat(await(client.cipher)).isEqualTo("TLS_AES_128_GCM_SHA256");
        }
        assertThat(path).as("the stopped reactor removed the socket file").doesNotExist();
        java.nio.file.Files.delete(dir);
    }

    @Test
    void aFailedHandshakeReachesClientConnectionFailed() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ReactorFixture.Recorder client = new ReactorFixture.Recorder();
            Outcome outcome = new Outcome(client);
            f.run(() -> {
                int port = ((IPv4Address) TLS.listenSSL(f.reactor, 0, Factory.forProtocol(Echo::new), SERVER, 50, "127.0.0.1")
                        .getHost()).port();
                TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, CLIENT.withServerName("elsewhere.test"));
            });

            assertThat(await(outcome.failed)).isInstanceOfSatisfying(TLSException.class,
                    e -> assertThat(e.reason()).contains("elsewhere.test"));
            assertThat(client.made).isNotDone();
        }
    }

    /** A line protocol that switches to TLS when told, in either role. */
    static final class Lines extends ReactorFixture.Recorder implements TLSHandshakeListener {
        final boolean server;
        final CompletableFuture<TLSTransport> secured = new CompletableFuture<>();
        private final StringBuilder line = new StringBuilder();

        Lines(boolean server) {
            this.server = server;
        }

        void send(String text) {
            transport().write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            for (byte b : data) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String l = line.toString();
                line.setLength(0);
                if (server && l.equals("STARTTLS")) {
                    send("OK");
                    TLS.startTLS(transport(), SERVER);
                } else if (!server && l.equals("OK")) {
                    TLS.startTLS(transport(), CLIENT.withServerName("localhost"));
                    send("PING");
                } else if (server && l.equals("PING")) {
                    send("PONG");
                } else if (!server && l.equals("PONG")) {
                    transport().loseConnection();
                }
            }
        }

        @Override
        public void handshakeCompleted(TLSTransport transport) {
            secured.complete(transport);
        }
    }

    @Test
    void startTLSInTheMiddleOfALineProtocol() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Lines server = new Lines(true);
            Lines client = new Lines(false);
            f.run(() -> {
                int port = f.listen(Factory.forProtocol(() -> server));
                f.connect(port, ClientFactory.forProtocol(() -> client));
            });
            await(client.made);
            f.run(() -> client.send("STARTTLS"));

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(server.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(client.secured).protocol()).isEqualTo("TLSv1.3");
            assertThat(await(server.secured).serverName()).isEqualTo("localhost");
            assertThat(server.received.toString(StandardCharsets.ISO_8859_1)).isEqualTo("STARTTLS\nPING\n");
            assertThat(client.received.toString(StandardCharsets.ISO_8859_1)).isEqualTo("OK\nPONG\n");
        }
    }
}
