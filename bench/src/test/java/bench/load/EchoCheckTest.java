package bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The content check against small blocking echo servers, one faithful and one that corrupts a byte. */
class EchoCheckTest {

    /** Echoes on virtual threads; when {@code corruptAt} is reached on a connection, flips that byte. */
    private static final class TestServer implements AutoCloseable {
        final ServerSocket socket;
        final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

        TestServer(long corruptAt) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.submit(() -> {
                while (true) {
                    Socket connection = socket.accept();
                    threads.submit(() -> echo(connection, corruptAt));
                }
            });
        }

        private static Void echo(Socket connection, long corruptAt) throws IOException {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                byte[] buffer = new byte[8192];
                long seen = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (corruptAt >= seen && corruptAt < seen + n) {
                        buffer[(int) (corruptAt - seen)] ^= 1;
                    }
                    seen += n;
                    out.write(buffer, 0, n);
                }
            }
            return null;
        }

        Options options() {
            return Options.parse(new String[] {"--workload", "check", "--port", Integer.toString(socket.getLocalPort())});
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }

    @Test
    void aFaithfulServerPasses() throws Exception {
        try (TestServer server = new TestServer(-1)) {
            assertThat(EchoCheck.run(server.options()).line()).contains("ops=");
        }
    }

    @Test
    void oneFlippedByteFailsTheCheck() throws Exception {
        try (TestServer server = new TestServer(100_000)) {
            assertThatThrownBy(() -> EchoCheck.run(server.options()))
                    .isInstanceOf(LoadException.class)
                    .hasMessageContaining("differs at byte");
        }
    }
}
