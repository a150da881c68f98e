package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.SocketType;
import net.reactor.testing.MemoryReactor;
import org.junit.jupiter.api.Test;

/**
 * {@code TLS.listenSSL(reactor, port, factory, options, interface)}: a port bound to 127.0.0.1 is
 * not reachable through another address. On Linux all of 127.0.0.0/8 is loopback, so 127.0.0.2
 * reaches a port bound to every interface but not one bound to 127.0.0.1.
 */
class TLSListenOnInterfaceTest {

    @Test
    void listenSSLOnLoopbackBindsTo127001Only() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Factory factory = Factory.forProtocol(ReactorFixture.Recorder::new);
            ListeningPort loopback = TLS.listenSSL(f.reactor, 0, factory, TLSLoopbackTest.SERVER, "127.0.0.1");
            ListeningPort everywhere = TLS.listenSSL(f.reactor, 0, factory, TLSLoopbackTest.SERVER, "");
            f.start();

            assertThat(((IPv4Address) loopback.getHost()).host()).isEqualTo("127.0.0.1");
            assertBoundToLoopbackOnly(port(loopback), port(everywhere));
            assertThatThrownBy(() -> TLS.listenSSL(f.reactor, 0, factory, TLSLoopbackTest.SERVER, "127.0.0.1"))
                    .isInstanceOf(WrongThreadException.class).hasMessageContaining("callFromThread");
        }
    }

    @Test
    void listenSSLOnAMemoryReactorListensOnThatInterfaceWithTheTLSFactory() {
        MemoryReactor reactor = new MemoryReactor();
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
        ListeningPort port = TLS.listenSSL(reactor, 8443, Factory.forProtocol(ReactorFixture.Recorder::new),
                TLSServerOptions.of(cert.key()), "::1");
        assertThat(reactor.tcpServers()).singleElement().satisfies(server -> {
            assertThat(server.interfaceAddress()).isEqualTo("::1");
            assertThat(server.factory()).isInstanceOf(TLSServerFactory.class);
        });
        assertThat(port.getHost()).isEqualTo(new IPv6Address(SocketType.TCP, "::1", 8443));
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
