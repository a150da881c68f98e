package net.protocols.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;
import net.reactor.Consumer;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Producer;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Spindle's own server over loopback, and against a hostile server in memory. */
class FTPClientTest {
    @TempDir
    Path root;

    @TempDir
    Path local;

    private RunningReactor running;
    private int port;

    @BeforeEach
    void start() throws Exception {
        running = RunningReactor.start(ReactorOptions.defaults().withName("ftp-client-test"));
        FileSystemShell files = FileSystemShell.create(running.reactor(), root, false);
        PasswordChecker users = PasswordChecker.builder().user("alice", "secret", files).build();
        ListeningPort listening = running.call(() -> running.reactor().listenTCP(0,
                new FTPFactory(running.reactor(), users, FTPServerOptions.defaults()), "127.0.0.1"));
        port = ((IPv4Address) listening.getHost()).port();
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    private FTPClient connected() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", port));
        assertThat(running.await(() -> ftp.login("alice", "secret")).code()).isEqualTo(230);
        return ftp;
    }

    @Test
    void everyOperationAgainstTheServer() throws Exception {
        FTPClient ftp = connected();
        assertThat(running.await(ftp::pwd)).isEqualTo("/");
        assertThat(running.await(() -> ftp.makeDirectory("dir \"q\"")).code()).isEqualTo(257);
        assertThat(running.await(() -> ftp.cwd("dir \"q\"")).code()).isEqualTo(250);
        assertThat(running.await(ftp::pwd)).isEqualTo("/dir \"q\"");
        running.await(() -> ftp.cwd("/"));

        byte[] content = new byte[5 * 1024 * 1024 + 3];
        new SplittableRandom(11).nextBytes(content);
        Path source = local.resolve("source.bin");
        Files.write(source, content);
        assertThat(running.await(() -> ftp.storeFile("up.bin", source))).isEqualTo((long) content.length);
        assertThat(root.resolve("up.bin")).hasBinaryContent(content);
        assertThat(running.await(() -> ftp.size("up.bin"))).isEqualTo((long) content.length);

        Path copy = local.resolve("copy.bin");
        assertThat(running.await(() -> ftp.retrieveFile("up.bin", copy))).isEqualTo((long) content.length);
        assertThat(copy).hasBinaryContent(content);

        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        assertThat(running.await(() -> ftp.retrieveFile("up.bin", collector(tail), content.length - 10)))
                .isEqualTo(10L);
        assertThat(tail.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 10, content.length));

        assertThat(running.await(() -> ftp.nlst(""))).containsExactly("dir \"q\"", "up.bin");
        List<String> long_ = running.await(() -> ftp.list(""));
        assertThat(long_).hasSize(2);
        assertThat(long_.get(1)).startsWith("-").endsWith(" up.bin").contains(" " + content.length + " ");

        assertThat(running.await(() -> ftp.rename("up.bin", "dir \"q\"/moved.bin")).code()).isEqualTo(250);
        assertThat(running.await(() -> ftp.nlst("dir \"q\""))).containsExactly("moved.bin");
        assertThat(running.await(() -> ftp.removeFile("dir \"q\"/moved.bin")).code()).isEqualTo(250);
        assertThat(running.await(() -> ftp.removeDirectory("dir \"q\"")).code()).isEqualTo(250);
        assertThat(running.await(() -> ftp.quote("NOOP")).text()).isEqualTo("NOOP ok.");
        assertThat(running.await(ftp::quit).code()).isEqualTo(221);
    }

    @Test
    void operationsIssuedAtOnceRunInOrder() throws Exception {
        FTPClient ftp = connected();
        List<Object> results = running.await(() -> Deferred.gatherResults(List.of(
                ftp.makeDirectory("a").addCallback(r -> (Object) r.code()),
                ftp.cwd("a").addCallback(r -> (Object) r.code()),
                ftp.pwd().addCallback(p -> (Object) p),
                ftp.cwd("..").addCallback(r -> (Object) r.code()),
                ftp.removeDirectory("a").addCallback(r -> (Object) r.code()))));
        assertThat(results).containsExactly(257, 250, "/a", 250, 250);
    }

    @Test
    void refusalsCarryTheReplyCodeAndText() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", port));
        Outcome<FTPReply> wrong = running.outcome(() -> ftp.login("alice", "wrong"));
        assertThat(wrong).isInstanceOf(Outcome.Failed.class);
        FTPReplyException refused = (FTPReplyException) ((Outcome.Failed<FTPReply>) wrong).failure().value();
        assertThat(refused.code()).isEqualTo(530);
        assertThat(refused.text()).isEqualTo("Login incorrect.");

        running.await(() -> ftp.login("alice", "secret"));
        assertThatThrownBy(() -> running.await(() -> ftp.size("missing")))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> {
                    assertThat(e.code()).isEqualTo(550);
                    assertThat(e.text()).isEqualTo("No such file or directory.");
                });
        assertThatThrownBy(() -> running.await(() -> ftp.retrieveFile("missing", local.resolve("x"))))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(550));
        // The session is still usable.
        assertThat(running.await(ftp::pwd)).isEqualTo("/");
    }

    @Test
    void connectAndLoginInOneStep() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", port, "alice", "secret"));
        assertThat(running.await(ftp::pwd)).isEqualTo("/");
        assertThatThrownBy(() -> running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", port, "alice",
                "wrong"))).isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(530));
    }

    @Test
    void activeModeCarriesTransfersAndListings() throws Exception {
        FTPClient ftp = connected();
        ftp.setPassive(false);
        assertThat(ftp.isPassive()).isFalse();
        byte[] content = new byte[3 * 1024 * 1024 + 1];
        new SplittableRandom(13).nextBytes(content);
        Path source = Files.write(local.resolve("active.bin"), content);
        assertThat(running.await(() -> ftp.storeFile("active.bin", source))).isEqualTo((long) content.length);
        assertThat(root.resolve("active.bin")).hasBinaryContent(content);
        Path copy = local.resolve("active-copy.bin");
        assertThat(running.await(() -> ftp.retrieveFile("active.bin", copy))).isEqualTo((long) content.length);
        assertThat(copy).hasBinaryContent(content);
        assertThat(running.await(() -> ftp.nlst(""))).containsExactly("active.bin");
        assertThat(running.await(() -> ftp.list(""))).singleElement().asString().endsWith(" active.bin");

        // A refused transfer gives the listening port up, and the session goes on.
        assertThatThrownBy(() -> running.await(() -> ftp.retrieveFile("missing", local.resolve("missing"))))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(550));
        assertThat(running.await(() -> ftp.size("active.bin"))).isEqualTo((long) content.length);
    }

    @Test
    void resumingToAndFromDisk() throws Exception {
        FTPClient ftp = connected();
        byte[] content = new byte[2 * 1024 * 1024 + 9];
        new SplittableRandom(17).nextBytes(content);
        Path whole = Files.write(local.resolve("whole.bin"), content);
        Files.write(root.resolve("half.bin"), java.util.Arrays.copyOf(content, 700_000));
        assertThat(running.await(() -> ftp.storeFile("half.bin", whole, 700_000)))
                .isEqualTo((long) content.length - 700_000);
        assertThat(root.resolve("half.bin")).hasBinaryContent(content);

        byte[] partial = java.util.Arrays.copyOf(content, 1_200_000);
        java.util.Arrays.fill(partial, 1_000_000, partial.length, (byte) 0); // junk past the offset is cut
        Path resumed = Files.write(local.resolve("resumed.bin"), partial);
        assertThat(running.await(() -> ftp.retrieveFile("half.bin", resumed, 1_000_000)))
                .isEqualTo((long) content.length - 1_000_000);
        assertThat(resumed).hasBinaryContent(content);
    }

    @Test
    void explicitTlsProtectsTheSessionInBothModes() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        FileSystemShell files = FileSystemShell.create(running.reactor(), root, false);
        PasswordChecker users = PasswordChecker.builder().user("alice", "secret", files).build();
        // TLS required: the server refuses USER before AUTH TLS, so a login proves the client
        // protected the control connection; PROT P makes the server speak TLS on data
        // connections, so a transfer proves the client did too.
        FTPServerOptions options = FTPServerOptions.defaults().withTLS(TLSServerOptions.of(certificate.key()))
                .withTLSRequired(true);
        ListeningPort listening = running.call(() -> running.reactor().listenTCP(0,
                new FTPFactory(running.reactor(), users, options), "127.0.0.1"));
        int tlsPort = ((IPv4Address) listening.getHost()).port();

        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", tlsPort));
        TLSClientOptions trust = TLSClientOptions.trusting(Trust.certificates(certificate.certificate()));
        assertThat(running.await(() -> ftp.startTLS(trust)).code()).isEqualTo(200);
        assertThat(running.await(() -> ftp.login("alice", "secret")).code()).isEqualTo(230);

        byte[] content = new byte[2 * 1024 * 1024 + 5];
        new SplittableRandom(19).nextBytes(content);
        Path source = Files.write(local.resolve("tls.bin"), content);
        for (boolean passive : new boolean[] {true, false}) {
            ftp.setPassive(passive);
            String name = passive ? "passive.bin" : "active.bin";
            assertThat(running.await(() -> ftp.storeFile(name, source))).isEqualTo((long) content.length);
            assertThat(root.resolve(name)).hasBinaryContent(content);
            Path copy = local.resolve("copy-" + name);
            assertThat(running.await(() -> ftp.retrieveFile(name, copy))).isEqualTo((long) content.length);
            assertThat(copy).hasBinaryContent(content);
            assertThat(running.await(() -> ftp.nlst(""))).contains(name);

            // Empty transfers still complete the handshake before closing (GnuTLS clients such as
            // lftp fail a data connection closed mid-handshake).
            String empty = passive ? "empty-p" : "empty-a";
            running.await(() -> ftp.makeDirectory(empty));
            assertThat(running.await(() -> ftp.list(empty))).isEmpty();
            Path nothing = Files.write(local.resolve(empty + ".bin"), new byte[0]);
            assertThat(running.await(() -> ftp.storeFile(empty + "/zero.bin", nothing))).isZero();
            assertThat(root.resolve(empty + "/zero.bin")).isEmptyFile();
            assertThat(running.await(() -> ftp.retrieveFile(empty + "/zero.bin", local.resolve(empty + ".copy"))))
                    .isZero();
        }
        running.await(ftp::quit);

        // Without AUTH TLS the same server refuses the login.
        FTPClient clear = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", tlsPort));
        assertThatThrownBy(() -> running.await(() -> clear.login("alice", "secret")))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(530));

        // A certificate the client does not trust ends the connection during the handshake.
        FTPClient untrusting = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", tlsPort));
        SelfSignedCertificate other = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Outcome<FTPReply> refused = running.outcome(() -> untrusting.startTLS(
                TLSClientOptions.trusting(Trust.certificates(other.certificate()))).addCallbackDeferred(
                        ok -> untrusting.login("alice", "secret")));
        assertThat(refused).isInstanceOf(Outcome.Failed.class);
        running.run(() -> listening.stopListening());
    }

    @Test
    void startTlsRefusedByAServerWithoutTlsKeepsTheSessionInClearText() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", port));
        assertThatThrownBy(() -> running.await(() -> ftp.startTLS(TLSClientOptions.defaults())))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isGreaterThanOrEqualTo(500));
        assertThat(running.await(() -> ftp.login("alice", "secret")).code()).isEqualTo(230);
        assertThat(running.await(ftp::pwd)).isEqualTo("/");
    }

    @Test
    void aServerThatDoesNotSpeakFTPIsDropped() {
        FTPClient client = new FTPClient(running.reactor());
        StringTransport transport = new StringTransport();
        transport.connect(client);
        client.dataReceived("220-Welcome\r\n to a multi-line greeting\r\n220 ready\r\n".getBytes(UTF_8));
        Outcome<FTPReply> greeting = client.greeting().peek();
        assertThat(greeting).isInstanceOf(Outcome.Success.class);
        assertThat(((Outcome.Success<FTPReply>) greeting).value().lines())
                .containsExactly("Welcome", " to a multi-line greeting", "ready");
        Deferred<FTPReply> pending = client.quote("NOOP");
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("NOOP\r\n");
        client.dataReceived("HTTP/1.1 400 Bad Request\r\n".getBytes(UTF_8));
        assertThat(transport.closeReason()).isInstanceOf(FTPProtocolException.class);
        transport.deliverConnectionLost();
        assertThat(pending.peek()).isInstanceOf(Outcome.Failed.class);
        pending.addErrback(f -> null);
        assertThat(client.quote("NOOP").peek()).isInstanceOf(Outcome.Failed.class);
    }

    private static Consumer collector(ByteArrayOutputStream out) {
        return new Consumer() {
            @Override
            public void registerProducer(Producer producer, boolean streaming) {}

            @Override
            public void unregisterProducer() {}

            @Override
            public void write(byte[] data) {
                out.writeBytes(data);
            }
        };
    }
}
