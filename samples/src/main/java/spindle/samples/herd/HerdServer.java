package spindle.samples.herd;

import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.deferred.Outcome;
import net.reactor.Address;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * One herd server: what it knows about clients, its links to its neighbours, and the protocol's
 * rules.
 *
 * <ul>
 *   <li>{@code IAMAT CLIENT LOCATION TIME}: answer {@code AT SELF DIFF CLIENT LOCATION TIME} (DIFF
 *       is this server's receive time minus TIME, signed, nine decimals), keep it if it is newer
 *       than what is known about CLIENT, and flood it to every neighbour.
 *   <li>{@code AT ...}: keep it if it is newer (a duplicate or older one is ignored, which is
 *       also what ends a flood), then flood it to every neighbour except the one it came from
 *       and the server that first heard it. No answer.
 *   <li>{@code WHATSAT CLIENT RADIUS MAX}: answer the AT line known for CLIENT, the places within
 *       RADIUS km of it nearest first (at most MAX), and an empty line. Reading stops while the
 *       database answers, so replies keep the order of the questions.
 *   <li>{@code PEER NAME}: marks the connection as the link from neighbour NAME.
 *   <li>Anything else: {@code ? LINE}; the connection stays open.
 * </ul>
 *
 * <p>Threading: the reactor thread only, like its protocols; it needs no locks.
 */
final class HerdServer {
    /** A bound on remembered clients, so a flood of made-up names cannot exhaust memory. */
    static final int MAX_CLIENTS = 100_000;
    /**
     * How far ahead of this server's clock an IAMAT's time may be: five minutes, for clients whose
     * clocks run a little fast. A later time is refused, since a record "from the future" would
     * make every real update of that client look older until then.
     */
    static final BigDecimal MAX_AHEAD_SECONDS = BigDecimal.valueOf(5 * 60);
    /** How far behind this server's clock an IAMAT's time may be: one day. */
    static final BigDecimal MAX_BEHIND_SECONDS = BigDecimal.valueOf(24 * 60 * 60);

    private final String name;
    private final PlacesStore places;
    private final InstantSource wallClock;
    private final System.Logger log;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    private final Map<String, AtRecord> clients = new HashMap<>();

    HerdServer(String name, PlacesStore places, InstantSource wallClock) {
        this.name = name;
        this.places = places;
        this.wallClock = wallClock;
        this.log = System.getLogger("spindle.samples.herd." + name);
    }

    String name() {
        return name;
    }

    void addLink(PeerLink link) {
        links.put(link.peer(), link);
    }

    Collection<PeerLink> links() {
        return links.values();
    }

    /** Everything this server knows, for a neighbour whose link has just come up. */
    List<AtRecord> records() {
        return List.copyOf(clients.values());
    }

    /** The factory for connections to this server's client port (IAMAT and WHATSAT). */
    Factory factory() {
        return new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return new HerdProtocol(HerdServer.this, false);
            }
        };
    }

    /** The factory for connections to this server's peer port: its neighbours' links (PEER and AT). */
    Factory peerFactory() {
        return new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return new HerdProtocol(HerdServer.this, true);
            }
        };
    }

    void connectionMade(HerdProtocol connection) {
        log.log(Level.INFO, "{0}: connection from {1}", name, connection.describe());
    }

    void connectionLost(HerdProtocol connection, Throwable reason) {
        String why = reason instanceof ConnectionDoneException ? "closed" : "lost (" + reason.getMessage() + ")";
        log.log(Level.INFO, "{0}: connection from {1} {2}", name, connection.describe(), why);
    }

    void lineReceived(HerdProtocol from, String line) {
        Instant received = wallClock.instant();
        Command command = Command.parse(line);
        boolean linkCommand = command instanceof Command.At || command instanceof Command.Peer;
        if (command != null && linkCommand != from.onPeerPort()) {
            // AT and PEER only from a neighbour's link, on the peer port; IAMAT and WHATSAT only
            // from clients: a client cannot pose as a server, nor write a record "first heard" by one.
            from.sendText("? " + line);
            return;
        }
        switch (command) {
            case null -> from.sendText("? " + line);
            case Command.IAmAt c -> iAmAt(from, line, c, received);
            case Command.At c -> at(from, c.record());
            case Command.WhatsAt c -> whatsAt(from, line, c);
            case Command.Peer c -> peer(from, line, c.server());
        }
    }

    /** A line that is not valid UTF-8: refused, as any line that does not parse. */
    void malformedLine(HerdProtocol from, byte[] line) {
        log.log(Level.DEBUG, "{0}: refused a line that is not UTF-8 from {1}", name, from.describe());
        from.refuseRaw(line);
    }

    private void iAmAt(HerdProtocol from, String line, Command.IAmAt c, Instant received) {
        BigDecimal now = BigDecimal.valueOf(received.getEpochSecond()).add(BigDecimal.valueOf(received.getNano(), 9));
        if (c.time().compareTo(now.add(MAX_AHEAD_SECONDS)) > 0 || c.time().compareTo(now.subtract(MAX_BEHIND_SECONDS)) < 0) {
            // A time far in the future would make the client's real updates look older for ever.
            from.sendText("? " + line);
            return;
        }
        AtRecord record = new AtRecord(name, signed(now.subtract(c.time())), c.client(), c.locationText(),
                c.location(), c.timeText(), c.time());
        from.sendText(record.line());
        if (store(record)) {
            log.log(Level.INFO, "{0}: IAMAT {1} at {2} from {3}", name, c.client(), c.locationText(), from.describe());
            flood(record, null);
        }
    }

    private void at(HerdProtocol from, AtRecord record) {
        if (!store(record)) {
            log.log(Level.DEBUG, "{0}: ignored a duplicate or older AT for {1} from {2}",
                    name, record.client(), from.describe());
            return;
        }
        log.log(Level.INFO, "{0}: learned {1} at {2} (first heard by {3}) from {4}",
                name, record.client(), record.locationText(), record.server(), from.describe());
        flood(record, from.peer());
    }

    private void whatsAt(HerdProtocol from, String line, Command.WhatsAt c) {
        AtRecord record = clients.get(c.client());
        if (record == null) {
            from.sendText("? " + line);
            return;
        }
        from.pauseProducing();
        places.placesIn(Geo.around(record.location(), c.radiusKm()))
                .addBoth(outcome -> {
                    switch (outcome) {
                        case Outcome.Success<List<Place>>(List<Place> candidates) -> {
                            List<String> reply = new ArrayList<>();
                            reply.add(record.line());
                            for (Nearby n : Nearby.select(record.location(), c.radiusKm(), c.maxResults(), candidates)) {
                                reply.add(n.line());
                            }
                            reply.add("");
                            from.sendLines(reply);
                        }
                        case Outcome.Failed<List<Place>>(var failure) -> {
                            // DEBUG: with the database down every question fails, and a line (with
                            // a stack trace) per question buried the log. The pool reports what is
                            // wrong with the database at WARNING, once per 10 s per failure.
                            log.log(Level.DEBUG, name + ": the places query failed for " + line, failure.value());
                            from.sendText("? " + line);
                        }
                    }
                    from.resume();
                    return null;
                });
    }

    private void peer(HerdProtocol from, String line, String peer) {
        if (!links.containsKey(peer)) {
            from.sendText("? " + line);
            return;
        }
        from.setPeer(peer);
        log.log(Level.INFO, "{0}: link from {1}", name, from.describe());
    }

    /** Keeps the record if it is about a new client or newer than the one known. */
    private boolean store(AtRecord record) {
        AtRecord known = clients.get(record.client());
        if (known == null) {
            if (clients.size() >= MAX_CLIENTS) {
                log.log(Level.WARNING, "{0}: already {1} clients; not remembering {2}", name, MAX_CLIENTS, record.client());
                return false;
            }
        } else if (!record.newerThan(known)) {
            return false;
        }
        clients.put(record.client(), record);
        return true;
    }

    /** Sends the AT line to every neighbour but the one it came from and the one that first heard it. */
    private void flood(AtRecord record, @Nullable String cameFrom) {
        List<String> sent = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (PeerLink link : links.values()) {
            String peer = link.peer();
            if (peer.equals(cameFrom) || peer.equals(record.server())) {
                continue;
            }
            (link.send(record.line()) ? sent : down).add(peer);
        }
        if (!sent.isEmpty() || !down.isEmpty()) {
            log.log(Level.INFO, "{0}: flooded AT for {1} to {2}{3}", name, record.client(),
                    sent.isEmpty() ? "nobody" : String.join(", ", sent),
                    down.isEmpty() ? "" : " (link down: " + String.join(", ", down) + ")");
        }
    }

    /** A difference in seconds with its sign and nine decimals: {@code +0.263873386}. */
    static String signed(BigDecimal seconds) {
        BigDecimal d = seconds.setScale(9, RoundingMode.HALF_EVEN);
        return (d.signum() < 0 ? "" : "+") + d.toPlainString();
    }
}
