package net.protocols.socks;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Parses SOCKSv5's method negotiation and request (RFC 1928), for {@link SOCKSv4}'s SOCKSv5 mode.
 * Pure functions of the bytes.
 */
final class SOCKSv5Parser {
    /** "No authentication required", the only method offered. */
    static final int NO_AUTHENTICATION = 0;
    /** Reply codes (RFC 1928 section 6). */
    static final int GENERAL_FAILURE = 1;
    static final int NOT_ALLOWED = 2;
    static final int HOST_UNREACHABLE = 4;
    static final int CONNECTION_REFUSED = 5;
    static final int COMMAND_NOT_SUPPORTED = 7;
    static final int ADDRESS_TYPE_NOT_SUPPORTED = 8;

    private SOCKSv5Parser() {}

    /** What the bytes are. */
    sealed interface Result {}

    /** More bytes are needed. */
    record Incomplete() implements Result {}

    /** A greeting: whether "no authentication" is offered, and its length. */
    record Greeting(boolean noAuthentication, int length) implements Result {}

    /**
     * A CONNECT request.
     *
     * @param address 4 or 16 bytes, or null when a host name is given
     * @param hostName the domain name, or null
     * @param port the destination port
     * @param length bytes taken
     */
    record Request(byte @Nullable [] address, @Nullable String hostName, int port, int length) implements Result {}

    /** Not acceptable: the reply code to send (0 for none) and why. */
    record Malformed(String reason, int replyCode) implements Result {}

    static Result parseGreeting(byte[] data, int length) {
        if (length < 2) {
            return new Incomplete();
        }
        if (data[0] != 5) {
            return new Malformed("not a SOCKSv5 greeting", 0);
        }
        int n = data[1] & 0xff;
        if (n == 0) {
            return new Malformed("SOCKSv5 greeting offers no method", 0);
        }
        if (length < 2 + n) {
            return new Incomplete();
        }
        boolean none = false;
        for (int i = 0; i < n; i++) {
            none |= data[2 + i] == NO_AUTHENTICATION;
        }
        return new Greeting(none, 2 + n);
    }

    static Result parseRequest(byte[] data, int length) {
        if (length < 4) {
            return new Incomplete();
        }
        if (data[0] != 5 || data[2] != 0) {
            return new Malformed("not a SOCKSv5 request", GENERAL_FAILURE);
        }
        if (data[1] != 1) {
            return new Malformed("SOCKSv5 command " + (data[1] & 0xff) + " is not supported (CONNECT only)",
                    COMMAND_NOT_SUPPORTED);
        }
        int type = data[3] & 0xff;
        switch (type) {
            case 1, 4 -> {
                int size = type == 1 ? 4 : 16;
                if (length < 4 + size + 2) {
                    return new Incomplete();
                }
                byte[] address = java.util.Arrays.copyOfRange(data, 4, 4 + size);
                return new Request(address, null, port(data, 4 + size), 4 + size + 2);
            }
            case 3 -> {
                if (length < 5) {
                    return new Incomplete();
                }
                int n = data[4] & 0xff;
                if (n == 0) {
                    return new Malformed("empty SOCKSv5 host name", HOST_UNREACHABLE);
                }
                if (length < 5 + n + 2) {
                    return new Incomplete();
                }
                for (int i = 5; i < 5 + n; i++) {
                    int c = data[i] & 0xff;
                    if (c <= ' ' || c >= 0x7f) {
                        return new Malformed("SOCKSv5 host name contains byte 0x" + Integer.toHexString(c),
                                HOST_UNREACHABLE);
                    }
                }
                String host = new String(data, 5, n, StandardCharsets.US_ASCII);
                return new Request(null, host, port(data, 5 + n), 5 + n + 2);
            }
            default -> {
                return new Malformed("SOCKSv5 address type " + type + " is not supported", ADDRESS_TYPE_NOT_SUPPORTED);
            }
        }
    }

    private static int port(byte[] data, int at) {
        return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
    }
}
