package spindle.it.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import net.protocols.tls.TLSServerFactory;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.Test;

/**
 * TLS on a reactor group, as an application builds it from the exported API: one
 * {@code TLSServerFactory} per member, and JDK clients whose connections spread over the members,
 * each handshake and each callback on the member that owns the connection.
 */
class GroupTlsTest {

    /** Tells the client which member serves it, then echoes lines; counts callbacks off that member's thread. */
    static final class Which extends Protocol {
        final Reactor member;
        final int index;
        final AtomicInteger offThread;

        Which(Reactor member, int index, AtomicInteger offThread) {
            this.member = member;
            this.index = index;
            this.offThread = offThread;
        }

        private void check() {
            if (!member.isReactorThread()) {
                offThread.incrementAndGet();
            }
        }

        @Override
        public void connectionMade() {
            check();
            transport().write((index + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            check();
            transport().write(data);
        }
    }

    @Test
    void tlsConnectionsSpreadOverTheMembersAndStayOnTheirThread() throws Exception {
        TLSServerOptions options = TLSServerOptions.of(JdkPeerInteropTest.SERVER.key());
        AtomicInteger offThread = new AtomicInteger();
        // HAND_OFF: both members serve whatever the kernel's SO_REUSEPORT hash does with 12 clients.
        ReactorGroup group = ReactorGroup.create(2, ReactorOptions.defaults().withName("it-group-tls"),
                ReactorGroup.Balancing.HAND_OFF);
        ListeningPort port = group.listenTCP(0, member -> new TLSServerFactory(
                Factory.forProtocol(() -> new Which(member, group.members().indexOf(member), offThread)),
                options, member, member::callFromThread), 50, "127.0.0.1");
        group.start("it-group-tls");
        try {
            int p = ((IPv4Address) port.getHost()).port();
            Set<String> members = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                try (SSLSocket socket = JdkPeerInteropTest.jdkClient(p, null)) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII));
                    members.add(in.readLine());
                    OutputStream out = socket.getOutputStream();
                    out.write("over tls\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(in.readLine()).isEqualTo("over tls");
                }
            }
            assertThat(members).containsExactlyInAnyOrder("0", "1");
            assertThat(offThread).as("callbacks off the owning member's thread").hasValue(0);
        } finally {
            group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
