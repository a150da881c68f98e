package spindle.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need a real server or peer (PostgreSQL, Twisted, openssl, curl,
 * memcached, ngIRCd, oidentd): when it is missing, the test is skipped with a visible reason on a
 * developer's machine, and fails when {@code SPINDLE_REQUIRE_SERVERS=1} (which {@code .ci/run}
 * sets, so CI never passes by skipping).
 */
public final class RequiredPeer {
    private RequiredPeer() {}

    /** Whether a missing peer fails the test instead of skipping it. */
    public static boolean required() {
        return "1".equals(System.getenv("SPINDLE_REQUIRE_SERVERS"));
    }

    /**
     * Reports a missing peer: fails when peers are required, else prints the reason and skips.
     *
     * @param problem what is missing, e.g. "curl is not installed"
     * @param howToGetIt how a developer gets it, e.g. "apt-get install -y curl"
     * @return never returns normally; declared so callers can write {@code throw missing(...)}
     */
    public static AssertionError missing(String problem, String howToGetIt) {
        if (required()) {
            throw new AssertionError(problem + ", and SPINDLE_REQUIRE_SERVERS=1 makes it mandatory");
        }
        String message = problem + " (" + howToGetIt + ")";
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable: Assumptions.abort returned");
    }

    /**
     * The port named by an environment variable, or a default.
     *
     * @param variable the environment variable, e.g. {@code SPINDLE_IRC_PORT}
     * @param defaultPort the port when the variable is unset or blank
     * @return the port
     */
    public static int port(String variable, int defaultPort) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.strip());
    }

    /**
     * Skips (or fails) unless something accepts connections on 127.0.0.1:{@code port}.
     *
     * @param what the peer's name, for the message
     * @param port its port on 127.0.0.1
     * @param howToStart how a developer starts it
     */
    public static void requireListening(String what, int port, String howToStart) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        } catch (IOException e) {
            throw missing(what + " is not listening on 127.0.0.1:" + port, howToStart);
        }
    }
}
