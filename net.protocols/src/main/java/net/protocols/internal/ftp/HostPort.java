package net.protocols.internal.ftp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * A data-connection address from PORT ({@code h1,h2,h3,h4,p1,p2}) or EPRT
 * ({@code |1|132.235.1.2|6275|}, RFC 2428), and the PASV/EPSV answers. Only numeric addresses are
 * accepted: no name is ever resolved.
 *
 * @param address the host
 * @param port the port, 1 to 65535
 */
public record HostPort(InetAddress address, int port) {

    /**
     * Parses a PORT argument.
     *
     * @param text {@code h1,h2,h3,h4,p1,p2}
     * @return the address, or null if malformed
     */
    public static @Nullable HostPort parsePort(String text) {
        String[] parts = text.strip().split(",", -1);
        if (parts.length != 6) {
            return null;
        }
        int[] n = new int[6];
        for (int i = 0; i < 6; i++) {
            n[i] = smallNumber(parts[i].strip(), 255);
            if (n[i] < 0) {
                return null;
            }
        }
        int port = n[4] * 256 + n[5];
        if (port == 0) {
            return null;
        }
        try {
            return new HostPort(InetAddress.getByAddress(new byte[] {(byte) n[0], (byte) n[1], (byte) n[2], (byte) n[3]}),
                    port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Parses an EPRT argument.
     *
     * @param text {@code <d>1<d>address<d>port<d>} with any printable delimiter
     * @return the address, or null if malformed or of an unknown family
     */
    public static @Nullable HostPort parseExtended(String text) {
        String t = text.strip();
        if (t.length() < 7) {
            return null;
        }
        char d = t.charAt(0);
        if (d < 33 || d > 126 || t.charAt(t.length() - 1) != d) {
            return null;
        }
        String[] parts = t.substring(1, t.length() - 1).split(java.util.regex.Pattern.quote(String.valueOf(d)), -1);
        if (parts.length != 3) {
            return null;
        }
        int port = smallNumber(parts[2], 65535);
        if (port <= 0) {
            return null;
        }
        byte[] raw = switch (parts[0]) {
            case "1" -> ipv4(parts[1]);
            case "2" -> ipv6(parts[1]);
            default -> null;
        };
        if (raw == null) {
            return null;
        }
        try {
            return new HostPort(InetAddress.getByAddress(raw), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The PASV reply's form of an IPv4 address and port.
     *
     * @param ipv4 four bytes
     * @param port the port
     * @return {@code h1,h2,h3,h4,p1,p2}
     */
    public static String formatPort(byte[] ipv4, int port) {
        return (ipv4[0] & 0xff) + "," + (ipv4[1] & 0xff) + "," + (ipv4[2] & 0xff) + "," + (ipv4[3] & 0xff) + ","
                + (port >> 8) + "," + (port & 0xff);
    }

    private static byte @Nullable [] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int n = smallNumber(parts[i], 255);
            if (n < 0) {
                return null;
            }
            b[i] = (byte) n;
        }
        return b;
    }

    private static byte @Nullable [] ipv6(String text) {
        // Only hex digits, colons and (for a mapped IPv4 tail) dots: InetAddress then parses
        // the literal without any name lookup.
        if (text.isEmpty() || text.length() > 45 || !text.contains(":")) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A decimal number of at most 5 digits up to {@code max}, or -1. */
    private static int smallNumber(String text, int max) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= max ? n : -1;
    }
}
