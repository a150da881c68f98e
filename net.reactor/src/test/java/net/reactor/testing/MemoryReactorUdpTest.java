package net.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.MulticastJoinException;
import net.reactor.MulticastTransport;
import net.reactor.SocketType;
import net.reactor.UDPTransport;
import org.junit.jupiter.api.Test;

/** MemoryReactor records UDP and multicast ports and lets a test drive them. */
class MemoryReactorUdpTest {

    static final class Echo extends DatagramProtocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void startProtocol() {
            events.add("start");
        }

        @Override
        public void stopProtocol() {
            events.add("stop");
        }

        @Override
        public void datagramReceived(byte[] data, Address from) {
            events.add("data:" + new String(data, StandardCharsets.UTF_8));
            transport().write(data, from);
        }

        @Override
        public void datagramTruncated(byte[] head, Address from) {
            events.add("truncated:" + head.length);
        }

        @Override
        public void connectionRefused() {
            events.add("refused");
        }
    }

    @Test
    void listenUDPIsRecordedAndDrivenByTheTest() {
        MemoryReactor reactor = new MemoryReactor();
        Echo echo = new Echo();
        UDPTransport port = reactor.listenUDP(5353, echo, "::1", 10);
        MemoryReactor.UDPServer server = reactor.udpServers().getFirst();
        assertThat(server.port()).isEqualTo(5353);
        assertThat(server.interfaceAddress()).isEqualTo("::1");
        assertThat(server.maxPacketSize()).isEqualTo(10);
        assertThat(server.transport()).isSameAs(port);
        assertThat(port.getHost()).isEqualTo(new IPv6Address(SocketType.UDP, "::1", 5353));
        assertThat(echo.events).containsExactly("start");

        IPv6Address peer = new IPv6Address(SocketType.UDP, "::2", 4000);
        server.transport().deliver("hi".getBytes(StandardCharsets.UTF_8), peer);
        server.transport().deliver(new byte[11], peer);
        assertThat(echo.events).containsExactly("start", "data:hi", "truncated:10");
        assertThat(server.transport().written()).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo(peer);
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
        });

        server.transport().setDropWrites(true);
        assertThat(port.write(new byte[1], peer)).isFalse();
        assertThat(port.droppedWrites()).isEqualTo(1);

        server.transport().refuse(); // not connected: nothing to hear
        port.connect("example.org", 53);
        assertThat(port.getPeer()).isEqualTo(new IPv4Address(SocketType.UDP, "example.org", 53));
        server.transport().refuse();
        assertThat(echo.events).endsWith("refused");

        reactor.run();
        reactor.stop();
        assertThat(echo.events).endsWith("stop");
        assertThat(echo.attached()).isFalse();
        assertThatThrownBy(() -> port.write(new byte[1], peer)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listenMulticastIsRecordedWithItsGroups() {
        MemoryReactor reactor = new MemoryReactor();
        Echo echo = new Echo();
        MulticastTransport port = reactor.listenMulticast(8005, echo, "", true);
        MemoryReactor.MulticastServer server = reactor.multicastServers().getFirst();
        assertThat(server.listenMultiple()).isTrue();
        assertThat(echo.multicastTransport()).isSameAs(port);
        assertThat(port.joinGroup("228.0.0.5").called()).isTrue();
        assertThat(server.transport().groups()).containsExactly("228.0.0.5");
        List<Throwable> errors = new ArrayList<>();
        port.leaveGroup("228.0.0.5", "127.0.0.1").addErrback(f -> {
            errors.add(f.value());
            return null;
        });
        assertThat(errors).singleElement().isInstanceOf(MulticastJoinException.class);
        assertThat(port.leaveGroup("228.0.0.5").called()).isTrue();
        assertThat(server.transport().groups()).isEmpty();
        port.setTTL(3);
        port.setLoopbackMode(false);
        port.setOutgoingInterface("127.0.0.1");
        assertThat(port.getTTL()).isEqualTo(3);
        assertThat(port.getLoopbackMode()).isFalse();
        assertThat(port.getOutgoingInterface()).isEqualTo("127.0.0.1");
        assertThat(reactor.udpServers()).isEmpty();
        Echo plain = new Echo();
        reactor.listenUDP(0, plain);
        assertThatThrownBy(plain::multicastTransport).isInstanceOf(IllegalStateException.class);
    }
}
