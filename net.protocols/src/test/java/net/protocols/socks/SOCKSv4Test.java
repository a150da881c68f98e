package net.protocols.socks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.reactor.IPv4Address;
import net.reactor.SocketType;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class SOCKSv4Test {
    private final MemoryReactor reactor = new MemoryReactor();
    private final StringTransport client = new StringTransport();
    private final List<String> asked = new ArrayList<>();

    private SOCKSv4 server(AccessPolicy policy) {
        SOCKSv4 s = new SOCKSv4(reactor, (command, destination, port, userId) -> {
            asked.add(command + " " + destination.getHostAddress() + ":" + port + " " + userId);
            return policy.permits(command, destination, port, userId);
        });
        client.connect(s);
        return s;
    }

    static byte[] request(int command, int port, int[] ip, String user, String host) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(4);
        out.write(command);
        out.write(port >> 8);
        out.write(port & 0xff);
        for (int b : ip) {
            out.write(b);
        }
        out.writeBytes(user.getBytes(US_ASCII));
        out.write(0);
        if (host != null) {
            out.writeBytes(host.getBytes(US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    private byte[] reply() {
        byte[] r = client.value();
        client.clear();
        return r;
    }

    @Test
    void anAllowedConnectConnectsRepliesAndRelaysBothWays() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        byte[] req = request(1, 8080, new int[] {127, 0, 0, 1}, "alice", null);
        byte[] withEarlyData = new byte[req.length + 3];
        System.arraycopy(req, 0, withEarlyData, 0, req.length);
        System.arraycopy("GET".getBytes(US_ASCII), 0, withEarlyData, req.length, 3);
        s.dataReceived(withEarlyData);
        assertThat(asked).containsExactly("CONNECT 127.0.0.1:8080 alice");
        assertThat(client.value()).as("no reply before the connection is up").isEmpty();
        assertThat(reactor.tcpClients()).hasSize(1);
        MemoryReactor.TCPClient out = reactor.tcpClients().getFirst();
        assertThat(out.host()).isEqualTo("127.0.0.1");
        assertThat(out.port()).isEqualTo(8080);
        assertThat(client.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);

        StringTransport far = out.connector().completeConnection();
        assertThat(reply()).containsExactly(0, 90, 0x1f, 0x90, 127, 0, 0, 1);
        assertThat(far.valueAsString(US_ASCII)).isEqualTo("GET");
        assertThat(client.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);

        s.dataReceived(" /".getBytes(US_ASCII));
        assertThat(far.valueAsString(US_ASCII)).isEqualTo("GET /");
        far.protocol().dataReceived("HTTP/1.0 200".getBytes(US_ASCII));
        assertThat(client.valueAsString(US_ASCII)).isEqualTo("HTTP/1.0 200");

        // Flow control: each transport is the other's streaming producer.
        assertThat(client.producer()).isSameAs(far);
        assertThat(client.isStreaming()).isTrue();
        assertThat(far.producer()).isSameAs(client);

        // The far side closing closes the client; the client closing closes the far side.
        far.deliverConnectionLost();
        assertThat(client.isDisconnecting()).isTrue();
    }

    @Test
    void theClientClosingClosesTheRelay() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        s.dataReceived(request(1, 80, new int[] {127, 0, 0, 1}, "", null));
        StringTransport far = reactor.tcpClients().getFirst().connector().completeConnection();
        client.deliverConnectionLost();
        assertThat(far.isDisconnecting()).isTrue();
    }

    @Test
    void aRefusedRequestGets91AndNoConnection() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1:80")));
        s.dataReceived(request(1, 81, new int[] {127, 0, 0, 1}, "bob", null));
        assertThat(reply()).containsExactly(0, 91, 0, 81, 127, 0, 0, 1);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRefusedException.class);
        assertThat(reactor.tcpClients()).isEmpty();
        assertThat(reactor.tcpServers()).isEmpty();
    }

    @Test
    void theDefaultPolicyRefusesEverything() {
        SOCKSv4 s = server(AccessPolicy.denyAll());
        s.dataReceived(request(1, 80, new int[] {127, 0, 0, 1}, "", null));
        assertThat(reply()[1]).isEqualTo((byte) 91);
        s = new SOCKSv4(reactor, AllowList.of(List.of()));
        StringTransport t = new StringTransport();
        t.connect(s);
        s.dataReceived(request(2, 80, new int[] {127, 0, 0, 1}, "", null));
        assertThat(t.value()[1]).isEqualTo((byte) 91);
        assertThat(reactor.tcpClients()).isEmpty();
        assertThat(reactor.tcpServers()).isEmpty();
    }

    @Test
    void socks4aNamesAreCheckedAfterResolution() throws Exception {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        s.dataReceived(request(1, 80, new int[] {0, 0, 0, 1}, "carol", "localhost"));
        assertThat(asked).containsExactly("CONNECT 127.0.0.1:80 carol");
        assertThat(reactor.tcpClients()).singleElement().extracting(MemoryReactor.TCPClient::host).isEqualTo("127.0.0.1");
        assertThat(s.request().hostName()).isEqualTo("localhost");
    }

    @Test
    void aNameResolvingOutsideTheListIsRefused() {
        SOCKSv4 s = server(AllowList.of(List.of("10.0.0.0/8")));
        s.dataReceived(request(1, 80, new int[] {0, 0, 0, 1}, "", "localhost"));
        assertThat(reply()[1]).isEqualTo((byte) 91);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void anUnresolvableNameIsRefused() {
        SOCKSv4 s = server(AllowList.of(List.of("0.0.0.0/0")));
        s.dataReceived(request(1, 80, new int[] {0, 0, 0, 1}, "", "no-such-host.invalid"));
        assertThat(reply()[1]).isEqualTo((byte) 91);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRefusedException.class);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void aFailedConnectionGets91() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        s.dataReceived(request(1, 80, new int[] {127, 0, 0, 1}, "", null));
        reactor.tcpClients().getFirst().connector().failConnection(new net.reactor.ConnectionRefusedException("no"));
        assertThat(reply()[1]).isEqualTo((byte) 91);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRefusedException.class)
                .hasCauseInstanceOf(net.reactor.ConnectionRefusedException.class);
    }

    @Test
    void malformedRequestsCloseTheConnectionWithAReason() {
        SOCKSv4 s = server(AllowList.of(List.of("0.0.0.0/0")));
        s.dataReceived(new byte[] {6, 1, 0});
        assertThat(client.value()).as("neither SOCKSv4 nor v5: no reply").isEmpty();
        assertThat(client.closeReason()).isInstanceOf(SOCKSRequestException.class);

        StringTransport t = new StringTransport();
        SOCKSv4 s2 = new SOCKSv4(reactor, AccessPolicy.denyAll());
        t.connect(s2);
        s2.dataReceived(new byte[] {4, 9, 0, 80, 1, 2, 3, 4, 0});
        assertThat(t.value()).hasSize(8);
        assertThat(t.value()[1]).isEqualTo((byte) 91);
        assertThat(t.closeReason()).isInstanceOf(SOCKSRequestException.class);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void bindListensRepliesTwiceAndRelaysTheExpectedPeer() {
        SOCKSv4 s = server(AllowList.of(List.of("192.168.1.1")));
        s.dataReceived(request(2, 21, new int[] {192, 168, 1, 1}, "ftp", null));
        assertThat(asked).containsExactly("BIND 192.168.1.1:21 ftp");
        assertThat(reactor.tcpServers()).singleElement().extracting(MemoryReactor.TCPServer::interfaceAddress)
                .isEqualTo("10.0.0.1");
        assertThat(reply()[1]).isEqualTo((byte) 90);
        var port = reactor.tcpServers().getFirst().listeningPort();
        StringTransport in = port.accept(new IPv4Address(SocketType.TCP, "192.168.1.1", 4000));
        assertThat(in).isNotNull();
        assertThat(reply()).containsExactly(0, 90, 4000 >> 8, 4000 & 0xff, 192, 168, 1, 1);
        assertThat(port.isListening()).isFalse();
        in.protocol().dataReceived(new byte[] {1, 2});
        assertThat(client.value()).containsExactly(1, 2);
    }

    @Test
    void bindRefusesAnotherPeer() {
        SOCKSv4 s = server(AllowList.of(List.of("192.168.1.1")));
        s.dataReceived(request(2, 21, new int[] {192, 168, 1, 1}, "", null));
        reply();
        var port = reactor.tcpServers().getFirst().listeningPort();
        assertThat(port.accept(new IPv4Address(SocketType.TCP, "192.168.1.2", 4000))).isNull();
        assertThat(reply()[1]).isEqualTo((byte) 91);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRefusedException.class);
        assertThat(port.isListening()).isFalse();
    }

    @Test
    void bindTimesOutOnTheReactorClock() {
        SOCKSv4 s = server(AllowList.of(List.of("192.168.1.1")));
        s.dataReceived(request(2, 21, new int[] {192, 168, 1, 1}, "", null));
        reply();
        reactor.advance(SOCKSv4.BIND_TIMEOUT);
        assertThat(reply()[1]).isEqualTo((byte) 91);
        assertThat(reactor.tcpServers().getFirst().listeningPort().isListening()).isFalse();
    }

    @Test
    void requestsSplitAtEveryByteAreRead() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        for (byte b : request(1, 80, new int[] {0, 0, 0, 9}, "user", "localhost")) {
            s.dataReceived(new byte[] {b});
        }
        assertThat(asked).containsExactly("CONNECT 127.0.0.1:80 user");
    }

    @Test
    void tooMuchEarlyDataCloses() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        s.dataReceived(request(1, 80, new int[] {127, 0, 0, 1}, "", null));
        s.dataReceived(new byte[SOCKSv4.MAX_EARLY_DATA + 1]);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRequestException.class);
    }

    @Test
    void userIdReachesThePolicy() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AccessPolicy onlyAlice = (c, d, p, u) -> u.equals("alice") && d.equals(loopback);
        SOCKSv4 s = server(onlyAlice);
        s.dataReceived(request(1, 80, new int[] {127, 0, 0, 1}, "mallory", null));
        assertThat(reply()[1]).isEqualTo((byte) 91);
    }
}
