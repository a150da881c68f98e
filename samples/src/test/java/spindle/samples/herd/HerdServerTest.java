package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class HerdServerTest {
    private static final String UCLA = "+34.068930-118.445127";

    /** A store whose answers the test fires by hand. */
    private static final class ManualStore implements PlacesStore {
        final List<Geo.BoundingBox> asked = new ArrayList<>();
        final List<Deferred<List<Place>>> pending = new ArrayList<>();

        @Override
        public Deferred<List<Place>> placesIn(Geo.BoundingBox box) {
            asked.add(box);
            Deferred<List<Place>> d = new Deferred<>();
            pending.add(d);
            return d;
        }
    }

    private final ManualStore store = new ManualStore();
    private final HerdServer server = new HerdServer("Alford", store,
            InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L, 500_000_000)));

    private StringTransport connect() {
        StringTransport transport = new StringTransport();
        transport.connect(server.factory().buildProtocol(StringTransport.DEFAULT_PEER));
        return transport;
    }

    /** A neighbour's link, on the peer port. */
    private StringTransport connectPeer() {
        StringTransport transport = new StringTransport();
        transport.connect(server.peerFactory().buildProtocol(StringTransport.DEFAULT_PEER));
        return transport;
    }

    private static void send(StringTransport transport, String data) {
        transport.protocol().dataReceived(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String take(StringTransport transport) {
        String s = transport.valueAsString(StandardCharsets.UTF_8);
        transport.clear();
        return s;
    }

    @Test
    void iAmAtIsAnsweredWithTheServersNameAndTheSignedDifference() {
        StringTransport t = connect();
        send(t, "IAMAT kiwi " + UCLA + " 1699999999.25\n");
        assertThat(take(t)).isEqualTo("AT Alford +1.250000000 kiwi " + UCLA + " 1699999999.25\n");
        send(t, "IAMAT kiwi " + UCLA + " 1700000001.000000001\n");
        assertThat(take(t)).isEqualTo("AT Alford -0.500000001 kiwi " + UCLA + " 1700000001.000000001\n");
    }

    @Test
    void aTrailingCarriageReturnIsDropped() {
        StringTransport t = connect();
        send(t, "IAMAT kiwi " + UCLA + " 1700000000.5\r\nHELLO\r\n");
        assertThat(take(t)).isEqualTo("AT Alford +0.000000000 kiwi " + UCLA + " 1700000000.5\n? HELLO\n");
    }

    @Test
    void malformedLinesAreAnsweredAndTheConnectionStaysOpen() {
        StringTransport t = connect();
        send(t, "HELLO\nWHATSAT kiwi 10 5\nIAMAT kiwi nowhere 1\n\nWHATSAT kiwi 51 5\n");
        assertThat(take(t)).isEqualTo("? HELLO\n? WHATSAT kiwi 10 5\n? IAMAT kiwi nowhere 1\n? \n? WHATSAT kiwi 51 5\n");
        assertThat(t.isClosing()).isFalse();
        assertThat(store.asked).isEmpty();
    }

    @Test
    void whatsAtAnswersTheAtLineThenNearestPlacesThenAnEmptyLine() {
        StringTransport t = connect();
        send(t, "IAMAT kiwi +0+0 1700000000\n");
        take(t);
        send(t, "WHATSAT kiwi 5 2\n");
        assertThat(store.asked).containsExactly(Geo.around(new Location(0, 0), 5));
        assertThat(take(t)).isEmpty();

        store.pending.getFirst().callback(List.of(
                new Place(1, "Far Cafe", new Location(0, 0.03)),
                new Place(2, "Near Cafe", new Location(0, 0.01)),
                new Place(3, "Outside Cafe", new Location(0, 0.2)),
                new Place(4, "Middle Cafe", new Location(0.02, 0))));
        assertThat(take(t)).isEqualTo("""
                AT Alford +0.500000000 kiwi +0+0 1700000000
                Near Cafe 1.112km +0.000000+0.010000
                Middle Cafe 2.224km +0.020000+0.000000

                """);
    }

    @Test
    void linesAfterAWhatsAtWaitForItsAnswerSoRepliesKeepTheirOrder() {
        StringTransport t = connect();
        send(t, "IAMAT kiwi +0+0 1700000000\n");
        take(t);
        send(t, "WHATSAT kiwi 5 2\nHELLO\nIAMAT kiwi +1+1 1700000001\n");
        assertThat(take(t)).isEmpty();
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);

        store.pending.getFirst().callback(List.of());
        assertThat(take(t)).isEqualTo("""
                AT Alford +0.500000000 kiwi +0+0 1700000000

                ? HELLO
                AT Alford -0.500000000 kiwi +1+1 1700000001
                """);
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
    }

    @Test
    void aDatabaseFailureIsAnsweredWithAQuestionMark() {
        StringTransport t = connect();
        send(t, "IAMAT kiwi +0+0 1700000000\n");
        take(t);
        send(t, "WHATSAT kiwi 5 2\n");
        store.pending.getFirst().errback(new SQLException("the database is down"));
        assertThat(take(t)).isEqualTo("? WHATSAT kiwi 5 2\n");
        assertThat(t.isClosing()).isFalse();
    }

    @Test
    void onlyNewerNewsIsKept() {
        StringTransport link = connectPeer();
        StringTransport t = connect();
        send(link, "AT Welsh +0.1 kiwi +2+2 1700000002\n");
        send(link, "AT Ball +0.1 kiwi +1+1 1700000001\n");
        send(link, "AT Ball +0.1 kiwi +3+3 1700000002\n");
        assertThat(take(link)).isEmpty();
        assertThat(server.records()).extracting(AtRecord::line).containsExactly("AT Welsh +0.1 kiwi +2+2 1700000002");

        send(t, "IAMAT kiwi +4+4 1700000001.5\n");
        take(t);
        assertThat(server.records()).extracting(AtRecord::line).containsExactly("AT Welsh +0.1 kiwi +2+2 1700000002");
        send(t, "IAMAT kiwi +4+4 1700000003\n");
        assertThat(server.records()).extracting(AtRecord::line)
                .containsExactly("AT Alford -2.500000000 kiwi +4+4 1700000003");
    }

    @Test
    void peerIsAcceptedFromNeighboursOnly() {
        server.addLink(new PeerLink(new Clock(), server, "Hamilton", "127.0.0.1", 1, () -> {}));
        StringTransport t = connectPeer();
        send(t, "PEER Hamilton\nPEER Ball\n");
        assertThat(take(t)).isEqualTo("? PEER Ball\n");
    }

    @Test
    void anOverlongLineClosesTheConnection() {
        StringTransport t = connect();
        send(t, "IAMAT " + "x".repeat(HerdProtocol.MAX_LINE) + "\n");
        assertThat(t.isClosing()).isTrue();
    }
}
