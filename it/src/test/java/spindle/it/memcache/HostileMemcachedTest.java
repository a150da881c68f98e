package spindle.it.memcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import net.protocols.basic.LineTooLongException;
import net.protocols.memcache.MemcacheProtocol;
import net.protocols.memcache.MemcacheProtocolException;
import net.protocols.memcache.MemcacheTimeoutException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.ReactorOptions;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client over real sockets against servers that misbehave: each failure closes only that
 * connection, and the reactor goes on serving (a second client on a fresh connection works).
 */
class HostileMemcachedTest {
    private final RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("hostile-memcached"));

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    /** A server that answers every read with {@code answer} (nothing if it is empty). */
    private int serve(Supplier<byte[]> answer) throws Exception {
        ListeningPort port = running.call(() -> running.reactor().listenTCP(0, Factory.forProtocol(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                byte[] a = answer.get();
                if (a.length > 0) {
                    transport().write(a);
                }
            }
        }), "127.0.0.1"));
        return ((IPv4Address) port.getHost()).port();
    }

    private MemcacheProtocol connect(int port, Duration timeout) throws Exception {
        return running.await(() -> Endpoints.connectProtocol(new TCPClientEndpoint(running.reactor(), "127.0.0.1", port),
                new MemcacheProtocol(running.reactor(), timeout, MemcacheProtocol.DEFAULT_MAX_VALUE_LENGTH)));
    }

    @Test
    void garbageFailsTheCallAndClosesTheConnection() throws Exception {
        int port = serve(() -> "\u0000\u00ffHELLO?\r\n".getBytes(StandardCharsets.ISO_8859_1));
        MemcacheProtocol client = connect(port, MemcacheProtocol.DEFAULT_TIMEOUT);
        assertThatThrownBy(() -> running.await(() -> client.get("k"))).isInstanceOf(MemcacheProtocolException.class);
        assertThatThrownBy(() -> running.await(() -> client.version())).isInstanceOf(MemcacheProtocolException.class);
    }

    @Test
    void anEndlessLineIsCutOff() throws Exception {
        int port = serve(() -> "VALUE ".concat("x".repeat(100_000)).getBytes(StandardCharsets.US_ASCII));
        MemcacheProtocol client = connect(port, MemcacheProtocol.DEFAULT_TIMEOUT);
        assertThatThrownBy(() -> running.await(() -> client.get("k"))).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void aSilentServerTimesOutAndTheReactorCarriesOn() throws Exception {
        int silent = serve(() -> new byte[0]);
        MemcacheProtocol client = connect(silent, Duration.ofMillis(200));
        assertThatThrownBy(() -> running.await(() -> client.get("k"))).isInstanceOf(MemcacheTimeoutException.class);
        assertThat(running.call(() -> !client.connected() || client.transport().isClosing())).isTrue();

        int polite = serve(() -> "VERSION 9\r\n".getBytes(StandardCharsets.US_ASCII));
        MemcacheProtocol other = connect(polite, MemcacheProtocol.DEFAULT_TIMEOUT);
        assertThat(running.await(() -> other.version())).isEqualTo("9");
    }
}
