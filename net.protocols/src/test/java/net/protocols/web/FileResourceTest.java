package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.reactor.PullProducer;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files: streamed chunk by chunk as the connection pulls, typed, and confined to the root. */
class FileResourceTest {
    @TempDir
    Path root;

    @TempDir
    Path outside;

    private StringTransport transport;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(root.resolve("a.txt"), "text file\n");
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
        Files.createDirectory(root.resolve("empty"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Resource top = new Resource();
        top.putChild("files", new FileResource(root));
        transport = new StringTransport();
        transport.connect(new Site(top, new Clock()).buildProtocol(StringTransport.DEFAULT_PEER));
    }

    private String get(String path) {
        transport.clear();
        transport.protocol().dataReceived(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(ISO_8859_1));
        // Pull the body as a connection would, until the producer is unregistered.
        while (transport.producer() instanceof PullProducer p) {
            p.resumeProducing();
        }
        return transport.valueAsString(ISO_8859_1);
    }

    @Test
    void servesAFileWithItsTypeAndLength() {
        assertThat(get("/files/a.txt")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: text/plain; charset=utf-8\r\n", "Content-Length: 10\r\n")
                .endsWith("\r\n\r\ntext file\n");
        assertThat(FileResource.contentType("x.PNG")).isEqualTo("image/png");
        assertThat(FileResource.contentType("noext")).isEqualTo("application/octet-stream");
    }

    @Test
    void streamsALargeFileInChunksAsTheConnectionPulls() throws Exception {
        byte[] big = new byte[1_000_000];
        new SplittableRandom(3).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        transport.protocol().dataReceived("GET /files/big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
        int pulls = 0;
        while (transport.producer() instanceof PullProducer p) {
            long before = transport.value().length;
            p.resumeProducing();
            assertThat(transport.value().length - before).isLessThanOrEqualTo(64 * 1024 + 512); // the head rides with the first
            pulls++;
        }
        // 16 chunks of at most 64 KiB; the transport may pull the first itself on registration.
        assertThat(pulls).isBetween(15, 16);
        byte[] out = transport.value();
        byte[] body = java.util.Arrays.copyOfRange(out, out.length - big.length, out.length);
        assertThat(body).isEqualTo(big);
        assertThat(get("/files/a.txt")).endsWith("text file\n"); // and the connection goes on
    }

    @Test
    void servesADirectoryThroughItsIndex() {
        assertThat(get("/files/sub")).startsWith("HTTP/1.1 301 ").contains("Location: /files/sub/\r\n");
        assertThat(get("/files/sub/")).contains("Content-Type: text/html").endsWith("<p>index</p>");
        assertThat(get("/files/empty/")).startsWith("HTTP/1.1 403 ");
    }

    @Test
    void answersHeadWithoutTheBody() {
        transport.clear();
        transport.protocol().dataReceived("HEAD /files/a.txt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
        assertThat(transport.valueAsString(ISO_8859_1)).contains("Content-Length: 10\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void refusesEveryEscape() {
        for (String path : new String[] {"/files/../files/a.txt", "/files/%2e%2e/x", "/files/link/secret.txt",
                "/files/sub/..%2F..%2Fetc%2Fpasswd", "/files/a.txt%00.png", "/files//a.txt", "/files/nothing"}) {
            assertThat(get(path)).as(path).startsWith("HTTP/1.1 404 ").doesNotContain("secret");
        }
    }
}
