package spindle.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static spindle.it.tls.ReactorRunner.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.ClientAuth;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSAlert;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's openssl as the peer: {@code s_client} against Spindle's TLS echo server and Spindle's
 * client against {@code s_server}, with keys in the formats openssl writes.
 */
class OpenSSLInteropTest {
    static final String SUBJECT_ALT = "subjectAltName=DNS:localhost,IP:127.0.0.1";

    @TempDir
    static Path dir;

    static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Peers.Result r = Peers.run(dir, command, null, 60);
        assertThat(r.exit()).as(String.join(" ", command) + "\n" + r.stderr()).isZero();
    }

    @BeforeAll
    static void makeKeys() throws Exception {
        Peers.requireOpenSSL();
        // The Twisted how-to's command, without a passphrase: PKCS#8 "BEGIN PRIVATE KEY".
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.crt",
                "-days", "30", "-subj", "/CN=localhost", "-addext", SUBJECT_ALT);
        // The same with a passphrase: PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY".
        openssl("req", "-x509", "-newkey", "rsa:2048", "-keyout", "enc.key", "-passout", "pass:secret",
                "-out", "enc.crt", "-days", "30", "-subj", "/CN=localhost", "-addext", SUBJECT_ALT);
        // Traditional OpenSSL encryption ("Proc-Type: 4,ENCRYPTED").
        openssl("rsa", "-in", "enc.key", "-passin", "pass:secret", "-aes256", "-passout", "pass:secret",
                "-traditional", "-out", "trad.key");
        // A traditional EC key ("BEGIN EC PRIVATE KEY").
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        openssl("req", "-x509", "-key", "ec.key", "-out", "ec.crt", "-days", "30", "-subj", "/CN=localhost",
                "-addext", SUBJECT_ALT);
        // PKCS#12.
        openssl("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:secret");
        // A client certificate for mutual TLS.
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "client.key", "-out", "client.crt", "-days", "30", "-subj", "/CN=spindle-client");
    }

    static Path file(String name) {
        return dir.resolve(name);
    }

    static TLSClientOptions trustingServer() {
        return TLSClientOptions.trusting(Trust.fromPem(file("server.crt")));
    }

    /** Runs s_client against a port with the given extra arguments, sending two lines. */
    static Peers.Result sClient(int port, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-ign_eof"));
        command.addAll(List.of(extra));
        return Peers.run(dir, command, "hello from openssl\nbye\n", 60);
    }

    static int listen(ReactorRunner r, Factory factory, TLSServerOptions options) {
        return r.call(() -> ((IPv4Address) TLS.listenSSL(r.reactor, 0, factory, options, 50, "127.0.0.1").getHost()).port());
    }

    @Test
    void opensslClientTalksTls13WithAlpnToSpindlesEchoServer() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            int port = listen(r, Factory.forProtocol(Apps.Echo::new),
                    TLSServerOptions.fromPem(file("server.key"), file("server.crt"))
                            .withApplicationProtocols("h2", "http/1.1"));

            Peers.Result result = sClient(port, "-CAfile", "server.crt", "-verify_return_error", "-alpn", "http/1.1");

            assertThat(result.exit()).as(result.stderr()).isZero();
            assertThat(result.stdout())
                    .contains("hello from openssl\nbye\n")
                    .contains("Verify return code: 0 (ok)")
                    .contains("ALPN protocol: http/1.1")
                    .contains("TLSv1.3")
                    .contains("TLS_AES_128_GCM_SHA256");
        }
    }

    @Test
    void opensslClientTalksTls12ToSpindlesEchoServer() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            int port = listen(r, Factory.forProtocol(Apps.Echo::new),
                    TLSServerOptions.fromPem(file("server.key"), file("server.crt")));

            Peers.Result result = sClient(port, "-CAfile", "server.crt", "-verify_return_error", "-tls1_2");

            assertThat(result.exit()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("hello from openssl").contains("TLSv1.2")
                    .contains("ECDHE-RSA-AES128-GCM-SHA256");
        }
    }

    record Loaded(String format, CertifiedKey key, String caFile) {}

    @Test
    void spindleLoadsEveryKeyFormatOpensslWrites() throws Exception {
        char[] secret = "secret".toCharArray();
        List<Loaded> keys = List.of(
                new Loaded("PKCS#8", CertifiedKey.fromPem(file("server.key"), file("server.crt")), "server.crt"),
                new Loaded("encrypted PKCS#8", CertifiedKey.fromPem(file("enc.key"), file("enc.crt"), secret), "enc.crt"),
                new Loaded("traditional encrypted", CertifiedKey.fromPem(file("trad.key"), file("enc.crt"), secret),
                        "enc.crt"),
                new Loaded("traditional EC", CertifiedKey.fromPem(file("ec.key"), file("ec.crt")), "ec.crt"),
                new Loaded("PKCS#12", CertifiedKey.fromPkcs12(file("server.p12"), secret), "server.crt"));
        for (Loaded loaded : keys) {
            try (ReactorRunner r = new ReactorRunner()) {
                int port = listen(r, Factory.forProtocol(Apps.Echo::new), TLSServerOptions.of(loaded.key()));

                Peers.Result result = sClient(port, "-CAfile", loaded.caFile(), "-verify_return_error");

                assertThat(result.exit()).as(loaded.format() + "\n" + result.stderr()).isZero();
                assertThat(result.stdout()).as(loaded.format()).contains("Verify return code: 0 (ok)")
                        .contains("hello from openssl");
            }
        }
    }

    /** Records the client certificate the server saw. */
    static final class CertificateEcho extends Apps.Echo {
        final CompletableFuture<String> peer = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            TLSTransport tls = (TLSTransport) transport();
            peer.complete(tls.peerCertificates().isEmpty() ? "none"
                    : tls.peerCertificates().getFirst().getSubjectX500Principal().getName());
        }
    }

    @Test
    void spindleServerRequiresAndVerifiesOpensslsClientCertificate() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            CertificateEcho app = new CertificateEcho();
            int port = listen(r, Factory.forProtocol(() -> app),
                    TLSServerOptions.fromPem(file("server.key"), file("server.crt"))
                            .withClientAuth(ClientAuth.REQUIRED, Trust.fromPem(file("client.crt"))));

            Peers.Result with = sClient(port, "-CAfile", "server.crt", "-cert", "client.crt", "-key", "client.key");
            assertThat(with.exit()).as(with.stderr()).isZero();
            assertThat(await(app.peer)).isEqualTo("CN=spindle-client");

            Peers.Result without = sClient(port, "-CAfile", "server.crt");
            assertThat(without.stdout() + without.stderr()).contains("certificate required");
            assertThat(without.stdout()).doesNotContain("hello from openssl");
        }
    }

    @Test
    void spindleClientTalksToOpensslServerWithAlpn() throws Exception {
        int port = Peers.freePort();
        try (Peers.Server server = new Peers.Server(dir, List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-key", "server.key", "-cert", "server.crt", "-rev", "-alpn", "h2,http/1.1"), "ACCEPT");
                ReactorRunner r = new ReactorRunner()) {
            Apps.Client client = new Apps.Client("hello openssl\n");
            Apps.Outcome outcome = new Apps.Outcome(client);
            r.run(() -> TLS.connectSSL(r.reactor, "127.0.0.1", port, outcome,
                    trustingServer().withApplicationProtocols("h2")));

            TLSTransport tls = await(client.made);
            assertThat(await(client.firstLine)).isEqualTo("lssnepo olleh");
            assertThat(r.call(tls::applicationProtocol)).isEqualTo("h2");
            assertThat(r.call(tls::protocol)).isEqualTo("TLSv1.3");
            r.run(() -> client.transport().loseConnection());
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @Test
    void spindleClientPresentsItsCertificateToOpensslServer() throws Exception {
        int port = Peers.freePort();
        try (Peers.Server server = new Peers.Server(dir, List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-key", "server.key", "-cert", "server.crt", "-rev", "-Verify", "1", "-CAfile", "client.crt",
                "-verify_return_error"), "ACCEPT");
                ReactorRunner r = new ReactorRunner()) {
            Apps.Client client = new Apps.Client("mutual\n");
            r.run(() -> TLS.connectSSL(r.reactor, "127.0.0.1", port, new Apps.Outcome(client),
                    trustingServer().withClientCertificate(CertifiedKey.fromPem(file("client.key"), file("client.crt")))));
            assertThat(await(client.firstLine)).isEqualTo("lautum");
            r.run(() -> client.transport().loseConnection()); // s_server serves one client at a time
            await(client.lost);

            Apps.Client anonymous = new Apps.Client("anonymous\n");
            Apps.Outcome outcome = new Apps.Outcome(anonymous);
            r.run(() -> TLS.connectSSL(r.reactor, "127.0.0.1", port, outcome, trustingServer()));
            // TLS 1.3: the client may think the handshake is done before the server refuses it.
            Object reason = CompletableFuture.anyOf(anonymous.lost, outcome.failed)
                    .get(ReactorRunner.WAIT, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reason).isInstanceOfSatisfying(TLSException.class, e -> {
                assertThat(e.alertReceived()).isTrue();
                assertThat(e.alert()).isIn(TLSAlert.CERTIFICATE_REQUIRED, TLSAlert.HANDSHAKE_FAILURE);
            });
        }
    }

    @Test
    void spindleClientRejectsAWrongHostNameAnUntrustedAndAnExpiredCertificate() throws Exception {
        SelfSignedCertificate ca = SelfSignedCertificate.generateAuthority("Expired Test CA");
        java.time.Instant now = java.time.Instant.now();
        SelfSignedCertificate expired = ca.issue(SelfSignedCertificate.KeyType.EC_P256,
                now.minus(java.time.Duration.ofDays(30)), now.minus(java.time.Duration.ofDays(1)), "localhost", "127.0.0.1");
        expired.write(file("expired.key"), file("expired.crt"));
        int port = Peers.freePort();
        int expiredPort = Peers.freePort();
        try (Peers.Server server = new Peers.Server(dir, List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-key", "server.key", "-cert", "server.crt", "-rev"), "ACCEPT");
                Peers.Server old = new Peers.Server(dir, List.of("openssl", "s_server", "-accept",
                        "127.0.0.1:" + expiredPort, "-key", "expired.key", "-cert", "expired.crt", "-rev"), "ACCEPT");
                ReactorRunner r = new ReactorRunner()) {
            Apps.Outcome wrongName = new Apps.Outcome(new Apps.Client("x\n"));
            Apps.Outcome untrusted = new Apps.Outcome(new Apps.Client("x\n"));
            Apps.Outcome outdated = new Apps.Outcome(new Apps.Client("x\n"));
            r.run(() -> {
                TLS.connectSSL(r.reactor, "127.0.0.1", port, wrongName, trustingServer().withServerName("wrong.example"));
                TLS.connectSSL(r.reactor, "127.0.0.1", port, untrusted,
                        TLSClientOptions.trusting(Trust.fromPem(file("ec.crt"))));
                TLS.connectSSL(r.reactor, "127.0.0.1", expiredPort, outdated,
                        TLSClientOptions.trusting(Trust.certificates(ca.certificate())));
            });

            assertThat(await(wrongName.failed)).isInstanceOfSatisfying(TLSException.class,
                    e -> assertThat(e.reason()).contains("wrong.example"));
            assertThat(await(untrusted.failed)).isInstanceOfSatisfying(TLSException.class,
                    e -> assertThat(e.reason()).contains("certification path"));
            assertThat(await(outdated.failed)).isInstanceOfSatisfying(TLSException.class,
                    e -> assertThat(e.reason()).contains("expired"));
        }
    }

    @Test
    void spindleClientDoesNotHangOnAServerThatNeverAnswers() throws Exception {
        int port = Peers.freePort();
        // A plain TCP listener that accepts and never speaks TLS.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
                ReactorRunner r = new ReactorRunner()) {
            Apps.Outcome outcome = new Apps.Outcome(new Apps.Client(""));
            r.run(() -> TLS.connectSSL(r.reactor, "127.0.0.1", port, outcome,
                    trustingServer().withHandshakeTimeout(java.time.Duration.ofMillis(500))));
            try (java.net.Socket accepted = silent.accept()) {
                assertThat(await(outcome.failed)).isInstanceOfSatisfying(TLSException.class,
                        e -> assertThat(e.getMessage()).contains("did not complete"));
                assertThat(accepted.isConnected()).isTrue();
            }
        }
    }
}
