package spindle.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.protocols.web.Render;
import net.protocols.web.Request;
import net.protocols.web.Resource;
import net.protocols.web.Site;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.PeerCommand;

/**
 * curl (Debian's, OpenSSL) against Spindle's HTTP/1.1 server under {@link TLS#listenSSL} with a
 * self-signed certificate curl trusts through {@code --cacert}: ALPN agrees on {@code http/1.1},
 * two URLs share one TLS connection, a 3 MiB body arrives intact, and the resource sees
 * {@link Request#isSecure()}.
 */
class HttpsCurlTest {
    @TempDir
    static Path dir;

    private static RunningReactor running;
    private static int port;
    private static Path certificate;
    private static final byte[] BIG = new byte[3 * 1024 * 1024 + 5];

    @BeforeAll
    static void start() throws Exception {
        PeerCommand.require("curl", "apt-get install curl", "curl", "--version");
        new SplittableRandom(11).nextBytes(BIG);
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Path key = dir.resolve("key.pem");
        certificate = dir.resolve("cert.pem");
        cert.write(key, certificate);
        running = RunningReactor.start(ReactorOptions.defaults().withName("https-it"));
        Resource root = new Resource();
        root.putChild("scheme", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                return Render.text(request.scheme() + " " + request.isSecure() + "\n");
            }
        });
        root.putChild("big", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                return Render.bytes(BIG);
            }
        });
        TLSServerOptions options = TLSServerOptions.fromPem(key, certificate).withApplicationProtocols("http/1.1");
        ListeningPort listening = running.call(() -> TLS.listenSSL(running.reactor(), 0,
                new Site(root, running.reactor()), options, "127.0.0.1"));
        port = ((IPv4Address) listening.getHost()).port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    private static String url(String path) {
        return "https://localhost:" + port + path;
    }

    private static PeerCommand curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "60",
                "--cacert", certificate.toString(), "--resolve", "localhost:" + port + ":127.0.0.1"));
        command.addAll(List.of(args));
        return PeerCommand.run(command);
    }

    @Test
    void negotiatesHttp11AndKeepsOneTlsConnectionAcrossTwoURLs() throws Exception {
        PeerCommand r = curl("-v", "-w", "[%{http_version}]", url("/scheme"), url("/scheme"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("https true\n[1.1]https true\n[1.1]");
        assertThat(r.stderr()).containsPattern("ALPN.*(accepted|server accepted).*http/1\\.1");
        assertThat(r.stderr()).containsPattern("(?i)re-?using existing connection");
        assertThat(r.stderr().split("Connected to", -1)).hasSize(2); // one TCP (and TLS) connection
        assertThat(r.stderr()).containsPattern("SSL connection using TLSv1\\.[23]");
    }

    @Test
    void servesThreeMebibytesIntact() throws Exception {
        Path out = dir.resolve("big.bin");
        PeerCommand r = curl("-w", "%{http_version} %{http_code}", url("/big"), "-o", out.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("1.1 200");
        assertThat(Files.readAllBytes(out)).isEqualTo(BIG);
    }

    @Test
    void refusesAnUntrustedCertificate() throws Exception {
        PeerCommand r = PeerCommand.run(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "60",
                "--resolve", "localhost:" + port + ":127.0.0.1", url("/scheme")));
        assertThat(r.exit()).isEqualTo(60); // peer certificate cannot be authenticated
        assertThat(r.text()).isEmpty();
    }
}
