package spindle.it.socks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.protocols.socks.AllowList;
import net.protocols.socks.SOCKSv4Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SOCKSv4 BIND over real sockets, as an FTP client's data connection would use it. */
class BindOverRealSocketsTest {
    private final RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("socks-bind-it"));

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    @Test
    void bindAcceptsTheExpectedPeerAndRelaysBothWays() throws Exception {
        ListeningPort port = running.call(() -> running.reactor().listenTCP(0,
                new SOCKSv4Factory(running.reactor(), AllowList.of(List.of("127.0.0.1"))), "127.0.0.1"));
        int socks = ((IPv4Address) port.getHost()).port();
        try (Socket control = new Socket(InetAddress.getLoopbackAddress(), socks)) {
            control.setSoTimeout(30_000);
            control.getOutputStream().write(new byte[] {4, 2, 0, 21, 127, 0, 0, 1, 'f', 't', 'p', 0});
            DataInputStream in = new DataInputStream(control.getInputStream());
            byte[] first = new byte[8];
            in.readFully(first);
            assertThat(first[1]).isEqualTo((byte) 90);
            int boundPort = ((first[2] & 0xff) << 8) | (first[3] & 0xff);
            assertThat(boundPort).isPositive();
            assertThat(new byte[] {first[4], first[5], first[6], first[7]}).containsExactly(127, 0, 0, 1);

            try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), boundPort)) {
                peer.setSoTimeout(30_000);
                byte[] second = new byte[8];
                in.readFully(second);
                assertThat(second[1]).isEqualTo((byte) 90);
                assertThat(((second[2] & 0xff) << 8) | (second[3] & 0xff)).isEqualTo(peer.getLocalPort());

                peer.getOutputStream().write("from the peer".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(in.readNBytes(13), StandardCharsets.US_ASCII)).isEqualTo("from the peer");
                control.getOutputStream().write("from the client".getBytes(StandardCharsets.US_ASCII));
                InputStream peerIn = peer.getInputStream();
                assertThat(new String(peerIn.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("from the client");

                // The peer closing ends the client's connection too.
                peer.close();
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aRefusedBindOpensNoPort() throws Exception {
        ListeningPort port = running.call(() -> running.reactor().listenTCP(0,
                new SOCKSv4Factory(running.reactor(), AllowList.of(List.of("10.0.0.0/8"))), "127.0.0.1"));
        int socks = ((IPv4Address) port.getHost()).port();
        try (Socket control = new Socket(InetAddress.getLoopbackAddress(), socks)) {
            control.setSoTimeout(30_000);
            control.getOutputStream().write(new byte[] {4, 2, 0, 21, 127, 0, 0, 1, 0});
            byte[] reply = control.getInputStream().readAllBytes();
            assertThat(reply).containsExactly(0, 91, 0, 21, 127, 0, 0, 1);
        }
    }
}
