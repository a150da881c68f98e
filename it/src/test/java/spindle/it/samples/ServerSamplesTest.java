package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed samples run as a user runs them, each in its own JVM on the module path, and are
 * checked over real sockets. A sample that starts proves its module descriptors resolve (no split
 * package, no missing export).
 */
class ServerSamplesTest {
    /** SIGTERM ends a JVM with 128 + 15 once its shutdown hooks (the reactor's stop) have run. */
    private static final int SIGTERM_STATUS = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @RegisterExtension
    final SampleProcesses samples = new SampleProcesses();

    private SampleProcess start(String... args) throws Exception {
        return samples.start(dir, args);
    }

    private static void assertStoppedCleanly(SampleProcess server) throws InterruptedException {
        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
        assertThat(server.output()).as("exactly one 'listening on' line")
                .filteredOn(l -> l.startsWith("listening on ")).hasSize(1);
    }

    @Test
    void echoAnswersWithWhatItGetsAndTheEchoClientPrintsIt() throws Exception {
        SampleProcess server = start("echo", "--port", "0");
        InetSocketAddress address = server.awaitListening();
        assertThat(address.getHostString()).isEqualTo("127.0.0.1");

        try (LineClient c = new LineClient(address)) {
            c.write("hello\r\nworld\n");
            assertThat(c.readLine("\r\n")).isEqualTo("hello");
            assertThat(c.readLine("\n")).isEqualTo("world");
        }

        SampleProcess client = start("echo-client", "--port", String.valueOf(address.getPort()), "--message", "round trip");
        assertThat(client.awaitExit(EXIT_TIMEOUT)).as(client.diagnostics()).isZero();
        assertThat(client.output()).containsExactly("Server said: round trip", "Connection lost - goodbye!");

        assertStoppedCleanly(server);
    }

    @Test
    void echoOnAReactorGroupAnswersEveryClientAndStopsOnSigterm() throws Exception {
        SampleProcess server = start("echo", "--port", "0", "--reactors", "2");
        InetSocketAddress address = server.awaitListening();
        for (int i = 0; i < 8; i++) {
            try (LineClient c = new LineClient(address)) {
                c.write("hello " + i + "\n");
                assertThat(c.readLine("\n")).isEqualTo("hello " + i);
            }
        }
        assertThat(server.stderr()).contains("echo: 2 reactors");
        assertStoppedCleanly(server);
    }

    @Test
    void echoOverTLSWithACertificateGeneratedOnFirstStartKeptAndGivenAsPEM() throws Exception {
        SampleProcess server = start("echo", "--tls", "--port", "0");
        InetSocketAddress address = server.awaitListening();
        Path key = dir.resolve("data/tls/echo-key.pem");
        Path certificate = dir.resolve("data/tls/echo-cert.pem");
        assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");
        String generated = Files.readString(certificate);

        SampleProcess trusting = start("echo-client", "--tls", "--port", String.valueOf(address.getPort()),
                "--trust", certificate.toString(), "--message", "over TLS");
        assertThat(trusting.awaitExit(EXIT_TIMEOUT)).as(trusting.diagnostics()).isZero();
        assertThat(trusting.output()).containsExactly("Server said: over TLS", "Connection lost - goodbye!");

        SampleProcess untrusting = start("echo-client", "--tls", "--port", String.valueOf(address.getPort()));
        assertThat(untrusting.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
        assertThat(untrusting.stderr()).contains("Connection failed - goodbye!", "certificat");
        assertStoppedCleanly(server);

        // The next start keeps the certificate, so clients that trust it still do.
        SampleProcess again = start("echo", "--tls", "--port", "0");
        again.awaitListening();
        assertThat(Files.readString(certificate)).isEqualTo(generated);
        assertStoppedCleanly(again);

        // PEM files named on the command line, as openssl would make them.
        Path myKey = Files.copy(key, dir.resolve("domain.key"));
        Path myCertificate = Files.copy(certificate, dir.resolve("domain.crt"));
        Files.delete(key);
        Files.delete(certificate);
        SampleProcess given = start("echo", "--tls", "--port", "0", "--key", myKey.toString(), "--cert", myCertificate.toString());
        InetSocketAddress third = given.awaitListening();
        SampleProcess client = start("echo-client", "--tls", "--port", String.valueOf(third.getPort()),
                "--trust", myCertificate.toString());
        assertThat(client.awaitExit(EXIT_TIMEOUT)).as(client.diagnostics()).isZero();
        assertThat(certificate).doesNotExist();
        assertStoppedCleanly(given);
    }

    @Test
    void theEchoClientFailsWhenNobodyListens() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SampleProcess client = start("echo-client", "--port", String.valueOf(port));
        assertThat(client.awaitExit(EXIT_TIMEOUT)).isEqualTo(1);
        assertThat(client.stderr()).contains("Connection failed - goodbye!");
    }

    @Test
    void qotdSendsTheQuoteAndCloses() throws Exception {
        SampleProcess server = start("qotd", "--port", "0", "--quote", "Simple is better than complex");
        InetSocketAddress address = server.awaitListening();
        for (int i = 0; i < 2; i++) {
            try (LineClient c = new LineClient(address)) {
                assertThat(c.readToEnd()).isEqualTo("Simple is better than complex\r\n");
            }
        }
        assertStoppedCleanly(server);
    }

    @Test
    void chatFollowsTheHowTo() throws Exception {
        SampleProcess server = start("chat", "--port", "0");
        InetSocketAddress address = server.awaitListening();
        try (LineClient ann = new LineClient(address); LineClient bob = new LineClient(address)) {
            assertThat(ann.readLine("\r\n")).isEqualTo("What's your name?");
            assertThat(bob.readLine("\r\n")).isEqualTo("What's your name?");
            ann.write("ann\r\n");
            assertThat(ann.readLine("\r\n")).isEqualTo("Welcome, ann!");
            bob.write("ann\r\n");
            assertThat(bob.readLine("\r\n")).isEqualTo("Name taken, please choose another.");
            bob.write("bob\r\n");
            assertThat(bob.readLine("\r\n")).isEqualTo("Welcome, bob!");
            ann.write("hi bob\r\n");
            assertThat(bob.readLine("\r\n")).isEqualTo("<ann> hi bob");
            bob.write("hi ann\r\n");
            assertThat(ann.readLine("\r\n")).isEqualTo("<bob> hi ann");
        }
        assertStoppedCleanly(server);
    }

    @Test
    void loggingAppendsLinesAndClosesItsFileOnSigterm() throws Exception {
        Path file = dir.resolve("lines.log");
        SampleProcess server = start("logging", "--port", "0", "--file", file.toString());
        InetSocketAddress address = server.awaitListening();
        assertThat(server.stderr()).contains("startFactory: opened " + file);
        try (LineClient a = new LineClient(address); LineClient b = new LineClient(address)) {
            a.write("first\r\n");
            b.write("second\r\nthird\r\n");
            // Wait until the server has written them: lines from one connection stay in order.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Files.readAllLines(file).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrder("first", "second", "third");
        assertThat(Files.readAllLines(file)).containsSubsequence("second", "third");

        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).contains("stopFactory: closed " + file);
    }

    @Test
    void dbRunsItsTransactionsThroughThePoolAndClosesIt() throws Exception {
        SampleProcess db = start("db");
        assertThat(db.awaitExit(EXIT_TIMEOUT)).as(db.diagnostics()).isZero();
        assertThat(db.output()).contains(
                "  opened 3 accounts in one batch",
                "  balances: ada 100.00, brian 50.00, grace 75.00",
                "  transfer of 1000.00 from grace refused and rolled back: SQLState 23513",
                "  balances: ada 70.00, brian 80.00, grace 75.00",
                "  3 accounts hold 225.00; the richest is brian",
                "Await style: the same calls from a virtual thread; each await parks it while the reactor works.",
                "  transferred 10.00 from brian to grace",
                "  transfer of 500.00 from ada refused and rolled back: SQLState 23513",
                "  3 accounts hold 225.00; the richest is grace",
                "  balances: ada 70.00, brian 70.00, grace 85.00",
                "reactor stopped; pool closed");
    }

    @Test
    void legacyServesAnUnmodifiedJavaIoServiceOnVirtualThreads() throws Exception {
        SampleProcess server = start("legacy", "--port", "0");
        InetSocketAddress address = server.awaitListening();
        try (LineClient a = new LineClient(address); LineClient b = new LineClient(address)) {
            assertThat(a.readLine("\n")).startsWith("HELLO legacy key-value service");
            assertThat(b.readLine("\n")).startsWith("HELLO legacy key-value service");
            assertThat(a.ask("SET greeting hello from a")).isEqualTo("OK");
            // Both sessions block in readLine on their own virtual threads; they share the table.
            assertThat(b.ask("GET greeting")).isEqualTo("VALUE hello from a");
            assertThat(b.ask("COUNT")).isEqualTo("COUNT 1");
            assertThat(a.ask("DEL greeting")).isEqualTo("OK");
            assertThat(b.ask("GET greeting")).isEqualTo("NOT FOUND");
            assertThat(a.ask("FROBNICATE")).isEqualTo("ERROR unknown command or wrong arguments: FROBNICATE");
            assertThat(a.ask("QUIT")).isEqualTo("BYE");
            assertThat(a.readToEnd()).as("the connection closes when the handler returns").isEmpty();
            assertThat(b.ask("COUNT")).isEqualTo("COUNT 0");
        }
        assertStoppedCleanly(server);
    }

    @Test
    void aBadCommandLineExitsWithStatusTwoAndHelpWithZero() throws Exception {
        SampleProcess bad = start("echo", "--prot", "9000");
        assertThat(bad.awaitExit(EXIT_TIMEOUT)).isEqualTo(2);
        assertThat(bad.stderr()).contains("unknown argument: --prot");

        SampleProcess unknown = start("no-such-sample");
        assertThat(unknown.awaitExit(EXIT_TIMEOUT)).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown sample: no-such-sample", "herd", "chat");

        SampleProcess help = start("qotd", "--help");
        assertThat(help.awaitExit(EXIT_TIMEOUT)).isZero();
        assertThat(String.join("\n", help.output())).contains("usage: samples/run qotd", "--quote");
    }

    @Test
    void socksRelaysToAnAllowedHostAndRefusesEverythingWithoutAllow() throws Exception {
        try (java.net.ServerSocket destination = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = destination.accept()) {
                    s.getOutputStream().write("hi from the destination".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the test failed elsewhere
                }
            });
            SampleProcess open = start("socks", "--port", "0", "--allow", "127.0.0.1");
            byte[] reply = socks4Connect(open.awaitListening(), destination.getLocalPort());
            assertThat(reply).startsWith(0, 90);
            assertThat(new String(java.util.Arrays.copyOfRange(reply, 8, reply.length),
                    java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hi from the destination");
            assertStoppedCleanly(open);

            SampleProcess closed = start("socks", "--port", "0");
            assertThat(socks4Connect(closed.awaitListening(), destination.getLocalPort())).containsExactly(
                    0, 91, destination.getLocalPort() >> 8, destination.getLocalPort() & 0xff, 127, 0, 0, 1);
            assertStoppedCleanly(closed);
        }
    }

    @Test
    void ftpServerLetsItsUserInAndRefusesEveryoneWithoutUsers() throws Exception {
        Path served = java.nio.file.Files.createDirectories(dir.resolve("served"));
        java.nio.file.Files.writeString(served.resolve("hello.txt"), "hi");
        SampleProcess open = start("ftp-server", "--port", "0", "--root", served.toString(), "--user", "alice:secret");
        assertThat(ftpLogin(open.awaitListening(), "alice", "secret"))
                .containsExactly("220 Spindle FTP server ready.", "331 Password required for alice.",
                        "230 User logged in, proceed.", "213 2", "221 Goodbye.");
        assertStoppedCleanly(open);

        SampleProcess closed = start("ftp-server", "--port", "0", "--root", served.toString());
        assertThat(ftpLogin(closed.awaitListening(), "anonymous", "x")).contains("530 Login incorrect.")
                .doesNotContain("230 User logged in, proceed.");
        assertStoppedCleanly(closed);
    }

    /** Logs in, asks for hello.txt's size, quits; returns every reply line. */
    private static List<String> ftpLogin(InetSocketAddress server, String user, String password) throws Exception {
        try (java.net.Socket s = new java.net.Socket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("USER " + user + "\r\nPASS " + password + "\r\nSIZE hello.txt\r\nQUIT\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return List.of(all.split("\r\n"));
        }
    }

    /** Sends a SOCKS4 CONNECT to 127.0.0.1:port and reads until the server closes. */
    private static byte[] socks4Connect(InetSocketAddress proxy, int port) throws Exception {
        try (java.net.Socket s = new java.net.Socket(proxy.getAddress(), proxy.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(new byte[] {4, 1, (byte) (port >> 8), (byte) port, 127, 0, 0, 1, 'i', 't', 0});
            return s.getInputStream().readAllBytes();
        }
    }
}
