package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.PeerCommand;

/** {@code samples/run web --root DIR}: curl downloads a 64 MiB file intact, an index, and no escape. */
class WebSampleTest {
    private static final int SIGTERM_STATUS = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SampleProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private static PeerCommand curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "60"));
        command.addAll(List.of(args));
        return PeerCommand.run(command);
    }

    @Test
    void servesFilesAndNothingOutsideTheRoot() throws Exception {
        PeerCommand.require("curl", "apt-get install curl", "curl", "--version");
        Path root = Files.createDirectory(dir.resolve("www"));
        byte[] big = new byte[64 * 1024 * 1024];
        new SplittableRandom(11).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(dir.resolve("secret.txt"), "outside the root\n");

        server = SampleProcess.start(dir, "web", "--root", root.toString(), "--port", "0");
        InetSocketAddress address = server.awaitListening();
        String base = "http://127.0.0.1:" + address.getPort();

        Path out = dir.resolve("down.bin");
        PeerCommand r = curl("-o", out.toString(), "-w", "%{http_code} %{content_type}", base + "/big.bin");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("200 application/octet-stream");
        assertThat(Files.readAllBytes(out)).isEqualTo(big);

        assertThat(curl(base + "/").text()).isEqualTo("<h1>home</h1>\n");
        PeerCommand escape = curl("--path-as-is", "-w", "%{http_code}", "-o", "/dev/null", base + "/../secret.txt");
        assertThat(escape.text()).isEqualTo("404");
        PeerCommand encoded = curl("--path-as-is", "-w", "%{http_code}", "-o", "/dev/null", base + "/%2e%2e/secret.txt");
        assertThat(encoded.text()).isEqualTo("404");
        Files.createSymbolicLink(root.resolve("out"), dir);
        PeerCommand symlink = curl("-w", "%{http_code}", "-o", "/dev/null", base + "/out/secret.txt");
        assertThat(symlink.text()).isEqualTo("404");

        // A byte range, then a conditional GET with the ETag the first answer carried.
        PeerCommand range = curl("-r", "1000-1009", "-D", dir.resolve("range-head.txt").toString(), base + "/big.bin");
        assertThat(range.stdout()).isEqualTo(java.util.Arrays.copyOfRange(big, 1000, 1010));
        String head = Files.readString(dir.resolve("range-head.txt"));
        assertThat(head).startsWith("HTTP/1.1 206 ").containsIgnoringCase("content-range: bytes 1000-1009/" + big.length);
        String etag = head.lines().filter(l -> l.regionMatches(true, 0, "etag:", 0, 5)).findFirst().orElseThrow()
                .substring(5).strip();
        PeerCommand notModified = curl("-w", "%{http_code}", "-o", "/dev/null", "-H", "If-None-Match: " + etag,
                base + "/big.bin");
        assertThat(notModified.text()).isEqualTo("304");

        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
    }

    @Test
    void servesHttpsWithASelfSignedCertificateMadeOnFirstStart() throws Exception {
        PeerCommand.require("curl", "apt-get install curl", "curl", "--version");
        Path root = Files.createDirectory(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>secure home</h1>\n");
        Path data = dir.resolve("data");

        server = SampleProcess.start(dir, "web", "--root", root.toString(), "--port", "0", "--tls",
                "--data-dir", data.toString());
        InetSocketAddress address = server.awaitListening();
        Path certificate = data.resolve("tls").resolve("web-cert.pem");
        assertThat(certificate).isRegularFile();
        assertThat(data.resolve("tls").resolve("web-key.pem")).isRegularFile();

        PeerCommand r = curl("-v", "--cacert", certificate.toString(), "-w", "%{http_version}",
                "https://127.0.0.1:" + address.getPort() + "/");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("<h1>secure home</h1>\n1.1");
        assertThat(r.stderr()).containsPattern("ALPN.*accepted.*http/1\\.1");

        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
    }
}
