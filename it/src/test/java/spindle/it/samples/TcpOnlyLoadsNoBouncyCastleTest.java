package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is a protocol layer in net.protocols, not part of the reactor: a TCP server (the echo
 * sample, whose module requires net.protocols and has BouncyCastle on its module path) loads no
 * BouncyCastle class, while the same server with {@code --tls} does. The JVM's class-loading log
 * is the witness.
 */
class TcpOnlyLoadsNoBouncyCastleTest {
    @TempDir
    Path dir;

    /** Runs the echo sample, over TCP echoing one line, and returns its class-loading log. */
    private List<String> loadedClasses(boolean tls) throws Exception {
        Path log = dir.resolve(tls ? "tls-classes.log" : "tcp-classes.log");
        String[] args = tls ? new String[] {"echo", "--tls", "--port", "0"} : new String[] {"echo", "--port", "0"};
        try (SampleProcess server = SampleProcess.start(dir, List.of("-Xlog:class+load=info:file=" + log), args)) {
            InetSocketAddress address = server.awaitListening();
            if (!tls) {
                try (LineClient c = new LineClient(address)) {
                    c.write("hello\n");
                    assertThat(c.readLine("\n")).isEqualTo("hello");
                }
            }
            server.terminate();
            server.awaitExit(Duration.ofSeconds(60));
        }
        return Files.readAllLines(log);
    }

    @Test
    void aTcpServerLoadsNoBouncyCastleClassAndATlsServerDoes() throws Exception {
        List<String> tcp = loadedClasses(false);
        assertThat(tcp).as("the reactor ran").anyMatch(l -> l.contains("net.reactor.internal.TcpConnection "));
        assertThat(tcp).noneMatch(l -> l.contains("org.bouncycastle."));

        List<String> tls = loadedClasses(true);
        assertThat(tls).as("the log does show BouncyCastle when TLS is used").anyMatch(l -> l.contains("org.bouncycastle."));
    }
}
