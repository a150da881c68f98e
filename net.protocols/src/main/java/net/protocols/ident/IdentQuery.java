package net.protocols.ident;

/**
 * An ident query: a pair of TCP ports, {@code <port-on-server> , <port-on-client>}, each from 1 to
 * 65535. The server is the host the ident server runs on (where the asked-about connection has
 * its {@code serverPort}); the client is the host asking.
 *
 * @param serverPort the connection's port on the ident server's host
 * @param clientPort the connection's port on the asking host
 */
public record IdentQuery(int serverPort, int clientPort) {

    /** The longest query line accepted, in bytes; a real one is at most 13 bytes and some spaces. */
    public static final int MAX_QUERY_LENGTH = 64;

    /**
     * Checks the ports.
     *
     * @param serverPort from 1 to 65535
     * @param clientPort from 1 to 65535
     * @throws IllegalArgumentException if a port is out of range
     */
    public IdentQuery {
        if (!valid(serverPort) || !valid(clientPort)) {
            throw new IllegalArgumentException("ports must be 1-65535: " + serverPort + ", " + clientPort);
        }
    }

    /**
     * Parses a query line (without line ending): two decimal ports separated by a comma, spaces and
     * tabs allowed around each.
     *
     * @param line the line
     * @return the query
     * @throws IdentParseException if it is not two numbers separated by a comma, or a port is out
     *     of 1–65535
     */
    public static IdentQuery parse(String line) {
        int[] ports = parsePair(line);
        if (!valid(ports[0]) || !valid(ports[1])) {
            throw new IdentParseException("ports must be 1-65535: " + ports[0] + ", " + ports[1]);
        }
        return new IdentQuery(ports[0], ports[1]);
    }

    /**
     * The line this query is sent as, without line ending.
     *
     * @return such as {@code 6193, 23}
     */
    public String toLine() {
        return serverPort + ", " + clientPort;
    }

    static boolean valid(int port) {
        return port >= 1 && port <= 65535;
    }

    /** Two numbers of at most five digits each, in any range, or an IdentParseException. */
    static int[] parsePair(String line) {
        if (line.length() > MAX_QUERY_LENGTH) {
            throw new IdentParseException("port pair longer than " + MAX_QUERY_LENGTH + " characters");
        }
        int comma = line.indexOf(',');
        if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
            throw new IdentParseException("not a port pair: exactly one comma expected");
        }
        return new int[] {number(line.substring(0, comma)), number(line.substring(comma + 1))};
    }

    static int number(String field) {
        String s = strip(field);
        if (s.isEmpty() || s.length() > 5) {
            throw new IdentParseException("a port is 1 to 5 digits");
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IdentParseException("a port is 1 to 5 digits");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Strips spaces and tabs only (RFC 1413 allows both), not other whitespace. */
    static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    static boolean hasControl(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
    }
}
