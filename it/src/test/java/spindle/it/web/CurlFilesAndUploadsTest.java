package spindle.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.protocols.web.RequestBodyReceiver;
import net.protocols.web.FileResource;
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
 * curl against {@link FileResource} and a streaming upload resource, over HTTP and HTTPS:
 * byte ranges (206, 416, several ranges → the whole file), conditional GET with the ETag and
 * with {@code -z} (304), two files over one kept-alive connection, a directory listing, and a
 * chunked upload from curl's standard input ({@code -T -}) streamed to a {@link RequestBodyReceiver}
 * in several deliveries, digest checked; a 100-continue upload to a missing path gets its 404
 * without the body being asked for.
 */
class CurlFilesAndUploadsTest {
    @TempDir
    static Path dir;

    private static RunningReactor running;
    private static int port;
    private static int tlsPort;
    private static Path certificate;
    private static byte[] big;
    private static final AtomicInteger deliveries = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        PeerCommand.require("curl", "apt-get install curl", "curl", "--version");
        Path root = Files.createDirectory(dir.resolve("root"));
        big = new byte[1024 * 1024 + 3];
        new SplittableRandom(5).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.from(Instant.parse("2025-05-05T05:05:05Z")));
        Files.createDirectory(root.resolve("list"));
        Files.writeString(root.resolve("list/x<y>.txt"), "x");

        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Path key = dir.resolve("key.pem");
        certificate = dir.resolve("cert.pem");
        cert.write(key, certificate);

        running = RunningReactor.start(ReactorOptions.defaults().withName("web-files-it"));
        Resource top = new Resource();
        top.putChild("files", new FileResource(root, true));
        top.putChild("sink", new Sink());
        Site site = running.call(() -> new Site(top, running.reactor()));
        ListeningPort plain = running.call(() -> running.reactor().listenTCP(0, site, 50, "127.0.0.1"));
        port = ((IPv4Address) plain.getHost()).port();
        TLSServerOptions options = TLSServerOptions.fromPem(key, certificate).withApplicationProtocols("http/1.1");
        ListeningPort secure = running.call(() -> TLS.listenSSL(running.reactor(), 0, site, options, "127.0.0.1"));
        tlsPort = ((IPv4Address) secure.getHost()).port();
    }

    /** Streams an upload into a digest: answers its size and SHA-256 when the body ends. */
    private static final class Sink extends Resource {
        @Override
        public RequestBodyReceiver receiveBody(Request request) {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long[] size = {0};
            return new RequestBodyReceiver() {
                @Override
                public void dataReceived(byte[] data) {
                    deliveries.incrementAndGet();
                    size[0] += data.length;
                    sha.update(data);
                }

                @Override
                public void bodyEnded() {
                    request.setHeader("Content-Type", "text/plain");
                    request.write((size[0] + " " + HexFormat.of().formatHex(sha.digest()) + "\n").getBytes());
                    request.finish();
                }

                @Override
                public void bodyFailed(Throwable reason) {
                    // the request is lost with it: nothing to answer
                }
            };
        }

        @Override
        protected Render renderPUT(Request request) {
            return Render.NOT_DONE_YET; // answered by the receiver
        }

        @Override
        protected Render renderPOST(Request request) {
            return Render.NOT_DONE_YET;
        }

        @Override
        public Set<String> allowedMethods() {
            return Set.of("PUT", "POST");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static PeerCommand curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "60"));
        command.addAll(List.of(args));
        return PeerCommand.run(command);
    }

    private static PeerCommand curlTls(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "60",
                "--cacert", certificate.toString(), "--resolve", "localhost:" + tlsPort + ":127.0.0.1"));
        command.addAll(List.of(args));
        return PeerCommand.run(command);
    }

    @Test
    void servesByteRanges() throws Exception {
        PeerCommand r = curl("-r", "1000-1999", "-D", "-", url("/files/big.bin"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        String head = new String(r.stdout(), 0, indexOfBody(r.stdout()), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.1 206 ").containsIgnoringCase("content-range: bytes 1000-1999/" + big.length);
        assertThat(java.util.Arrays.copyOfRange(r.stdout(), indexOfBody(r.stdout()), r.stdout().length))
                .isEqualTo(java.util.Arrays.copyOfRange(big, 1000, 2000));

        r = curl("-o", "/dev/null", "-w", "%{http_code}", "-r", big.length + "-", url("/files/big.bin"));
        assertThat(r.text()).isEqualTo("416");
        r = curl("-r", "0-1,5-6", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", url("/files/big.bin"));
        assertThat(r.text()).isEqualTo("200 " + big.length); // several ranges: the whole file, said so in the docs
    }

    @Test
    void answersConditionalGets() throws Exception {
        PeerCommand r = curl("-D", "-", "-o", "/dev/null", url("/files/a.txt"));
        String etag = r.text().lines().filter(l -> l.regionMatches(true, 0, "etag:", 0, 5)).findFirst().orElseThrow()
                .substring(5).strip();
        assertThat(r.text()).containsIgnoringCase("last-modified: Mon, 05 May 2025 05:05:05 GMT");
        r = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag, url("/files/a.txt"));
        assertThat(r.text()).isEqualTo("304");
        r = curl("-o", "/dev/null", "-w", "%{http_code}", "-z", "Mon, 05 May 2025 05:05:05 GMT", url("/files/a.txt"));
        assertThat(r.text()).isEqualTo("304");
        r = curl("-o", "/dev/null", "-w", "%{http_code}", "-z", "Sun, 04 May 2025 05:05:05 GMT", url("/files/a.txt"));
        assertThat(r.text()).isEqualTo("200");
        r = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-Match: \"nope\"", url("/files/a.txt"));
        assertThat(r.text()).isEqualTo("412");
    }

    @Test
    void keepsOneConnectionAcrossTwoFilesAndListsADirectory() throws Exception {
        PeerCommand r = curl("-v", url("/files/a.txt"), url("/files/a.txt"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("alpha\nalpha\n");
        assertThat(r.stderr().split("Connected to", -1)).hasSize(2);
        r = curl(url("/files/list/"));
        assertThat(r.text()).contains("x&lt;y&gt;.txt").doesNotContain("x<y>");
    }

    @Test
    void streamsAChunkedUploadFromStandardInput() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024 + 11];
        new SplittableRandom(9).nextBytes(body);
        Path file = dir.resolve("upload.bin");
        Files.write(file, body);
        int before = deliveries.get();
        PeerCommand r = PeerCommand.run(List.of("sh", "-c", "curl -sS -v --noproxy '*' --max-time 60 -T - '"
                + url("/sink") + "' < '" + file + "'"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).containsIgnoringCase("Transfer-Encoding: chunked");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(r.text()).isEqualTo(body.length + " " + sha + "\n");
        assertThat(deliveries.get() - before).as("delivered as it arrived, not once").isGreaterThan(1);
    }

    @Test
    void answersAnExpectationForAMissingPathWithoutAskingForTheBody() throws Exception {
        Path file = dir.resolve("expect.bin");
        Files.write(file, new byte[64 * 1024]);
        PeerCommand r = curl("-v", "-H", "Expect: 100-continue", "-o", "/dev/null", "-w", "%{http_code}",
                "--data-binary", "@" + file, url("/nowhere"));
        assertThat(r.text()).isEqualTo("404");
        assertThat(r.stderr()).doesNotContain("100 Continue");
    }

    @Test
    void servesRangesAndConditionalGetsOverHttps() throws Exception {
        String u = "https://localhost:" + tlsPort + "/files/big.bin";
        PeerCommand r = curlTls("-r", "-10", u);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 10, big.length));
        r = curlTls("-D", "-", "-o", "/dev/null", u);
        String etag = r.text().lines().filter(l -> l.regionMatches(true, 0, "etag:", 0, 5)).findFirst().orElseThrow()
                .substring(5).strip();
        r = curlTls("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag, u);
        assertThat(r.text()).isEqualTo("304");
        Path file = dir.resolve("tls-upload.bin");
        Files.write(file, big);
        r = curlTls("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                "https://localhost:" + tlsPort + "/sink");
        assertThat(r.text()).startsWith(big.length + " ");
    }

    private static int indexOfBody(byte[] out) {
        for (int i = 0; i + 3 < out.length; i++) {
            if (out[i] == '\r' && out[i + 1] == '\n' && out[i + 2] == '\r' && out[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new AssertionError("no end of head");
    }
}
