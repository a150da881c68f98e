package spindle.it.socks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.protocols.socks.AllowList;
import net.protocols.socks.SOCKSv4Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fast destination and a client that does not read: the relay must stop reading from the
 * destination (its writes then block in TCP) instead of buffering everything. Without flow
 * control the relay would swallow all 256 MiB and the writer would finish.
 */
class RelayFlowControlTest {
    private static final long TOTAL = 256L * 1024 * 1024;
    private final RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("socks-flow-it"));

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    @Test
    void aClientThatDoesNotReadStallsTheDestination() throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket destination = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try (Socket s = destination.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] chunk = new byte[64 * 1024];
                    while (written.get() < TOTAL) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException ignored) {
                    // the test closed the connection
                }
            });
            ListeningPort port = running.call(() -> running.reactor().listenTCP(0,
                    new SOCKSv4Factory(running.reactor(), AllowList.of(List.of("127.0.0.1"))), "127.0.0.1"));
            int socks = ((IPv4Address) port.getHost()).port();
            int dest = destination.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), socks)) {
                client.setReceiveBufferSize(64 * 1024);
                client.getOutputStream().write(new byte[] {4, 1, (byte) (dest >> 8), (byte) dest, 127, 0, 0, 1, 0});
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] reply = new byte[8];
                in.readFully(reply);
                assertThat(reply[1]).isEqualTo((byte) 90);

                // Wait until the writer makes no progress (it is blocked by TCP), or finishes.
                long last = -1;
                int quiet = 0;
                while (quiet < 10 && written.get() < TOTAL) {
                    Thread.sleep(100);
                    long now = written.get();
                    quiet = now == last ? quiet + 1 : 0;
                    last = now;
                }
                assertThat(written.get()).as("the destination was paused, not drained into memory").isLessThan(TOTAL);

                // Reading resumes the flow, and everything arrives.
                InputStream raw = client.getInputStream();
                byte[] buffer = new byte[256 * 1024];
                long read = 0;
                while (read < TOTAL) {
                    int n = raw.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                assertThat(read).isEqualTo(TOTAL);
            }
            writer.join();
        }
    }
}
