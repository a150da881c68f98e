package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import net.deferred.Deferred;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

/**
 * The hostile probe's cases against the herd (issue 20 §4): a legal maximal IAMAT fits every
 * link, oversized or malformed names are refused, a time far ahead is refused, a client cannot
 * speak AT or PEER, and a record a neighbour refuses does not block the link's sync.
 */
class HerdHardeningTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));

    private final HerdServer alford = new HerdServer("Alford", box -> Deferred.succeed(List.of()), CLOCK);
    private final HerdServer hamilton = new HerdServer("Hamilton", box -> Deferred.succeed(List.of()), CLOCK);
    private final PeerLink toHamilton = new PeerLink(new Clock(), alford, "Hamilton", "127.0.0.1", 1, () -> {});

    HerdHardeningTest() {
        alford.addLink(toHamilton);
        hamilton.addLink(new PeerLink(new Clock(), hamilton, "Alford", "127.0.0.1", 2, () -> {}));
    }

    private static StringTransport client(HerdServer server) {
        StringTransport t = new StringTransport();
        t.connect(server.factory().buildProtocol(StringTransport.DEFAULT_PEER));
        return t;
    }

    private static StringTransport peer(HerdServer server) {
        StringTransport t = new StringTransport();
        t.connect(server.peerFactory().buildProtocol(StringTransport.DEFAULT_PEER));
        return t;
    }

    private StringTransport linkToHamilton() {
        StringTransport t = new StringTransport();
        t.connect(toHamilton.buildProtocol(StringTransport.DEFAULT_PEER));
        return t;
    }

    private static void send(StringTransport t, byte[] line) {
        byte[] withLf = Arrays.copyOf(line, line.length + 1);
        withLf[line.length] = '\n';
        t.protocol().dataReceived(withLf);
    }

    private static void send(StringTransport t, String line) {
        send(t, line.getBytes(StandardCharsets.UTF_8));
    }

    private static String take(StringTransport t) {
        String s = t.valueAsString(StandardCharsets.UTF_8);
        t.clear();
        return s;
    }

    @Test
    void everyAcceptedAtLineFitsEveryLink() {
        assertThat(AtRecord.MAX_LINE_BYTES).isLessThan(HerdProtocol.MAX_LINE);
        // The longest legal IAMAT: a name of 255 UTF-8 bytes (two-byte letters), the longest
        // location and a time with 15 decimals.
        String name = "é".repeat(127) + "x";
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(Command.MAX_NAME_BYTES);
        String location = "+12.123456789012345-123.123456789012345";
        StringTransport link = linkToHamilton();
        take(link);
        StringTransport kiwi = client(alford);

        send(kiwi, "IAMAT " + name + " " + location + " 1700000000.000000000000001");

        String at = take(kiwi);
        assertThat(at).startsWith("AT Alford +0.500000000 " + name + " " + location);
        assertThat(take(link)).as("flooded").isEqualTo(at);
        assertThat(at.getBytes(StandardCharsets.UTF_8).length - 1).isLessThanOrEqualTo(AtRecord.MAX_LINE_BYTES);
        // And the neighbour takes it.
        StringTransport fromAlford = peer(hamilton);
        send(fromAlford, "PEER Alford");
        send(fromAlford, at.strip());
        assertThat(take(fromAlford)).isEmpty();
        assertThat(hamilton.records()).extracting(AtRecord::client).containsExactly(name);
    }

    @Test
    void theProbesLongIAmAtIsRefusedAndNeitherStoredNorFlooded() {
        StringTransport link = linkToHamilton();
        take(link);
        StringTransport c = client(alford);
        String line = "IAMAT " + "k".repeat(4086 - "IAMAT ".length() - " +0+0 1700000000".length()) + " +0+0 1700000000";
        assertThat(line.length()).isEqualTo(4086);

        send(c, line);

        assertThat(take(c)).isEqualTo("? " + line + "\n");
        assertThat(c.isClosing()).isFalse();
        assertThat(take(link)).isEmpty();
        assertThat(alford.records()).isEmpty();
    }

    @Test
    void aNameOfMalformedUtf8IsRefusedWithTheLineAsItCame() {
        StringTransport link = linkToHamilton();
        take(link);
        StringTransport c = client(alford);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("IAMAT ".getBytes(StandardCharsets.US_ASCII));
        byte[] ff = new byte[1400];
        Arrays.fill(ff, (byte) 0xFF);
        line.writeBytes(ff);
        line.writeBytes(" +0+0 1700000000".getBytes(StandardCharsets.US_ASCII));

        send(c, line.toByteArray());

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("? ".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(line.toByteArray());
        expected.write('\n');
        assertThat(c.value()).isEqualTo(expected.toByteArray());
        assertThat(take(link)).isEmpty();
        assertThat(alford.records()).isEmpty();
    }

    @Test
    void aTimeFarAheadIsRefusedAndTheRealUpdatesStillCount() {
        StringTransport c = client(alford);
        send(c, "IAMAT kiwi +0+0 999999999999999.9");
        assertThat(take(c)).isEqualTo("? IAMAT kiwi +0+0 999999999999999.9\n");
        send(c, "IAMAT kiwi +0+0 1700000301"); // 5 min 0.5 s ahead
        assertThat(take(c)).startsWith("? ");
        send(c, "IAMAT kiwi +0+0 1699827200"); // 2 days behind
        assertThat(take(c)).startsWith("? ");
        assertThat(alford.records()).isEmpty();

        send(c, "IAMAT kiwi +0+0 1700000299"); // within five minutes ahead
        send(c, "IAMAT kiwi +1+1 1700000000");
        assertThat(take(c)).startsWith("AT Alford -298.500000000 kiwi +0+0 1700000299\nAT Alford");
        send(c, "IAMAT kiwi +2+2 1700000300");
        assertThat(alford.records()).extracting(AtRecord::line)
                .containsExactly("AT Alford -299.500000000 kiwi +2+2 1700000300");
    }

    @Test
    void aClientCannotSpeakAtOrPeerAndALinkCannotSpeakIAmAt() {
        StringTransport link = linkToHamilton();
        take(link);
        StringTransport c = client(alford);
        send(c, "PEER Hamilton");
        send(c, "AT Hamilton +0.1 kiwi +1+1 1700000000");
        assertThat(take(c)).isEqualTo("? PEER Hamilton\n? AT Hamilton +0.1 kiwi +1+1 1700000000\n");

        StringTransport fromHamilton = peer(alford);
        send(fromHamilton, "PEER Hamilton");
        send(fromHamilton, "IAMAT kiwi +1+1 1700000000");
        assertThat(take(fromHamilton)).isEqualTo("? IAMAT kiwi +1+1 1700000000\n");
        assertThat(alford.records()).isEmpty();
        assertThat(take(link)).isEmpty();
    }

    @Test
    void longNamesAndNamesWithControlCharactersAreRefused() {
        StringTransport c = client(alford);
        String longName = "n".repeat(4000);
        send(c, "IAMAT " + longName + " +0+0 1700000000");
        assertThat(take(c)).startsWith("? IAMAT nnn");
        send(c, "WHATSAT " + longName + " 5 5");
        assertThat(take(c)).startsWith("? WHATSAT nnn");
        send(c, "IAMAT " + "n".repeat(Command.MAX_NAME_BYTES + 1) + " +0+0 1700000000");
        assertThat(take(c)).startsWith("? ");
        send(c, "IAMAT ki\u001b[31mwi +0+0 1700000000");
        send(c, "IAMAT ki\u0000wi +0+0 1700000000");
        send(c, "IAMAT ki\rwi +0+0 1700000000");
        assertThat(take(c).split("\n")).hasSize(3).allMatch(l -> l.startsWith("? IAMAT ki"));
        assertThat(alford.records()).isEmpty();
    }

    @Test
    void aRecordTheNeighbourRefusesIsNotResentOnTheNextSync() {
        StringTransport c = client(alford);
        send(c, "IAMAT kiwi +1+1 1700000000");
        send(c, "IAMAT plum +2+2 1700000000");
        StringTransport link = linkToHamilton();
        String sync = take(link);
        assertThat(sync).contains("kiwi", "plum");
        String kiwiLine = sync.lines().filter(l -> l.contains("kiwi")).findFirst().orElseThrow();

        // Hamilton (say, an older version) refuses kiwi's record.
        link.protocol().dataReceived(("? " + kiwiLine + "\n").getBytes(StandardCharsets.UTF_8));
        link.deliverConnectionLost(new net.reactor.ConnectionDoneException("closed"));

        assertThat(take(linkToHamilton())).as("the next sync").contains("plum").doesNotContain("kiwi");
    }
}
