package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.protocols.policies.ProtocolWrapper;
import net.protocols.policies.WrappingFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS where it used to fail: behind a policy's wrapper (which did not pass startTLS on) and
 * over the exported StringTransport (which could not start TLS). Both go through the neutral
 * layering hook now.
 */
class StartTLSThroughLayersTest {

    /** A policy that records the plaintext it sees pass in both directions. */
    static final class Watching extends WrappingFactory {
        final List<String> in = new ArrayList<>();
        final List<String> out = new ArrayList<>();

        Watching(Factory factory) {
            super(factory);
        }

        @Override
        protected ProtocolWrapper wrap(Protocol protocol) {
            return new ProtocolWrapper(this, protocol) {
                @Override
                public void dataReceived(byte[] data) {
                    in.add(new String(data, StandardCharsets.US_ASCII));
                    super.dataReceived(data);
                }

                @Override
                public void write(byte[] data) {
                    out.add(new String(data, StandardCharsets.US_ASCII));
                    super.write(data);
                }
            };
        }
    }

    @Test
    void aLineProtocolBehindAPolicyStartsTLSAndThePolicyKeepsSeeingPlaintext() {
        MemoryPipe pipe = MemoryPipe.create(new Clock());
        StartTLSTest.LineProtocol client = new StartTLSTest.LineProtocol(false);
        StartTLSTest.LineProtocol server = new StartTLSTest.LineProtocol(true);
        Watching policy = new Watching(Factory.forProtocol(() -> server));
        pipe.connect(client, policy.buildProtocol(pipe.client().getHost()));

        client.sendLine("STARTTLS");
        pipe.pump();

        assertThat(server.lines).containsExactly("STARTTLS", "secret");
        assertThat(client.lines).containsExactly("GO AHEAD", "ECHO secret");
        assertThat(server.completed).as("the handshake reaches the protocol behind the wrapper")
                .isSameAs(server.tls);
        assertThat(server.tls.isHandshakeComplete()).isTrue();
        assertThat(String.join("", policy.in)).isEqualTo("STARTTLS\r\nsecret\r\n");
        assertThat(String.join("", policy.out)).isEqualTo("GO AHEAD\r\nECHO secret\r\n");
        assertThat(new String(pipe.server().written(), StandardCharsets.ISO_8859_1))
                .startsWith("GO AHEAD\r\n").doesNotContain("ECHO secret");

        client.transport().loseConnection();
        pipe.pump();
        assertThat(server.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(policy.protocols()).isEmpty();
    }

    @Test
    void aProtocolOnAStringTransportStartsTLSAndOnlyRecordsAreRecorded() {
        StringTransport transport = new StringTransport();
        StartTLSTest.LineProtocol client = new StartTLSTest.LineProtocol(false);
        transport.connect(client);

        client.dataReceived("GO AHEAD\r\n".getBytes(StandardCharsets.US_ASCII)); // starts TLS, queues "secret"

        byte[] wire = transport.value();
        assertThat(wire[0]).as("a TLS handshake record").isEqualTo((byte) 22);
        assertThat(wire[1]).as("TLS major version").isEqualTo((byte) 3);
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
        assertThat(transport.layer()).isSameAs(client.tls);
        assertThat(client.tls.bufferedBytes()).as("the line waits for the handshake").isGreaterThanOrEqualTo(8);
        assertThat(client.transport()).isSameAs(transport);
    }

    @Test
    void theHandshakeTimeoutRunsOnTheStringTransportsClock() {
        StringTransport transport = new StringTransport();
        StartTLSTest.LineProtocol client = new StartTLSTest.LineProtocol(false);
        transport.connect(client);
        client.dataReceived("GO AHEAD\r\n".getBytes(StandardCharsets.US_ASCII));

        transport.clock().advance(TLSOptions.DEFAULT_HANDSHAKE_TIMEOUT.plus(Duration.ofMillis(1)));
        assertThat(transport.isDisconnected()).as("aborted").isTrue();
        transport.deliverConnectionLost();

        assertThat(client.lost).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e).hasMessageContaining("did not complete within"));
    }
}
