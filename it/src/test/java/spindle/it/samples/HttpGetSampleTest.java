package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/run http-get URL}, Spindle's HTTP client, against {@code samples/run web}: the
 * status line, a header and the body's size are printed, and it exits 0; a refused connection
 * exits 1.
 */
class HttpGetSampleTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private SampleProcess server;
    private SampleProcess client;

    @AfterEach
    void stop() throws InterruptedException {
        for (SampleProcess p : new SampleProcess[] {client, server}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void printsStatusHeadersAndBodySize() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.write(root.resolve("data.bin"), new byte[123_457]);
        server = SampleProcess.start(dir, "web", "--root", root.toString(), "--port", "0");
        InetSocketAddress address = server.awaitListening();
        client = SampleProcess.start(dir, "http-get", "http://127.0.0.1:" + address.getPort() + "/data.bin");
        assertThat(client.awaitLine(Pattern.compile("HTTP/1\\.1 200 OK"), TIMEOUT)).isNotNull();
        assertThat(client.awaitLine(Pattern.compile("(?i)content-length: 123457"), TIMEOUT)).isNotNull();
        assertThat(client.awaitLine(Pattern.compile("body: 123457 bytes"), TIMEOUT)).isNotNull();
        assertThat(client.awaitExit(TIMEOUT)).as(client.diagnostics()).isZero();

        server.close();
        server = null;
        SampleProcess refused = SampleProcess.start(dir, "http-get", "http://127.0.0.1:" + address.getPort() + "/");
        client = refused;
        assertThat(refused.awaitExit(TIMEOUT)).as(refused.diagnostics()).isEqualTo(1);
        assertThat(refused.stderr()).contains("ConnectionRefusedException");
    }
}
