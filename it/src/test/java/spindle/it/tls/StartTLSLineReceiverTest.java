package spindle.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static spindle.it.tls.ReactorRunner.await;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.protocols.basic.LineReceiver;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import org.junit.jupiter.api.Test;

/** STARTTLS in the middle of a line protocol (net.protocols' LineReceiver) over real TCP. */
class StartTLSLineReceiverTest {
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("mail.test");

    /** An SMTP-like server: "STARTTLS" switches to TLS; other lines are answered. */
    static final class Server extends LineReceiver implements TLSHandshakeListener {
        final List<String> lines = new ArrayList<>();
        final CompletableFuture<TLSTransport> secured = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            send("220 ready");
        }

        void send(String line) {
            sendLine(line.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        protected void lineReceived(byte[] bytes) {
            String line = new String(bytes, StandardCharsets.US_ASCII);
            lines.add(line);
            switch (line) {
                case "STARTTLS" -> {
                    send("220 go ahead");
                    TLS.startTLS(transport(), TLSServerOptions.of(CERT.key()));
                }
                case "QUIT" -> {
                    send("221 bye");
                    transport().loseConnection();
                }
                default -> send("250 " + line + (secured.isDone() ? " (encrypted)" : " (clear)"));
            }
        }

        @Override
        public void handshakeCompleted(TLSTransport transport) {
            secured.complete(transport);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.complete(reason);
        }
    }

    /** The client side of the same conversation. */
    static final class Client extends LineReceiver implements TLSHandshakeListener {
        final List<String> replies = new ArrayList<>();
        final CompletableFuture<TLSTransport> secured = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        void send(String line) {
            sendLine(line.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        protected void lineReceived(byte[] bytes) {
            String reply = new String(bytes, StandardCharsets.US_ASCII);
            replies.add(reply);
            switch (reply) {
                case "220 ready" -> {
                    send("HELO plain");
                    send("STARTTLS");
                }
                case "220 go ahead" -> {
                    TLS.startTLS(transport(), TLSClientOptions.trusting(Trust.certificates(
                            CERT.certificate())).withServerName("mail.test"));
                    send("HELO secret"); // queued until the handshake completes, then encrypted
                    send("QUIT");
                }
                default -> {}
            }
        }

        @Override
        public void handshakeCompleted(TLSTransport transport) {
            secured.complete(transport);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.complete(reason);
        }
    }

    @Test
    void aLineProtocolSwitchesToTLSInTheMiddle() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            Server server = new Server();
            Client client = new Client();
            r.run(() -> {
                int port = ((IPv4Address) r.reactor.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1")
                        .getHost()).port();
                r.reactor.connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> client));
            });

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(server.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(server.lines).containsExactly("HELO plain", "STARTTLS", "HELO secret", "QUIT");
            assertThat(client.replies).containsExactly("220 ready", "250 HELO plain (clear)", "220 go ahead",
                    "250 HELO secret (encrypted)", "221 bye");
            assertThat(r.call(() -> awaitUnchecked(client.secured).peerCertificates().getFirst()))
                    .isEqualTo(CERT.certificate());
            assertThat(r.call(() -> awaitUnchecked(server.secured).serverName())).isEqualTo("mail.test");
        }
    }

    private static <T> T awaitUnchecked(CompletableFuture<T> f) {
        try {
            return await(f);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
