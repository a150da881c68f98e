package spindle.it.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static spindle.it.protocols.TwistedPeer.hex;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import spindle.it.protocols.Framing.Endpoint;

/**
 * Spindle's line, Int32-string and netstring receivers against real Twisted 22.4, both ways:
 * Spindle clients talk to Twisted servers and Twisted clients to Spindle servers, with frames
 * written whole and one byte at a time, and with frames over the receiver's maximum.
 */
class TwistedInteropTest {
    private static final long WAIT = TwistedPeer.WAIT_SECONDS;
    private static final int MAX = 100;
    private static final List<String> FRAMES = List.of("hello", "", "ünïcode bytes", "x".repeat(90), "last one");

    private Reactor reactor;
    private Thread reactorThread;

    @BeforeAll
    static void needsTwisted() {
        TwistedPeer.requirePython();
    }

    @BeforeEach
    void startReactor() {
        reactor = Reactor.create();
        reactorThread = reactor.start("twisted-interop");
    }

    @AfterEach
    void stopReactor() throws Exception {
        reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        reactorThread.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertThat(reactorThread.isAlive()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> echoes(List<String> frames) {
        List<String> out = new ArrayList<>();
        frames.forEach(f -> out.add("echo:" + f));
        return out;
    }

    /** Writes {@code data} one byte per reactor turn, a millisecond apart. Reactor thread. */
    private void writeSlowly(Transport transport, byte[] data, int from) {
        if (from < data.length && !transport.isClosing()) {
            transport.write(new byte[] {data[from]});
            reactor.callLater(Duration.ofMillis(1), () -> writeSlowly(transport, data, from + 1));
        }
    }

    private void connect(int port, Protocol protocol) {
        reactor.callFromThread(() -> reactor.connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> protocol)));
    }

    private int listen(Protocol protocol) {
        return reactor.blockingCallFromThread(() -> {
            ListeningPort port = reactor.listenTCP(0, new Factory() {
                private Protocol next = protocol;

                @Override
                public Protocol buildProtocol(net.reactor.Address address) {
                    Protocol p = next;
                    next = null;
                    return p;
                }
            }, 50, "127.0.0.1");
            return net.deferred.Deferred.succeed(((IPv4Address) port.getHost()).port());
        });
    }

    // ---- Spindle client, Twisted server ------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Framing.class)
    void spindleClientTalksToTwistedServer(Framing framing) throws Exception {
        try (TwistedPeer server = TwistedPeer.server(framing.peerName)) {
            Endpoint client = new Endpoint();
            client.onMade = (send, p) -> {
                // The first frames whole, the rest one byte at a time.
                send.accept(bytes(FRAMES.get(0)));
                send.accept(bytes(FRAMES.get(1)));
                java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
                for (String f : FRAMES.subList(2, FRAMES.size())) {
                    rest.writeBytes(framing.encode(bytes(f)));
                }
                writeSlowly(p.transport(), rest.toByteArray(), 0);
            };
            client.onFrame = (frame, send) -> {
                if (client.frames.size() == FRAMES.size()) {
                    send.accept(bytes("quit"));
                }
            };
            connect(server.port(), framing.protocol(client, MAX));

            assertThat(client.lost.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(ConnectionDoneException.class);
            assertThat(client.frames).containsExactlyElementsOf(echoes(FRAMES));
            server.finish();
            List<String> expected = new ArrayList<>(FRAMES);
            expected.add("quit");
            assertThat(server.frames()).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void twistedServerRefusesAnOversizeFrameFromSpindle(Framing framing) throws Exception {
        try (TwistedPeer server = TwistedPeer.server(framing.peerName, "--max-length", Integer.toString(MAX))) {
            Endpoint client = new Endpoint();
            client.onMade = (send, p) -> {
                send.accept(bytes("fits"));
                send.accept(bytes("y".repeat(MAX + 1)));
            };
            connect(server.port(), framing.protocol(client, MAX));

            assertThat(client.lost.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(ConnectionDoneException.class);
            assertThat(client.frames).containsExactly("echo:fits");
            List<String> out = server.finish();
            assertThat(server.frames()).containsExactly("fits");
            assertThat(out).anyMatch(line -> line.startsWith(framing == Framing.NETSTRING ? "BROKEN" : "EXCEEDED"));
        }
    }

    @Test
    void twistedNetstringServerDropsAMalformedPeer() throws Exception {
        try (TwistedPeer server = TwistedPeer.server("netstring")) {
            Endpoint client = new Endpoint();
            client.onMade = (send, p) -> {
                send.accept(bytes("ok"));
                p.transport().write(bytes("3:abc;"));
            };
            connect(server.port(), Framing.NETSTRING.protocol(client, MAX));
            assertThat(client.lost.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(ConnectionDoneException.class);
            assertThat(server.finish()).contains("BROKEN");
            assertThat(server.frames()).containsExactly("ok");
        }
    }

    // ---- Twisted client, Spindle server ------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Framing.class)
    void twistedClientTalksToSpindleServerOneByteAtATime(Framing framing) throws Exception {
        Endpoint server = new Endpoint();
        server.onFrame = (frame, send) -> send.accept(Framing.concat(bytes("echo:"), frame));
        int port = listen(framing.protocol(server, MAX));
        String send = String.join(",", FRAMES.stream().map(TwistedPeer::hex).toList());
        try (TwistedPeer client = TwistedPeer.client(framing.peerName, port,
                "--send", send, "--bytewise", "--expect", Integer.toString(FRAMES.size()))) {
            List<String> out = client.finish();
            assertThat(client.frames()).containsExactlyElementsOf(echoes(FRAMES));
            assertThat(out).contains("LOST ConnectionDone");
        }
        assertThat(server.lost.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(ConnectionDoneException.class);
        assertThat(server.frames).containsExactlyElementsOf(FRAMES);
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void spindleServerRefusesAnOversizeFrameFromTwisted(Framing framing) throws Exception {
        Endpoint server = new Endpoint();
        server.onFrame = (frame, send) -> send.accept(Framing.concat(bytes("echo:"), frame));
        int port = listen(framing.protocol(server, MAX));
        try (TwistedPeer client = TwistedPeer.client(framing.peerName, port,
                "--send", hex("fits") + "," + hex("z".repeat(MAX + 1)), "--expect", "2")) {
            List<String> out = client.finish();
            assertThat(client.frames()).containsExactly("echo:fits");
            assertThat(out).contains("LOST ConnectionDone");
        }
        assertThat(server.lost.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(framing.rejection);
        assertThat(server.frames).containsExactly("fits");
    }

    @Test
    void spindleNetstringServerRefusesAMalformedTwistedClient() throws Exception {
        Endpoint server = new Endpoint();
        server.onFrame = (frame, send) -> send.accept(Framing.concat(bytes("echo:"), frame));
        int port = listen(Framing.NETSTRING.protocol(server, MAX));
        try (TwistedPeer client = TwistedPeer.client("netstring", port,
                "--send", hex("ok"), "--raw", hex("007:leading"), "--expect", "2")) {
            List<String> out = client.finish();
            assertThat(client.frames()).containsExactly("echo:ok");
            assertThat(out).contains("LOST ConnectionDone");
        }
        assertThat(server.lost.get(WAIT, TimeUnit.SECONDS))
                .isInstanceOf(net.protocols.basic.NetstringParseException.class)
                .hasMessageContaining("leading zero");
    }
}
