package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import net.reactor.PullProducer;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files: validators, conditional requests, byte ranges and the optional listing. */
class FileResourceHttpTest {
    @TempDir
    Path root;

    private StringTransport transport;
    private String etag;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(root.resolve("digits.txt"), "0123456789");
        Files.setLastModifiedTime(root.resolve("digits.txt"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/<b>&x.txt"), "x");
        Files.createDirectory(root.resolve("dir/sub"));
        Resource top = new Resource();
        top.putChild("files", new FileResource(root));
        top.putChild("listed", new FileResource(root, true));
        transport = new StringTransport();
        transport.connect(new Site(top, new Clock()).buildProtocol(StringTransport.DEFAULT_PEER));
        String head = get("/files/digits.txt", "");
        etag = head.replaceAll("(?s).*ETag: (\"[^\"]*\").*", "$1");
    }

    private String get(String path, String fields) {
        transport.clear();
        transport.protocol().dataReceived(("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")
                .getBytes(ISO_8859_1));
        while (transport.producer() instanceof PullProducer p) {
            p.resumeProducing();
        }
        return transport.valueAsString(ISO_8859_1);
    }

    @Test
    void sendsValidators() {
        assertThat(get("/files/digits.txt", "")).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Last-Modified: Tue, 02 Jan 2024 03:04:05 GMT\r\n", "Accept-Ranges: bytes\r\n")
                .contains("ETag: " + etag + "\r\n").endsWith("0123456789");
        assertThat(etag).matches("\"a-[0-9a-f]+\"");
    }

    @Test
    void answersConditionalGets() {
        assertThat(get("/files/digits.txt", "If-None-Match: " + etag + "\r\n")).startsWith("HTTP/1.1 304 ")
                .doesNotContain("Content-Length").doesNotContain("0123456789");
        assertThat(get("/files/digits.txt", "If-None-Match: W/" + etag + ", \"other\"\r\n")).startsWith("HTTP/1.1 304 ");
        assertThat(get("/files/digits.txt", "If-None-Match: \"other\"\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/files/digits.txt", "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n"))
                .startsWith("HTTP/1.1 304 ");
        assertThat(get("/files/digits.txt", "If-Modified-Since: Tue, 02 Jan 2024 03:04:04 GMT\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(get("/files/digits.txt", "If-Modified-Since: not a date\r\n")).startsWith("HTTP/1.1 200 ");
        // If-None-Match wins over If-Modified-Since.
        assertThat(get("/files/digits.txt", "If-None-Match: \"other\"\r\nIf-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(get("/files/digits.txt", "If-Match: \"other\"\r\n")).startsWith("HTTP/1.1 412 ");
        assertThat(get("/files/digits.txt", "If-Match: " + etag + "\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/files/digits.txt", "If-Unmodified-Since: Mon, 01 Jan 2024 00:00:00 GMT\r\n"))
                .startsWith("HTTP/1.1 412 ");
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void servesOneByteRange() {
        assertThat(get("/files/digits.txt", "Range: bytes=2-4\r\n")).startsWith("HTTP/1.1 206 ")
                .contains("Content-Range: bytes 2-4/10\r\n", "Content-Length: 3\r\n").endsWith("\r\n\r\n234");
        assertThat(get("/files/digits.txt", "Range: bytes=7-\r\n")).contains("Content-Range: bytes 7-9/10\r\n")
                .endsWith("789");
        assertThat(get("/files/digits.txt", "Range: bytes=-3\r\n")).endsWith("789");
        assertThat(get("/files/digits.txt", "Range: bytes=8-100\r\n")).contains("Content-Range: bytes 8-9/10\r\n")
                .endsWith("89");
        assertThat(get("/files/digits.txt", "Range: bytes=10-\r\n")).startsWith("HTTP/1.1 416 ")
                .contains("Content-Range: bytes */10\r\n");
        // Several ranges: the whole file; malformed: ignored; a stale If-Range: the whole file.
        assertThat(get("/files/digits.txt", "Range: bytes=0-1,5-6\r\n")).startsWith("HTTP/1.1 200 ").endsWith("0123456789");
        assertThat(get("/files/digits.txt", "Range: bytes=x-1\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/files/digits.txt", "Range: bytes=2-4\r\nIf-Range: \"stale\"\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(get("/files/digits.txt", "Range: bytes=2-4\r\nIf-Range: " + etag + "\r\n")).startsWith("HTTP/1.1 206 ");
    }

    @Test
    void listsDirectoriesOnlyWhenAskedAndEscapesNames() {
        assertThat(get("/files/dir/", "")).startsWith("HTTP/1.1 403 ");
        String listing = get("/listed/dir/", "");
        assertThat(listing).startsWith("HTTP/1.1 200 ").contains("text/html")
                .contains("<a href=\"%3Cb%3E%26x.txt\">&lt;b&gt;&amp;x.txt</a>", "<a href=\"sub/\">sub/</a>")
                .doesNotContain("<b>&x");
    }
}
