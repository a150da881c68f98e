package net.reactor.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import net.reactor.Address;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.SocketType;
import net.reactor.UNIXAddress;
import org.jspecify.annotations.Nullable;

/** Conversions between the JDK's socket addresses and Spindle's {@link Address} records. */
final class SocketAddresses {
    private SocketAddresses() {}

    static Address of(SocketAddress address) {
        return of(address, SocketType.TCP);
    }

    /** The address of a socket of the given type (TCP for streams, UDP for datagram ports). */
    static Address of(SocketAddress address, SocketType type) {
        if (address instanceof UnixDomainSocketAddress unix) {
            // An unbound socket (a client's own end, usually) has the empty path.
            return new UNIXAddress(unix.getPath().toString().isEmpty() ? null : unix.getPath());
        }
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("not an internet or UNIX socket address: " + address);
        }
        InetAddress ip = inet.getAddress();
        if (ip instanceof Inet6Address v6) {
            return new IPv6Address(type, format(v6), inet.getPort());
        }
        if (ip instanceof Inet4Address v4) {
            return new IPv4Address(type, v4.getHostAddress(), inet.getPort());
        }
        // Unresolved: keep the name as given (Twisted does the same for a connector's destination).
        String host = inet.getHostString();
        return host.indexOf(':') >= 0
                ? new IPv6Address(type, host, inet.getPort())
                : new IPv4Address(type, host, inet.getPort());
    }

    /** An IP literal as an address, or null if {@code host} is a name that needs resolving. */
    static @Nullable InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    /** RFC 5952 text of an IPv6 address ("::1", not "0:0:0:0:0:0:0:1"), without a zone. */
    static String format(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
