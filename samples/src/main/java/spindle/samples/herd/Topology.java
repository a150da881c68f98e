package spindle.samples.herd;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is in the herd and who talks to whom: five servers on consecutive ports in a fixed order,
 * and the five links between them. Every link is used both ways.
 */
final class Topology {
    /** The servers, in port order: the first listens on the base port, the next on base + 1, and so on. */
    static final List<String> SERVERS = List.of("Alford", "Ball", "Hamilton", "Holiday", "Welsh");

    /** The default base port: Alford 12000 ... Welsh 12004. */
    static final int DEFAULT_BASE_PORT = 12000;
    /**
     * How far above its client port a server's peer port is: Alford's peer port is 12100 by
     * default. Only the peer port accepts {@code PEER} and {@code AT}; see the package description
     * for the trust model.
     */
    static final int PEER_PORT_OFFSET = 100;

    private static final Map<String, List<String>> NEIGHBOURS = Map.of(
            "Alford", List.of("Hamilton", "Welsh"),
            "Ball", List.of("Holiday", "Welsh"),
            "Hamilton", List.of("Alford", "Holiday"),
            "Holiday", List.of("Ball", "Hamilton"),
            "Welsh", List.of("Alford", "Ball"));

    private Topology() {}

    /** The servers a server is linked to. */
    static List<String> neighbours(String server) {
        List<String> n = NEIGHBOURS.get(server);
        if (n == null) {
            throw new IllegalArgumentException("not a herd server: " + server);
        }
        return n;
    }

    /** A server's port for a base port. */
    static int port(String server, int basePort) {
        int index = SERVERS.indexOf(server);
        if (index < 0) {
            throw new IllegalArgumentException("not a herd server: " + server);
        }
        return basePort + index;
    }

    /** A server's peer port (where its neighbours' links connect) for a base port. */
    static int peerPort(String server, int basePort) {
        return port(server, basePort) + PEER_PORT_OFFSET;
    }

    /** The server's canonical name for a name in any letter case, or null if there is none. */
    static @Nullable String canonical(String name) {
        for (String s : SERVERS) {
            if (s.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }

    /** Every server's name. */
    static Set<String> names() {
        return Set.copyOf(SERVERS);
    }
}
