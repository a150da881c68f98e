package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import net.deferred.Deferred;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

/** Alford's flooding rules, with its two links and a client on in-memory transports. */
class FloodTest {
    private final HerdServer alford = new HerdServer("Alford", box -> Deferred.succeed(List.of()),
            InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L)));
    private final PeerLink toHamilton = new PeerLink(new Clock(), alford, "Hamilton", "127.0.0.1", 1, () -> {});
    private final PeerLink toWelsh = new PeerLink(new Clock(), alford, "Welsh", "127.0.0.1", 2, () -> {});

    FloodTest() {
        alford.addLink(toHamilton);
        alford.addLink(toWelsh);
    }

    private static StringTransport wire(PeerLink link) {
        StringTransport t = new StringTransport();
        t.connect(link.buildProtocol(StringTransport.DEFAULT_PEER));
        return t;
    }

    /** A client's connection to Alford's client port. */
    private StringTransport client() {
        StringTransport t = new StringTransport();
        t.connect(alford.factory().buildProtocol(StringTransport.DEFAULT_PEER));
        return t;
    }

    /** A neighbour's link to Alford's peer port, which says {@code firstLine} unless it is empty. */
    private StringTransport inbound(String firstLine) {
        StringTransport t = new StringTransport();
        t.connect(alford.peerFactory().buildProtocol(StringTransport.DEFAULT_PEER));
        if (!firstLine.isEmpty()) {
            send(t, firstLine);
        }
        return t;
    }

    private static void send(StringTransport t, String line) {
        t.protocol().dataReceived((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String take(StringTransport t) {
        String s = t.valueAsString(StandardCharsets.UTF_8);
        t.clear();
        return s;
    }

    @Test
    void aLinkIntroducesItsServerAndSendsWhatItKnows() {
        send(inbound(""), "AT Ball +0.1 kiwi +1+1 1700000000");
        StringTransport hamilton = wire(toHamilton);
        assertThat(take(hamilton)).isEqualTo("PEER Alford\nAT Ball +0.1 kiwi +1+1 1700000000\n");
    }

    @Test
    void anIAmAtIsFloodedToEveryNeighbour() {
        StringTransport hamilton = wire(toHamilton);
        StringTransport welsh = wire(toWelsh);
        take(hamilton);
        take(welsh);
        StringTransport client = client();
        send(client, "IAMAT kiwi +1+1 1699999999");
        String at = "AT Alford +1.000000000 kiwi +1+1 1699999999\n";
        assertThat(take(client)).isEqualTo(at);
        assertThat(take(hamilton)).isEqualTo(at);
        assertThat(take(welsh)).isEqualTo(at);
    }

    @Test
    void anAtGoesOnToEveryNeighbourButTheSenderOnceAndNeverTwice() {
        StringTransport hamilton = wire(toHamilton);
        StringTransport welsh = wire(toWelsh);
        take(hamilton);
        take(welsh);
        StringTransport fromHamilton = inbound("PEER Hamilton");

        send(fromHamilton, "AT Holiday +0.1 kiwi +1+1 1700000000");
        assertThat(take(welsh)).isEqualTo("AT Holiday +0.1 kiwi +1+1 1700000000\n");
        assertThat(take(hamilton)).as("never back to where it came from").isEmpty();

        send(fromHamilton, "AT Holiday +0.1 kiwi +1+1 1700000000");
        StringTransport fromWelsh = inbound("PEER Welsh");
        send(fromWelsh, "AT Holiday +0.1 kiwi +1+1 1700000000");
        assertThat(take(welsh)).as("a duplicate ends the flood").isEmpty();
        assertThat(take(hamilton)).isEmpty();
        assertThat(take(fromHamilton)).as("an AT gets no answer").isEmpty();
    }

    @Test
    void anAtIsNotSentBackToTheServerThatFirstHeardIt() {
        StringTransport hamilton = wire(toHamilton);
        StringTransport welsh = wire(toWelsh);
        take(hamilton);
        take(welsh);
        send(inbound("PEER Hamilton"), "AT Welsh +0.1 kiwi +1+1 1700000000");
        assertThat(take(welsh)).isEmpty();
        assertThat(take(hamilton)).isEmpty();
    }

    @Test
    void aFloodWhileALinkIsDownGoesToTheOthers() {
        StringTransport welsh = wire(toWelsh);
        take(welsh);
        send(client(), "IAMAT kiwi +1+1 1699999999");
        assertThat(take(welsh)).isEqualTo("AT Alford +1.000000000 kiwi +1+1 1699999999\n");
        assertThat(toHamilton.isUp()).isFalse();
        // When the link comes up, the neighbour gets it anyway.
        assertThat(take(wire(toHamilton))).isEqualTo("PEER Alford\nAT Alford +1.000000000 kiwi +1+1 1699999999\n");
    }
}
