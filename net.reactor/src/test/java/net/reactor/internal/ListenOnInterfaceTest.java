package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;

/**
 * {@code listenTCP(port, factory, interface)} on real sockets: a port bound to 127.0.0.1 is not
 * reachable through another address (net.protocols' TLSListenOnInterfaceTest does the same for
 * {@code TLS.listenSSL}). On Linux all of 127.0.0.0/8 is loopback, so 127.0.0.2 reaches a port bound to every
 * interface but not one bound to 127.0.0.1.
 */
class ListenOnInterfaceTest {

    @Test
    void listenTCPOnLoopbackBindsTo127001Only() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Factory factory = Factory.forProtocol(Recorder::new);
            ListeningPort loopback = f.reactor.listenTCP(0, factory, "127.0.0.1");
            ListeningPort everywhere = f.reactor.listenTCP(0, factory, "");
            f.start();

            assertThat(((IPv4Address) loopback.getHost()).host()).isEqualTo("127.0.0.1");
            assertThat(((IPv4Address) everywhere.getHost()).host()).isEqualTo("0.0.0.0");
            assertBoundToLoopbackOnly(port(loopback), port(everywhere));
            assertThatThrownBy(() -> f.reactor.listenTCP(0, factory, "127.0.0.1"))
                    .isInstanceOf(WrongThreadException.class).hasMessageContaining("callFromThread");
        }
    }

    private static int port(ListeningPort p) {
        return ((IPv4Address) p.getHost()).port();
    }

    private static void assertBoundToLoopbackOnly(int loopbackPort, int everywherePort) throws IOException {
        try (Socket s = new Socket("127.0.0.1", loopbackPort)) {
            assertThat(s.isConnected()).isTrue();
        }
        assumeTrue(canConnect("127.0.0.2", everywherePort),
                "127.0.0.2 does not reach a port bound to every interface here (not Linux?)");
        assertThatThrownBy(() -> new Socket("127.0.0.2", loopbackPort).close()).isInstanceOf(ConnectException.class);
    }

    private static boolean canConnect(String host, int port) {
        try (Socket s = new Socket(host, port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}
