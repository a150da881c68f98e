package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.reactor.ConnectionDoneException;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** STARTTLS in the middle of a line protocol, over a transport implementing the hook. */
class StartTLSTest {

    /** A tiny line protocol: STARTTLS upgrades, anything else is echoed with a prefix. */
    static class LineProtocol extends Protocol implements TLSHandshakeListener {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        final List<String> lines = new ArrayList<>();
        final List<Throwable> lost = new ArrayList<>();
        @Nullable TLSTransport tls;
        @Nullable TLSTransport completed;
        final boolean server;

        LineProtocol(boolean server) {
            this.server = server;
        }

        void sendLine(String line) {
            transport().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            for (byte b : data) {
                if (b == '\n') {
                    String line = buffer.toString(StandardCharsets.US_ASCII).stripTrailing();
                    buffer.reset();
                    lines.add(line);
                    lineReceived(line);
                } else {
                    buffer.write(b);
                }
            }
        }

        void lineReceived(String line) {
            if (server && line.equals("STARTTLS")) {
                sendLine("GO AHEAD"); // in clear text, before the switch
                tls = TLS.startTLS(transport(), Certificates.server());
            } else if (!server && line.equals("GO AHEAD")) {
                tls = TLS.startTLS(transport(), Certificates.client().withServerName("server.test"));
                sendLine("secret"); // queued until the handshake completes
            } else if (server) {
                sendLine("ECHO " + line);
            }
        }

        @Override
        public void handshakeCompleted(TLSTransport transport) {
            completed = transport;
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.add(reason);
        }
    }

    @Test
    void startTLSUpgradesALineProtocolInTheMiddle() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        LineProtocol client = new LineProtocol(false);
        LineProtocol server = new LineProtocol(true);
        pipe.connect(client, server);

        client.sendLine("HELLO");
        client.sendLine("STARTTLS");
        pipe.pump();

        assertThat(server.lines).containsExactly("HELLO", "STARTTLS", "secret");
        assertThat(client.lines).containsExactly("ECHO HELLO", "GO AHEAD", "ECHO secret");
        assertThat(client.completed).isSameAs(client.tls);
        assertThat(server.completed).isSameAs(server.tls);
        assertThat(client.tls.peerCertificates()).containsExactly(Certificates.SERVER.certificate());
        assertThat(server.tls.serverName()).isEqualTo("server.test");
        String clientWire = new String(pipe.client().written(), StandardCharsets.ISO_8859_1);
        assertThat(clientWire).startsWith("HELLO\r\nSTARTTLS\r\n").doesNotContain("secret");
        assertThat(new String(pipe.server().written(), StandardCharsets.ISO_8859_1))
                .contains("ECHO HELLO\r\nGO AHEAD\r\n").doesNotContain("ECHO secret");

        client.transport().loseConnection();
        pipe.pump();
        assertThat(client.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(server.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void writesBeforeTheHandshakeCountAsBuffered() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        LineProtocol client = new LineProtocol(false);
        Recorder server = new Recorder();
        pipe.connect(client, server);

        TLSTransport tls = TLS.startTLS(client.transport(), Certificates.client().withServerName("server.test"));
        client.sendLine("waiting for the handshake");

        assertThat(tls.isHandshakeComplete()).isFalse();
        assertThat(tls.protocol()).isNull();
        assertThat(tls.peerCertificates()).isEmpty();
        assertThat(tls.bufferedBytes()).isGreaterThanOrEqualTo("waiting for the handshake\r\n".length());
    }

    @Test
    void aFailedStartTLSHandshakeReachesConnectionLost() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        LineProtocol client = new LineProtocol(false);
        LineProtocol server = new LineProtocol(true);
        pipe.connect(client, server);

        TLS.startTLS(server.transport(), Certificates.server());
        TLS.startTLS(client.transport(), Certificates.client().withServerName("other.test"));
        pipe.pump();

        assertThat(client.lost).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.alert()).isEqualTo(TLSAlert.CERTIFICATE_UNKNOWN));
        assertThat(server.lost).singleElement().isInstanceOf(TLSException.class);
    }

    @Test
    void startingTLSTwiceIsRefused() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        LineProtocol client = new LineProtocol(false);
        pipe.connect(client, new Recorder());
        TLS.startTLS(client.transport(), Certificates.client().withServerName("server.test"));

        assertThatThrownBy(() -> TLS.startTLS(client.transport(), Certificates.client()))
                .isInstanceOf(IllegalStateException.class);
    }
}
