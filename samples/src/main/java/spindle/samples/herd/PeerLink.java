package spindle.samples.herd;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import net.protocols.basic.LineReceiver;
import net.reactor.Address;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.Protocol;
import net.reactor.ReactorTCP;
import net.reactor.ReactorTime;
import net.reactor.ReconnectingClientFactory;
import org.jspecify.annotations.Nullable;

/**
 * A server's link to one neighbour: a reconnecting client that dials the neighbour's port, says
 * {@code PEER SELF}, sends everything its server knows (so a neighbour that restarted with an
 * empty memory catches up; what it already has is ignored as a duplicate), and then carries the
 * floods. When the neighbour goes away the link retries with a short, capped back-off, so a
 * server that comes back rejoins within a couple of seconds.
 *
 * <p>Threading: the reactor thread only.
 */
final class PeerLink extends ReconnectingClientFactory {
    private static final byte[] LF = {'\n'};

    private final HerdServer server;
    private final String peer;
    private final String host;
    private final int port;
    private final Runnable onFirstConnect;
    private final System.Logger log;
    private @Nullable LinkProtocol current;
    private boolean everConnected;
    private boolean reportedDown;
    /**
     * AT lines this neighbour refused ({@code ? AT ...}): not sent again, so one record the
     * neighbour will not take cannot make every sync fail. Bounded; oldest forgotten first.
     */
    private final Set<String> refused = new LinkedHashSet<>();
    private static final int MAX_REFUSED = 1_000;

    PeerLink(ReactorTime time, HerdServer server, String peer, String host, int port, Runnable onFirstConnect) {
        super(time);
        this.server = server;
        this.peer = peer;
        this.host = host;
        this.port = port;
        this.onFirstConnect = onFirstConnect;
        this.log = System.getLogger("spindle.samples.herd." + server.name());
        // Neighbours are on the same network: retry quickly (0.5 s, 1 s, then every 2 s or so)
        // rather than with Twisted's defaults, which grow towards an hour.
        setInitialDelay(Duration.ofMillis(250));
        setFactor(2);
        setMaxDelay(Duration.ofSeconds(2));
    }

    String peer() {
        return peer;
    }

    boolean isUp() {
        return current != null;
    }

    /** Starts dialling. */
    void connect(ReactorTCP tcp) {
        tcp.connectTCP(host, port, this);
    }

    /** Stops for good: no more retries, and the connection (if any) is closed. */
    void shutdown() {
        stopTrying();
        LinkProtocol p = current;
        if (p != null) {
            p.transport().loseConnection();
        }
    }

    /** Sends one line to the neighbour; false if the link is down (the line is dropped). */
    boolean send(String line) {
        LinkProtocol p = current;
        if (p == null) {
            return false;
        }
        p.sendRecord(line);
        return true;
    }

    @Override
    public Protocol buildProtocol(Address address) {
        resetDelay();
        return new LinkProtocol();
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        if (!reportedDown) {
            reportedDown = true;
            log.log(Level.INFO, "{0}: cannot reach {1} at {2}:{3} ({4}); retrying until it is back",
                    server.name(), peer, host, String.valueOf(port), reason.getMessage());
        }
        super.clientConnectionFailed(connector, reason);
    }

    /** The link's connection: it only sends; anything the neighbour answers is logged. */
    private final class LinkProtocol extends LineReceiver {
        LinkProtocol() {
            // The neighbour answers a refused line with "? LINE": two bytes longer than the longest line.
            super(LF, HerdProtocol.MAX_LINE + 2);
        }

        /**
         * Sends one AT line, unless the neighbour would close the link for it (too long) or has
         * refused it before: such a record is dropped from this link with a log line, never
         * resent on every reconnect.
         */
        void sendRecord(String line) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > HerdProtocol.MAX_LINE) {
                log.log(Level.WARNING, "{0}: not sending a {1}-byte line to {2}, longer than a link takes: {3}",
                        server.name(), String.valueOf(bytes.length), peer, line.substring(0, Math.min(line.length(), 80)));
                return;
            }
            if (refused.contains(line)) {
                return;
            }
            sendLine(bytes);
        }

        @Override
        public void connectionMade() {
            current = this;
            reportedDown = false;
            var records = server.records();
            log.log(Level.INFO, "{0}: link to {1} up; sending what it knows ({2} clients)",
                    server.name(), peer, records.size());
            sendLine(("PEER " + server.name()).getBytes(StandardCharsets.UTF_8));
            for (AtRecord r : records) {
                sendRecord(r.line());
            }
            if (!everConnected) {
                everConnected = true;
                onFirstConnect.run();
            }
        }

        @Override
        protected void lineReceived(byte[] line) {
            String text = new String(line, StandardCharsets.UTF_8).strip();
            if (text.startsWith("? AT ")) {
                if (refused.size() >= MAX_REFUSED) {
                    refused.remove(refused.iterator().next());
                }
                refused.add(text.substring(2));
                log.log(Level.WARNING, "{0}: {1} refused a record; it will not be sent to it again: {2}",
                        server.name(), peer, text.substring(2));
                return;
            }
            log.log(Level.WARNING, "{0}: {1} answered on the link: {2}", server.name(), peer, text);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            if (current == this) {
                current = null;
            }
            if (continueTrying()) {
                log.log(Level.INFO, "{0}: link to {1} lost ({2}); reconnecting", server.name(), peer,
                        reason instanceof ConnectionDoneException ? "closed by the other side" : reason.toString());
            }
        }
    }
}
