package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samples/run amp-server} and {@code samples/run amp-client}, each in its own JVM. */
class AmpSamplesTest {
    /** SIGTERM ends a JVM with 128 + 15 once its shutdown hooks (the reactor's stop) have run. */
    private static final int SIGTERM_STATUS = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theClientPrintsWhatTheServerAnswered() throws Exception {
        try (SampleProcess server = SampleProcess.start(dir, "amp-server", "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            try (SampleProcess client = SampleProcess.start(dir, "amp-client", "--port", String.valueOf(address.getPort()))) {
                assertThat(client.awaitExit(EXIT_TIMEOUT)).as(client.diagnostics()).isZero();
                assertThat(client.output()).as(client.diagnostics()).containsExactly("Sum: 8", "Greeting: Hello, Alice!");
            }
            server.terminate();
            assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
            assertThat(server.stderr()).doesNotContain("Exception");
        }
    }

    @Test
    void theClientFailsWithStatusOneWhenNoServerListens() throws Exception {
        try (SampleProcess server = SampleProcess.start(dir, "amp-server", "--port", "0")) {
            int port = server.awaitListening().getPort();
            server.terminate();
            server.awaitExit(EXIT_TIMEOUT);
            try (SampleProcess client = SampleProcess.start(dir, "amp-client", "--port", String.valueOf(port))) {
                assertThat(client.awaitExit(EXIT_TIMEOUT)).as(client.diagnostics()).isEqualTo(1);
                assertThat(client.output()).isEmpty();
                assertThat(client.stderr()).contains("amp-client:");
            }
        }
    }
}
