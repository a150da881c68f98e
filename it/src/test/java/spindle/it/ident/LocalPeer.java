package spindle.it.ident;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * A real peer that .ci/run starts on 127.0.0.1 (ngIRCd, oidentd): the tests that need it skip
 * with a message when nothing listens on its port, or fail when {@code SPINDLE_REQUIRE_SERVERS=1}.
 */
final class LocalPeer {
    private LocalPeer() {}

    /** The port from {@code variable}, or {@code defaultPort}. */
    static int port(String variable, int defaultPort) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.strip());
    }

    /** Skips (or fails) unless something accepts connections on 127.0.0.1:{@code port}. */
    static void require(String what, int port, String howToStart) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return;
        } catch (IOException e) {
            String message = what + " is not listening on 127.0.0.1:" + port + " (" + howToStart + ")";
            if ("1".equals(System.getenv("SPINDLE_REQUIRE_SERVERS"))) {
                fail(message + ", and SPINDLE_REQUIRE_SERVERS=1 requires it");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
    }
}
