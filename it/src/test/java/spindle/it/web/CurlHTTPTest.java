package spindle.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.protocols.web.Render;
import spindle.it.support.PeerCommand;
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

/**
 * curl (Debian's) against Spindle's HTTP/1.1 server on loopback: keep-alive across two URLs in one
 * invocation, a chunked upload, a chunked (streamed) download, HEAD, {@code Expect: 100-continue};
 * and a raw socket proving a smuggling attempt is answered 400 and closed.
 */
class CurlHTTPTest {
    @TempDir
    static Path dir;

    private static RunningReactor running;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        PeerCommand.require("curl", "apt-get install curl", "curl", "--version");
        running = RunningReactor.start(ReactorOptions.defaults().withName("web-it"));
        Resource root = new Resource();
        root.putChild("hello", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                request.setHeader("Content-Type", "text/plain; charset=utf-8");
                return Render.text("hello, world\n");
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("GET", "HEAD");
            }
        });
        root.putChild("echo", new Resource() {
            @Override
            protected Render renderPOST(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                return Render.bytes(request.content());
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("POST");
            }
        });
        root.putChild("stream", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                // Three parts, 10 ms apart: a body of unknown length, so it goes out chunked.
                for (int i = 0; i < 3; i++) {
                    String part = "part " + i + "\n";
                    boolean last = i == 2;
                    running.reactor().callLater(Duration.ofMillis(10L * (i + 1)), () -> {
                        request.write(part.getBytes(StandardCharsets.UTF_8));
                        if (last) {
                            request.finish();
                        }
                    });
                }
                return Render.NOT_DONE_YET;
            }
        });
        ListeningPort listening = running.call(() -> running.reactor().listenTCP(0, new Site(root, running.reactor()),
                50, "127.0.0.1"));
        port = ((IPv4Address) listening.getHost()).port();
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

    @Test
    void keepsTheConnectionAcrossTwoURLs() throws Exception {
        PeerCommand r = curl("-v", url("/hello"), url("/hello"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("hello, world\nhello, world\n");
        assertThat(r.stderr()).containsPattern("(?i)re-?using existing connection");
        assertThat(r.stderr().split("Connected to", -1)).hasSize(2); // one connection only
    }

    @Test
    void acceptsAChunkedUploadAndEchoesIt() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new SplittableRandom(7).nextBytes(body);
        Path file = dir.resolve("upload.bin");
        Files.write(file, body);
        Path out = dir.resolve("echoed.bin");
        PeerCommand r = curl("-v", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, url("/echo"),
                "-o", out.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Transfer-Encoding: chunked");
        assertThat(Files.readAllBytes(out)).isEqualTo(body);
    }

    @Test
    void streamsAChunkedDownload() throws Exception {
        PeerCommand r = curl("-v", url("/stream"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("part 0\npart 1\npart 2\n");
        assertThat(r.stderr()).containsPattern("(?i)< transfer-encoding: chunked");
    }

    @Test
    void answersHead() throws Exception {
        PeerCommand r = curl("-I", url("/hello"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("content-length: 13\r\n");
    }

    @Test
    void continuesAfterExpect100() throws Exception {
        Path file = dir.resolve("small.txt");
        Files.writeString(file, "expect me");
        PeerCommand r = curl("-v", "-H", "Expect: 100-continue", "--data-binary", "@" + file, url("/echo"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("HTTP/1.1 100 Continue");
        assertThat(r.text()).isEqualTo("expect me");
    }

    @Test
    void answers404() throws Exception {
        PeerCommand r = curl("-o", "/dev/null", "-w", "%{http_code}", url("/nothing/here"));
        assertThat(r.text()).isEqualTo("404");
    }

    @Test
    void refusesASmugglingAttemptAndCloses() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // to the server's close
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").doesNotContain("hello, world");
        }
    }
}
