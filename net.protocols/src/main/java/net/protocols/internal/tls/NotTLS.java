package net.protocols.internal.tls;

import java.util.HexFormat;

/**
 * Recognises a peer that does not speak TLS from the first byte it sends, and describes what it
 * sent. Every TLS record starts with its content type, and a peer's first record can only be a
 * handshake (22), an alert (21), a change_cipher_spec (20) or application data (23); anything
 * else is not TLS, most often plain text: an HTTP request on an HTTPS port, an SMTP banner from a
 * server that expected STARTTLS later.
 *
 * <p>Why decide on the first byte instead of letting the engine find out: the engine reads the
 * text as a record header announcing thousands of bytes ("GE" as the type and version, "T " as
 * the length) and waits for all of them, so a short request hangs until the handshake timeout,
 * and a long one fails with "Unsupported UNKNOWN(71)" (71 is 'G'), which tells the user nothing.
 */
final class NotTLS {
    private NotTLS() {}

    private static final int FIRST_RECORD_TYPE = 20; // change_cipher_spec
    private static final int LAST_RECORD_TYPE = 23; // application_data
    /** How much of the peer's data the message shows. */
    private static final int SHOWN = 16;

    /**
     * Whether {@code firstByte} can start a peer's first TLS record.
     *
     * @param firstByte the first byte the peer sent
     * @return true for the record types 20 to 23
     */
    static boolean canStartTLS(byte firstByte) {
        int type = firstByte & 0xff;
        return type >= FIRST_RECORD_TYPE && type <= LAST_RECORD_TYPE;
    }

    /**
     * Says what the peer sent instead of TLS, for example {@code plain text "GET / HTTP/1.1\r\n"
     * received on a TLS port: the client does not speak TLS}.
     *
     * @param data the first bytes received, not empty
     * @param server whether this side is the TLS server
     * @param onTLSPort whether the connection was TLS from its first byte (listenSSL/connectSSL),
     *     rather than switched to TLS by startTLS
     * @return the description
     */
    static String describe(byte[] data, boolean server, boolean onTLSPort) {
        int n = Math.min(data.length, SHOWN);
        String what = isText(data, n)
                ? "plain text \"" + escape(data, n) + (data.length > n ? "..." : "") + "\""
                : "bytes that are not TLS (" + HexFormat.ofDelimiter(" ").formatHex(data, 0, n)
                        + (data.length > n ? " ..." : "") + ")";
        String where = onTLSPort ? " received on a TLS " + (server ? "port" : "connection") : " received after startTLS";
        return what + where + ": the " + (server ? "client" : "server") + " does not speak TLS";
    }

    private static boolean isText(byte[] data, int n) {
        for (int i = 0; i < n; i++) {
            int c = data[i] & 0xff;
            if ((c < 0x20 || c > 0x7e) && c != '\r' && c != '\n' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String escape(byte[] data, int n) {
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char c = (char) (data[i] & 0xff);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"', '\\' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
