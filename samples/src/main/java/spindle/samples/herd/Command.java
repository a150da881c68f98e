package spindle.samples.herd;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One line of the herd's protocol, parsed. Fields are separated by spaces or tabs; anything that
 * does not parse is answered with {@code ? LINE} by the server.
 */
sealed interface Command {
    /** The largest WHATSAT radius, in km. */
    double MAX_RADIUS_KM = 50;
    /** The most places a WHATSAT may ask for. */
    int MAX_RESULTS = 20;
    /**
     * The longest client name, in UTF-8 bytes (a DNS name has at most 253 characters). With the
     * other fields' bounds it keeps every AT line far below {@link HerdProtocol#MAX_LINE} (see
     * {@link AtRecord#MAX_LINE_BYTES}), so no client can send a record a link refuses; it also
     * bounds what a remembered client costs.
     */
    int MAX_NAME_BYTES = 255;

    /** {@code IAMAT CLIENT LOCATION TIME}: a client says where it is. */
    record IAmAt(String client, String locationText, Location location, String timeText, BigDecimal time)
            implements Command {}

    /** {@code AT SERVER DIFF CLIENT LOCATION TIME}: a server floods what it learned. */
    record At(AtRecord record) implements Command {}

    /** {@code WHATSAT CLIENT RADIUS MAX}: which places are within RADIUS km of the client. */
    record WhatsAt(String client, double radiusKm, int maxResults) implements Command {}

    /** {@code PEER SERVER}: the first line a server sends on a link, naming itself. */
    record Peer(String server) implements Command {}

    /** POSIX time in seconds, with an optional fraction (digits only: no exponent, no NaN). */
    Pattern TIME = Pattern.compile("[+-]?\\d{1,15}(?:\\.\\d{1,15})?");
    /** A signed time difference as servers write it. */
    Pattern DIFFERENCE = Pattern.compile("[+-]\\d{1,15}(?:\\.\\d{1,15})?");
    /** A radius in km. */
    Pattern RADIUS = Pattern.compile("\\d{1,3}(?:\\.\\d{1,9})?");
    /** A count of results. */
    Pattern COUNT = Pattern.compile("\\d{1,3}");

    /**
     * Parses one line (its delimiter and a trailing CR already removed).
     *
     * @return the command, or null if the line is not a well-formed command
     */
    static @Nullable Command parse(String line) {
        String[] f = line.strip().split("[ \t]+");
        if (f.length >= 2 && (f[0].equals("IAMAT") || f[0].equals("WHATSAT")) && !isName(f[1])) {
            return null;
        }
        return switch (f[0]) {
            case "IAMAT" -> f.length == 4 ? iAmAt(f[1], f[2], f[3]) : null;
            case "AT" -> f.length == 6 ? at(f) : null;
            case "WHATSAT" -> f.length == 4 ? whatsAt(f[1], f[2], f[3]) : null;
            case "PEER" -> f.length == 2 && Topology.SERVERS.contains(f[1]) ? new Peer(f[1]) : null;
            default -> null;
        };
    }

    private static @Nullable Command iAmAt(String client, String locationText, String timeText) {
        Location location = Location.parse(locationText);
        if (location == null || !TIME.matcher(timeText).matches()) {
            return null;
        }
        return new IAmAt(client, locationText, location, timeText, new BigDecimal(timeText));
    }

    private static @Nullable Command at(String[] f) {
        String server = f[1];
        Location location = Location.parse(f[4]);
        if (!Topology.SERVERS.contains(server)
                || !isName(f[3])
                || !DIFFERENCE.matcher(f[2]).matches()
                || location == null
                || !TIME.matcher(f[5]).matches()) {
            return null;
        }
        return new At(new AtRecord(server, f[2], f[3], f[4], location, f[5], new BigDecimal(f[5])));
    }

    private static @Nullable Command whatsAt(String client, String radiusText, String countText) {
        if (!RADIUS.matcher(radiusText).matches() || !COUNT.matcher(countText).matches()) {
            return null;
        }
        double radius = Double.parseDouble(radiusText);
        int count = Integer.parseInt(countText);
        if (!(radius > 0 && radius <= MAX_RADIUS_KM) || count < 1 || count > MAX_RESULTS) {
            return null;
        }
        return new WhatsAt(client, radius, count);
    }

    /**
     * Whether {@code name} may name a client: at most {@link #MAX_NAME_BYTES} bytes of UTF-8 and
     * no control characters (which could only serve to garble a terminal or a log).
     */
    static boolean isName(String name) {
        if (name.length() > MAX_NAME_BYTES) {
            return false;
        }
        int bytes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return false;
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes <= MAX_NAME_BYTES;
    }
}
