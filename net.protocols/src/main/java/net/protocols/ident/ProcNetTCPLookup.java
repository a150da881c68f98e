package net.protocols.ident;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdentLookup} for Linux that finds the asked-about connection in {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6} and answers with the name of the local user who owns it, from
 * {@code /etc/passwd} (or the numeric uid when there is no entry), after Twisted's
 * {@code ProcServerMixin}. A connection matches when its local and remote ports are the query's
 * and its addresses are those of the ident connection (the same pair of hosts, as RFC 1413
 * requires). No match is {@code NO-USER}; a file that cannot be read is {@code UNKNOWN-ERROR}.
 *
 * <p>It reads these small kernel files on the calling thread, the reactor thread, as Twisted does;
 * they are in memory and cheap, but a server that answers heavy ident traffic should cache or use
 * its own lookup. Exposing local user names is a privacy decision: the default lookup,
 * {@link IdentLookup#NO_USER}, refuses.
 */
public final class ProcNetTCPLookup implements IdentLookup {
    private final List<Path> tables;
    private final Path passwd;

    /** Reads {@code /proc/net/tcp}, {@code /proc/net/tcp6} and {@code /etc/passwd}. */
    public ProcNetTCPLookup() {
        this(List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")), Path.of("/etc/passwd"));
    }

    /**
     * Reads the given files instead, for tests.
     *
     * @param tables files in the format of {@code /proc/net/tcp} or {@code /proc/net/tcp6}; a
     *     missing one is skipped
     * @param passwd a file in the format of {@code /etc/passwd}
     */
    public ProcNetTCPLookup(List<Path> tables, Path passwd) {
        this.tables = List.copyOf(tables);
        this.passwd = Objects.requireNonNull(passwd, "passwd");
    }

    @Override
    public IdentUserId lookup(IdentQuery query, Address server, Address client) {
        InetAddress local = inet(server);
        InetAddress remote = inet(client);
        if (local == null || remote == null) {
            throw new IdentErrorException(IdentError.NO_USER);
        }
        try {
            for (Path table : tables) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
                } catch (NoSuchFileException e) {
                    continue; // no IPv6, say
                }
                for (String line : lines) {
                    String uid = match(line, query, local, remote);
                    if (uid != null) {
                        return new IdentUserId("UNIX", userName(uid));
                    }
                }
            }
        } catch (IOException e) {
            throw new IdentErrorException(IdentError.UNKNOWN_ERROR);
        }
        throw new IdentErrorException(IdentError.NO_USER);
    }

    /** The uid of the line's connection if it is the one asked about, else null. */
    private static @Nullable String match(String line, IdentQuery query, InetAddress local, InetAddress remote) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 8 || !f[0].endsWith(":")) {
            return null; // the header, or something unexpected
        }
        Endpoint l = Endpoint.parse(f[1]);
        Endpoint r = Endpoint.parse(f[2]);
        if (l == null || r == null || l.port != query.serverPort() || r.port != query.clientPort()) {
            return null;
        }
        return l.address.equals(local) && r.address.equals(remote) ? f[7] : null;
    }

    private String userName(String uid) throws IOException {
        for (String entry : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
            String[] f = entry.split(":", -1);
            if (f.length > 2 && f[2].equals(uid) && !f[0].isEmpty()) {
                return f[0];
            }
        }
        return uid;
    }

    private static @Nullable InetAddress inet(Address address) {
        String host = switch (address) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> null;
        };
        if (host == null) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An address and port as /proc/net/tcp writes them: hex, each 32-bit word in host order. */
    private record Endpoint(InetAddress address, int port) {
        static @Nullable Endpoint parse(String field) {
            int colon = field.indexOf(':');
            if (colon < 0 || (colon != 8 && colon != 32) || field.length() - colon - 1 != 4) {
                return null;
            }
            try {
                byte[] raw = HexFormat.of().parseHex(field, 0, colon);
                // Each 32-bit word is printed as a little-endian integer (on the machines Linux
                // runs on here): reverse the bytes of every word to get network order.
                for (int w = 0; w < raw.length; w += 4) {
                    byte b0 = raw[w];
                    byte b1 = raw[w + 1];
                    raw[w] = raw[w + 3];
                    raw[w + 1] = raw[w + 2];
                    raw[w + 2] = b1;
                    raw[w + 3] = b0;
                }
                int port = Integer.parseInt(field.substring(colon + 1), 16);
                // An IPv4-mapped IPv6 address comes back as the IPv4 address, as the peer's does.
                return new Endpoint(InetAddress.getByAddress(raw), port);
            } catch (IllegalArgumentException | UnknownHostException e) {
                return null;
            }
        }
    }
}
