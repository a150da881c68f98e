package net.protocols.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.protocols.policies.Recording.RecordingClientFactory;
import net.protocols.policies.Recording.RecordingProtocol;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.Protocol;
import net.reactor.SocketType;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class LimitConnectionsTest {
    private final RecordingClientFactory inner = new RecordingClientFactory();

    private static IPv4Address peer(String host, int port) {
        return new IPv4Address(SocketType.TCP, host, port);
    }

    private static StringTransport connect(Protocol p, net.reactor.Address peer) {
        StringTransport t = new StringTransport(StringTransport.DEFAULT_HOST, peer);
        t.connect(p);
        return t;
    }

    @Test
    void limitsConnectionsPerPeerHostWhateverThePort() {
        LimitConnectionsByPeer factory = new LimitConnectionsByPeer(inner, 2);
        List<StringTransport> fromA = new ArrayList<>();
        for (int port : new int[] {1000, 1001}) {
            fromA.add(connect(factory.buildProtocol(peer("10.1.1.1", port)), peer("10.1.1.1", port)));
        }
        assertThat(factory.buildProtocol(peer("10.1.1.1", 1002))).isNull();
        assertThat(factory.buildProtocol(peer("10.2.2.2", 1000))).isNotNull();
        assertThat(factory.connectionCount(peer("10.1.1.1", 0))).isEqualTo(2);

        fromA.get(0).deliverConnectionLost();
        assertThat(factory.connectionCount(peer("10.1.1.1", 0))).isEqualTo(1);
        assertThat(factory.buildProtocol(peer("10.1.1.1", 1003))).isNotNull();
    }

    @Test
    void defaultsToFivePerPeerAndKeysIPv6ByHost() {
        LimitConnectionsByPeer factory = new LimitConnectionsByPeer(inner);
        IPv6Address v6 = new IPv6Address(SocketType.TCP, "::1", 1);
        for (int i = 0; i < 5; i++) {
            assertThat(factory.buildProtocol(new IPv6Address(SocketType.TCP, "::1", 100 + i))).isNotNull();
        }
        assertThat(factory.buildProtocol(v6)).isNull();
    }

    @Test
    void aRefusalByTheWrappedFactoryIsNotCounted() {
        LimitConnectionsByPeer factory = new LimitConnectionsByPeer(inner, 1);
        inner.refuse = true;
        assertThat(factory.buildProtocol(peer("10.1.1.1", 1))).isNull();
        inner.refuse = false;
        assertThat(factory.buildProtocol(peer("10.1.1.1", 1))).isNotNull();
    }

    @Test
    void limitsTotalConnectionsAndRefusesOverTheLimit() {
        LimitTotalConnectionsFactory factory = new LimitTotalConnectionsFactory(inner, 2);
        StringTransport first = connect(factory.buildProtocol(peer("1.1.1.1", 1)), peer("1.1.1.1", 1));
        connect(factory.buildProtocol(peer("1.1.1.2", 1)), peer("1.1.1.2", 1));
        assertThat(factory.connectionCount()).isEqualTo(2);
        assertThat(factory.buildProtocol(peer("1.1.1.3", 1))).isNull();
        first.deliverConnectionLost();
        assertThat(factory.connectionCount()).isEqualTo(1);
        assertThat(factory.buildProtocol(peer("1.1.1.3", 1))).isNotNull();
    }

    @Test
    void servesConnectionsOverTheLimitWithTheOverflowProtocol() {
        List<RecordingProtocol> overflow = new ArrayList<>();
        LimitTotalConnectionsFactory factory = new LimitTotalConnectionsFactory(inner, 1, () -> {
            RecordingProtocol p = new RecordingProtocol();
            overflow.add(p);
            return p;
        });
        connect(factory.buildProtocol(peer("1.1.1.1", 1)), peer("1.1.1.1", 1));
        Protocol extra = factory.buildProtocol(peer("1.1.1.2", 1));
        connect(extra, peer("1.1.1.2", 1));
        assertThat(inner.built).hasSize(1);
        assertThat(overflow).hasSize(1);
        assertThat(overflow.get(0).events).containsExactly("made");
        assertThat(factory.connectionCount()).isEqualTo(2);
    }
}
