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

    /** The factory for connections to this server's port. */
    Factory factory() {
        return new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return new HerdProtocol(HerdServer.this);
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
        switch (Command.parse(line)) {
            case null -> from.sendText("? " + line);
            case Command.IAmAt c -> iAmAt(from, c, received);
            case Command.At c -> at(from, c.record());
            case Command.WhatsAt c -> whatsAt(from, line, c);
            case Command.Peer c -> peer(from, line, c.server());
        }
    }

    private void iAmAt(HerdProtocol from, Command.IAmAt c, Instant received) {
        BigDecimal now = BigDecimal.valueOf(received.getEpochSecond()).add(BigDecimal.valueOf(received.getNano(), 9));
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
                            log.log(Level.WARNING, name + ": the places query failed for " + line, failure.value());
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
