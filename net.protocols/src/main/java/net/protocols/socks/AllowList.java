package net.protocols.socks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link AccessPolicy} that allows listed destinations only: hosts or CIDR networks, each
 * optionally restricted to a port or port range. The empty list allows nothing.
 *
 * <p>Entries read {@code HOST}, {@code HOST/BITS}, {@code HOST:PORT} or {@code HOST/BITS:LOW-HIGH}
 * (IPv4; an IPv6 address goes in brackets, {@code [::1]/128:80}). A host name is resolved when
 * the list is made, to every address it has, so {@code localhost} admits {@code 127.0.0.1}; and
 * since requests are judged after their own resolution, {@code 127.0.0.1} admits a SOCKSv4a
 * request for {@code localhost}.
 *
 * {@snippet :
 * AccessPolicy policy = AllowList.of(List.of("127.0.0.1", "10.0.0.0/8:443"));
 * }
 *
 * <p>Immutable and thread-safe.
 */
public final class AllowList implements AccessPolicy {

    /**
     * One allowed destination.
     *
     * @param network the network's address bytes (4 or 16)
     * @param prefixLength how many leading bits must match
     * @param lowPort the lowest port allowed
     * @param highPort the highest port allowed
     */
    public record Rule(byte[] network, int prefixLength, int lowPort, int highPort) {

        /**
         * Checks the fields and copies the address.
         *
         * @param network the network's address bytes
         * @param prefixLength leading bits that must match
         * @param lowPort lowest port
         * @param highPort highest port
         */
        public Rule {
            if (network.length != 4 && network.length != 16) {
                throw new IllegalArgumentException("an address has 4 or 16 bytes");
            }
            if (prefixLength < 0 || prefixLength > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
            }
            if (lowPort < 0 || highPort > 0xffff || lowPort > highPort) {
                throw new IllegalArgumentException("bad port range " + lowPort + "-" + highPort);
            }
            network = network.clone();
        }

        /**
         * The network's address bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] network() {
            return network.clone();
        }

        /**
         * Whether the rule covers a destination.
         *
         * @param address the destination
         * @param port its port
         * @return true if both match
         */
        public boolean matches(InetAddress address, int port) {
            byte[] a = address.getAddress();
            if (a.length != network.length || port < lowPort || port > highPort) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        /** Value semantics for the address bytes. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Rule r && java.util.Arrays.equals(network, r.network)
                    && prefixLength == r.prefixLength && lowPort == r.lowPort && highPort == r.highPort;
        }

        /** Consistent with {@link #equals}. */
        @Override
        public int hashCode() {
            return Objects.hash(java.util.Arrays.hashCode(network), prefixLength, lowPort, highPort);
        }
    }

    private final List<Rule> rules;

    private AllowList(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * A list of rules.
     *
     * @param rules the rules
     * @return the policy
     */
    public static AllowList ofRules(List<Rule> rules) {
        return new AllowList(rules);
    }

    /**
     * Parses entries (see the class description). Resolves host names, so it may block: call it
     * at start-up, not on the reactor thread while it serves.
     *
     * @param entries the entries; none allows nothing
     * @return the policy
     * @throws IllegalArgumentException if an entry is malformed or its host does not resolve
     */
    public static AllowList of(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            rules.addAll(parse(entry));
        }
        return new AllowList(rules);
    }

    /**
     * The rules, in order.
     *
     * @return the rules
     */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Whether a destination is allowed; the command and user id do not matter to this policy.
     *
     * @param command ignored
     * @param destination the destination address
     * @param port the destination port
     * @param userId ignored
     * @return true if some rule matches
     */
    @Override
    public boolean permits(SOCKSCommand command, InetAddress destination, int port, String userId) {
        for (Rule rule : rules) {
            if (rule.matches(destination, port)) {
                return true;
            }
        }
        return false;
    }

    private static List<Rule> parse(String entry) {
        String rest = entry.strip();
        String host;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in " + entry);
            }
            host = rest.substring(1, close);
            rest = rest.substring(close + 1);
        } else {
            int end = 0;
            while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != ':') {
                end++;
            }
            host = rest.substring(0, end);
            rest = rest.substring(end);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in allow entry \"" + entry + "\"");
        }
        int prefix = -1;
        if (rest.startsWith("/")) {
            int end = rest.indexOf(':');
            String bits = end < 0 ? rest.substring(1) : rest.substring(1, end);
            prefix = number(bits, 128, entry);
            rest = end < 0 ? "" : rest.substring(end);
        }
        int low = 0;
        int high = 0xffff;
        if (rest.startsWith(":")) {
            String ports = rest.substring(1);
            int dash = ports.indexOf('-');
            low = number(dash < 0 ? ports : ports.substring(0, dash), 0xffff, entry);
            high = dash < 0 ? low : number(ports.substring(dash + 1), 0xffff, entry);
        } else if (!rest.isEmpty()) {
            throw new IllegalArgumentException("cannot read allow entry \"" + entry + "\"");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("allow entry \"" + entry + "\": unknown host " + host, e);
        }
        List<Rule> rules = new ArrayList<>();
        for (InetAddress address : addresses) {
            byte[] bytes = address.getAddress();
            int bits = prefix < 0 ? bytes.length * 8 : prefix;
            if (bits > bytes.length * 8) {
                throw new IllegalArgumentException("allow entry \"" + entry + "\": prefix longer than the address");
            }
            rules.add(new Rule(bytes, bits, low, high));
        }
        return rules;
    }

    private static int number(String text, int max, String entry) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("cannot read \"" + text + "\" in allow entry \"" + entry + "\"");
        }
        int n = Integer.parseInt(text);
        if (n > max) {
            throw new IllegalArgumentException(text + " out of range in allow entry \"" + entry + "\"");
        }
        return n;
    }

    /** The rules, for logs. */
    @Override
    public String toString() {
        return "AllowList[" + rules.size() + " rules]";
    }
}
