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
