package bench.echo;

import java.nio.charset.StandardCharsets;

/**
 * The {@code lines10} workload's protocol, shared by its servers and the load generator: a
 * request is one line, {@link #REQUEST}; its answer is ten lines of 64 bytes each (62 printable
 * bytes and CRLF), always the same, so the load generator can check every answer whole. It models
 * a protocol that answers one request with several small writes (the herd's WHATSAT, an FTP
 * listing, HTTP headers then a body). Immutable; safe from any thread.
 */
public final class TenLines {

    /** Lines per answer. */
    public static final int LINES = 10;

    /** Bytes per line, CRLF included. */
    public static final int LINE_LENGTH = 64;

    /** The request: one line; servers count the {@code '\n'} bytes they receive. */
    private static final byte[] REQUEST = "LINES 10\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[][] ANSWER = new byte[LINES][];

    static {
        for (int k = 0; k < LINES; k++) {
            byte[] line = new byte[LINE_LENGTH];
            byte[] prefix = ("line " + k + " of " + LINES + ": ").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            for (int i = prefix.length; i < LINE_LENGTH - 2; i++) {
                line[i] = (byte) ('a' + (i + k) % 26);
            }
            line[LINE_LENGTH - 2] = '\r';
            line[LINE_LENGTH - 1] = '\n';
            ANSWER[k] = line;
        }
    }

    private TenLines() {}

    /**
     * The request line a client sends.
     *
     * @return a fresh copy of the request's bytes
     */
    public static byte[] request() {
        return REQUEST.clone();
    }

    /**
     * One line of the answer. Servers that hand the array to a transport which keeps it until
     * sent may share it: nobody writes to it.
     *
     * @param k the line, from 0 to 9
     * @return the line's 64 bytes (the shared array: do not modify it)
     */
    static byte[] line(int k) {
        return ANSWER[k];
    }

    /**
     * The whole answer, the ten lines in order.
     *
     * @return a fresh array of 640 bytes
     */
    public static byte[] answer() {
        byte[] all = new byte[LINES * LINE_LENGTH];
        for (int k = 0; k < LINES; k++) {
            System.arraycopy(ANSWER[k], 0, all, k * LINE_LENGTH, LINE_LENGTH);
        }
        return all;
    }

    /**
     * How many requests {@code data} completes: its {@code '\n'} bytes.
     *
     * @param data bytes received
     * @param from the first index to look at
     * @param to one past the last
     * @return the number of requests ending in that range
     */
    static int requests(byte[] data, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                count++;
            }
        }
        return count;
    }
}
