package spindle.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import net.deferred.Deferred;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Reactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spindle.it.support.RequiredPeer;

/**
 * Issue 20 §3, the TLS refusals a real peer provokes over TCP: old protocol versions, a
 * client-initiated renegotiation, and a ClientHello followed by silence. The other TLS faults
 * (wrong host, expired, untrusted, missing client certificate, plain text on a TLS port) are
 * covered by existing tests listed in docs/fault-suite.md.
 */
class TlsRefusalsTest {
    Reactor reactor;
    Thread loop;
    int port;
    WellBehavedClient witness;

    @BeforeEach
    void start() throws IOException {
        reactor = Reactor.create();
        loop = reactor.start("it-faults-tls");
        port = reactor.blockingCallFromThread(() -> Deferred.succeed(((IPv4Address) TLS.listenSSL(reactor, 0,
                Factory.forProtocol(FaultSuiteTest.Echo::new),
                TLSServerOptions.of(FaultTransport.SERVER.key()).withHandshakeTimeout(Duration.ofSeconds(1)), 50,
                "127.0.0.1").getHost()).port()));
        witness = new WellBehavedClient(new FaultTransport.Where(FaultTransport.TLS, port, null));
    }

    @AfterEach
    void stop() throws Exception {
        witness.close();
        reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        loop.join(60_000);
    }

    record Run(int exit, String output) {}

    static Run openssl(String stdin, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            throw RequiredPeer.missing("openssl is not installed", "apt-get install openssl");
        }
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        if (stdin.isEmpty()) {
            p.getOutputStream().close();
        }
        // s_client reads stdin until EOF; close it a moment later so a renegotiation has time to run.
        Thread.sleep(stdin.isEmpty() ? 0 : 1500);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1", "-tls1_1"})
    void oldProtocolVersionsAreRefused(String version) throws Exception {
        // SECLEVEL=0 lets this OpenSSL offer TLS 1.0/1.1 at all; the refusal must come from the server.
        Run run = openssl("", "s_client", "-connect", "127.0.0.1:" + port, version, "-cipher", "DEFAULT@SECLEVEL=0",
                "-servername", "localhost");
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).doesNotContain("BEGIN CERTIFICATE").containsIgnoringCase("alert");
        FaultSuiteTest.served(witness, "TLS " + version + " client (openssl s_client)", FaultTransport.TLS,
                "handshake refused: " + firstLine(run.output(), "alert"));
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        Run run = openssl("R\n", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2", "-servername", "localhost");
        assertThat(run.output()).contains("RENEGOTIATING");
        // The connection was set up (a certificate came) and the renegotiation did not complete: OpenSSL
        // reports an alert or error instead of a second handshake.
        assertThat(run.output()).contains("BEGIN CERTIFICATE");
        String after = run.output().substring(run.output().indexOf("RENEGOTIATING"));
        assertThat(after).containsAnyOf("alert", "error", "errno");
        FaultSuiteTest.served(witness, "client-initiated renegotiation (openssl s_client -tls1_2, R)",
                FaultTransport.TLS, "refused: " + firstLine(after, "alert", "error"));
    }

    @Test
    void aClientHelloThenSilenceIsCutOffByTheHandshakeTimeout() throws Exception {
        SSLEngine engine = FaultTransport.CLIENT_CONTEXT.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(hello.array(), 0, hello.limit());
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            long received = 0;
            try {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received += n;
                }
            } catch (java.net.SocketException reset) {
                // a reset also ends it
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(received).as("the server answered the ClientHello").isPositive();
            FaultSuiteTest.served(witness, "ClientHello then silence (handshake timeout 1 s)", FaultTransport.TLS,
                    "server answered " + received + " bytes, then closed after " + millis + " ms");
        }
    }

    private static String firstLine(String output, String... words) {
        return output.lines().filter(l -> java.util.Arrays.stream(words).anyMatch(l::contains)).findFirst()
                .orElse("(no line)").replace("|", "/").strip();
    }
}
