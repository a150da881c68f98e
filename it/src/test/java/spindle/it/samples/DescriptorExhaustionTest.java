package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 §3, found by a hostile probe: the chat sample started with a limit of 300 descriptors
 * and sent 400 connections died, because the accept back-off's log line made the samples'
 * console logger load time-zone data it could not open (EMFILE), and the resulting
 * ExceptionInInitializerError ended the reactor. Now the sample serves what it has, stays
 * alive, and serves new clients once the connections close.
 */
class DescriptorExhaustionTest {
    private static final int LIMIT = 300;
    private static final int ATTEMPTS = 400;

    @TempDir
    Path dir;

    @Test
    void chatOutOfDescriptorsStaysAliveAndRecovers() throws Exception {
        try (SampleProcess server = SampleProcess.startWithDescriptorLimit(dir, LIMIT, "chat", "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            List<Socket> flood = new ArrayList<>();
            try {
                // One at a time: each connect completes once the kernel queues it, whether or not
                // the server can accept it. Stop a little after the server ran out. A connect may
                // also time out before that: a dropped SYN is resent after a second (seen here
                // once in about a hundred connects in a burst), hence the 2 s timeout and the
                // few timeouts allowed before giving up.
                int afterExhaustion = 0;
                int timeouts = 0;
                for (int i = 0; i < ATTEMPTS && afterExhaustion < 20 && timeouts < 5; i++) {
                    if (server.stderr().contains("accept failed")) {
                        afterExhaustion++;
                    }
                    Socket c = new Socket();
                    try {
                        c.connect(address, 2000);
                        flood.add(c);
                    } catch (SocketTimeoutException queueFull) {
                        c.close();
                        timeouts++;
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!server.stderr().contains("accept failed") && System.nanoTime() < deadline && server.isAlive()) {
                    Thread.sleep(50);
                }
                assertThat(server.stderr()).as("the server ran out of descriptors" + server.diagnostics())
                        .contains("accept failed");
                Thread.sleep(500); // a few back-off rounds while still out of descriptors
                assertThat(server.isAlive()).as("alive while out of descriptors" + server.diagnostics()).isTrue();
            } finally {
                for (Socket c : flood) {
                    c.close();
                }
            }
            // Descriptors free up as the server sees the closes: a new client is served again.
            try (LineClient client = new LineClient(address)) {
                assertThat(client.readLine("\r\n")).as(server.diagnostics()).isEqualTo("What's your name?");
                client.write("ann\r\n");
                assertThat(client.readLine("\r\n")).isEqualTo("Welcome, ann!");
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.stderr()).doesNotContain("ExceptionInInitializerError").doesNotContain("NoClassDefFoundError");
            assertThat(server.stderr()).contains("accepting connections again");
        }
    }

}
