package net.protocols.socks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.reactor.ConnectionRefusedException;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class SOCKSv5Test {
    private final MemoryReactor reactor = new MemoryReactor();
    private final StringTransport client = new StringTransport();

    private SOCKSv4 server(AccessPolicy policy) {
        SOCKSv4 s = new SOCKSv4(reactor, policy);
        client.connect(s);
        return s;
    }

    private byte[] out() {
        byte[] r = client.value();
        client.clear();
        return r;
    }

    private static byte[] connect(int type, byte[] address, int port) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {5, 1, 0, (byte) type});
        if (type == 3) {
            b.write(address.length);
        }
        b.writeBytes(address);
        b.write(port >> 8);
        b.write(port & 0xff);
        return b.toByteArray();
    }

    @Test
    void connectWithoutAuthenticationToAnAllowedAddress() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        s.dataReceived(new byte[] {5, 2, 2, 0});
        assertThat(out()).containsExactly(5, 0);
        s.dataReceived(connect(1, new byte[] {127, 0, 0, 1}, 8080));
        assertThat(reactor.tcpClients()).singleElement().satisfies(c -> {
            assertThat(c.host()).isEqualTo("127.0.0.1");
            assertThat(c.port()).isEqualTo(8080);
        });
        StringTransport far = reactor.tcpClients().getFirst().connector().completeConnection();
        byte[] reply = out();
        assertThat(reply).hasSize(10).startsWith(5, 0, 0, 1);
        s.dataReceived("ping".getBytes(US_ASCII));
        assertThat(far.valueAsString(US_ASCII)).isEqualTo("ping");
        far.protocol().dataReceived("pong".getBytes(US_ASCII));
        assertThat(client.valueAsString(US_ASCII)).isEqualTo("pong");
    }

    @Test
    void aDomainNameIsResolvedAndCheckedWhenGreetingAndRequestArriveTogether() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        byte[] greeting = {5, 1, 0};
        byte[] request = connect(3, "localhost".getBytes(US_ASCII), 80);
        byte[] both = new byte[greeting.length + request.length];
        System.arraycopy(greeting, 0, both, 0, greeting.length);
        System.arraycopy(request, 0, both, greeting.length, request.length);
        s.dataReceived(both);
        assertThat(reactor.tcpClients()).singleElement().extracting(MemoryReactor.TCPClient::host).isEqualTo("127.0.0.1");
    }

    @Test
    void refusalsCarryTheirReplyCodes() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1:80")));
        s.dataReceived(new byte[] {5, 1, 0});
        out();
        s.dataReceived(connect(1, new byte[] {127, 0, 0, 1}, 81));
        assertThat(out()).containsExactly(5, 2, 0, 1, 0, 0, 0, 0, 0, 0);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRefusedException.class);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void aRefusedConnectionGetsReply5() {
        SOCKSv4 s = server(AllowList.of(List.of("127.0.0.1")));
        s.dataReceived(new byte[] {5, 1, 0});
        out();
        s.dataReceived(connect(1, new byte[] {127, 0, 0, 1}, 80));
        reactor.tcpClients().getFirst().connector().failConnection(new ConnectionRefusedException("no"));
        assertThat(out()[1]).isEqualTo((byte) 5);
    }

    @Test
    void onlyNoAuthenticationConnectAndKnownAddressTypesAreServed() {
        SOCKSv4 s = server(AllowList.of(List.of("0.0.0.0/0")));
        s.dataReceived(new byte[] {5, 1, 2});
        assertThat(out()).containsExactly(5, 0xff);
        assertThat(client.closeReason()).isInstanceOf(SOCKSRequestException.class);

        for (byte[] request : List.of(new byte[] {5, 2, 0, 1, 1, 2, 3, 4, 0, 80}, new byte[] {5, 1, 0, 9, 0})) {
            StringTransport t = new StringTransport();
            SOCKSv4 other = new SOCKSv4(reactor, AllowList.of(List.of("0.0.0.0/0")));
            t.connect(other);
            other.dataReceived(new byte[] {5, 1, 0});
            other.dataReceived(request);
            byte[] written = t.value();
            assertThat(written).hasSize(12);
            assertThat(written[3]).isEqualTo(request[1] == 2 ? (byte) 7 : (byte) 8);
            assertThat(t.closeReason()).isInstanceOf(SOCKSRequestException.class);
        }
        assertThat(reactor.tcpClients()).isEmpty();
    }
}
