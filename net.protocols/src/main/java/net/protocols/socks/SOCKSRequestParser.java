package net.protocols.socks;

import java.nio.charset.StandardCharsets;

/**
 * Parses the SOCKSv4 / SOCKSv4a request that opens a connection: {@code VN=4, CD, DSTPORT (2),
 * DSTIP (4), USERID, NUL} and, when DSTIP is {@code 0.0.0.x} with {@code x != 0}, {@code HOST, NUL}.
 * A pure function of the bytes, so that it can be tested and fuzzed alone.
 *
 * <p>Limits: the user id and the host name may each be at most {@value #MAX_FIELD_LENGTH} bytes,
 * so a request never takes more than {@value #MAX_REQUEST_LENGTH} bytes; a longer one is malformed.
 */
public final class SOCKSRequestParser {

    /** The longest user id or host name accepted, in bytes (a DNS name is at most 253). */
    public static final int MAX_FIELD_LENGTH = 255;

    /** The longest request: the fixed 8 bytes, two fields and their NUL terminators. */
    public static final int MAX_REQUEST_LENGTH = 8 + 2 * (MAX_FIELD_LENGTH + 1);

    private SOCKSRequestParser() {}

    /** The outcome of {@link #parse}. */
    public sealed interface Result {}

    /** More bytes are needed. */
    public record Incomplete() implements Result {}

    /**
     * A complete request.
     *
     * @param request the request
     * @param length how many bytes it took; what follows belongs to the relayed stream
     */
    public record Parsed(SOCKSv4Request request, int length) implements Result {}

    /**
     * Bytes that are not a SOCKSv4 request.
     *
     * @param reason why
     * @param version the version byte seen, so that the caller knows whether a SOCKSv4 reply
     *     makes sense
     */
    public record Malformed(String reason, int version) implements Result {}

    /**
     * Parses a request from the start of {@code data[0..length)}.
     *
     * @param data the bytes received so far
     * @param length how many of them are valid
     * @return what the bytes are
     */
    public static Result parse(byte[] data, int length) {
        if (length < 1) {
            return new Incomplete();
        }
        int version = data[0] & 0xff;
        if (version != 4) {
            return new Malformed("not a SOCKSv4 request (version " + version + ")", version);
        }
        if (length < 2) {
            return new Incomplete();
        }
        SOCKSCommand command = switch (data[1]) {
            case 1 -> SOCKSCommand.CONNECT;
            case 2 -> SOCKSCommand.BIND;
            default -> null;
        };
        if (command == null) {
            return new Malformed("unknown SOCKSv4 command " + (data[1] & 0xff), version);
        }
        if (length < 8) {
            return new Incomplete();
        }
        int port = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        byte[] address = {data[4], data[5], data[6], data[7]};
        int userEnd = indexOfNul(data, 8, length);
        if (userEnd < 0) {
            return length - 8 > MAX_FIELD_LENGTH
                    ? new Malformed("user id longer than " + MAX_FIELD_LENGTH + " bytes", version)
                    : new Incomplete();
        }
        if (userEnd - 8 > MAX_FIELD_LENGTH) {
            return new Malformed("user id longer than " + MAX_FIELD_LENGTH + " bytes", version);
        }
        String userId = new String(data, 8, userEnd - 8, StandardCharsets.ISO_8859_1);
        boolean socks4a = address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] != 0;
        if (!socks4a) {
            return new Parsed(new SOCKSv4Request(command, port, address, userId, null), userEnd + 1);
        }
        int hostStart = userEnd + 1;
        int hostEnd = indexOfNul(data, hostStart, length);
        if (hostEnd < 0) {
            return length - hostStart > MAX_FIELD_LENGTH
                    ? new Malformed("host name longer than " + MAX_FIELD_LENGTH + " bytes", version)
                    : new Incomplete();
        }
        if (hostEnd - hostStart > MAX_FIELD_LENGTH) {
            return new Malformed("host name longer than " + MAX_FIELD_LENGTH + " bytes", version);
        }
        if (hostEnd == hostStart) {
            return new Malformed("empty SOCKSv4a host name", version);
        }
        for (int i = hostStart; i < hostEnd; i++) {
            int c = data[i] & 0xff;
            // A host name is printable ASCII; anything else cannot resolve and may fool a log.
            if (c <= ' ' || c >= 0x7f) {
                return new Malformed("SOCKSv4a host name contains byte 0x" + Integer.toHexString(c), version);
            }
        }
        String host = new String(data, hostStart, hostEnd - hostStart, StandardCharsets.US_ASCII);
        return new Parsed(new SOCKSv4Request(command, port, address, userId, host), hostEnd + 1);
    }

    private static int indexOfNul(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
