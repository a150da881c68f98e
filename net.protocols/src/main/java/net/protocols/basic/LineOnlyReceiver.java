package net.protocols.basic;

import java.util.Arrays;
import java.util.List;
import net.protocols.internal.Bytes;
import net.protocols.internal.InputBuffer;

/**
 * A protocol that receives only lines: {@link LineReceiver} without raw mode and without
 * pausing (Twisted's {@code LineOnlyReceiver}).
 *
 * <p>It reproduces Twisted's class, including where it differs from {@code LineReceiver}
 * (Twisted issues #3353 and #6558 keep the two apart):
 * <ul>
 *   <li>A complete line longer than {@link #maxLength()} goes to {@link #lineLengthExceeded}
 *       <em>alone</em>, without its delimiter or what follows, and the other complete lines of
 *       the same buffer are dropped; the unfinished line at the end stays buffered.
 *   <li>The unfinished line left after all complete lines is refused as soon as it is longer
 *       than {@code maxLength}, with no allowance for a delimiter split across reads: with a
 *       maximum of 4, {@code "abcde"} and {@code "abcd\r"} are refused where {@code LineReceiver}
 *       would wait.
 *   <li>Before each line it checks whether the transport is closing and stops if so.
 *   <li>{@link #sendLine} hands the line and the delimiter to the transport as one gathering
 *       write ({@code writeSequence}).
 * </ul>
 * One departure from Twisted: after the unfinished line is handed to {@code lineLengthExceeded}
 * it is dropped, so an override that keeps the connection open does not buffer without bound.
 * Bytes that arrive while the transport is closing are dropped, as in {@link LineReceiver}.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public abstract class LineOnlyReceiver extends BufferedReceiver {

    /** The default maximum line length, in bytes: 16384, as in Twisted. */
    public static final int DEFAULT_MAX_LENGTH = 16384;

    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] delimiter;
    private int maxLength;
    /** Bytes after the buffer's position already known not to start a delimiter. */
    private int scanned;
    /**
     * Whether the line last handed to {@link #lineLengthExceeded} was complete: the array it gets
     * holds no delimiter either way, so the default needs this to say what happened.
     */
    private boolean exceededLineComplete;

    /** Creates a receiver with the {@code "\r\n"} delimiter and a maximum line length of 16384. */
    protected LineOnlyReceiver() {
        this(CRLF, DEFAULT_MAX_LENGTH);
    }

    /**
     * Creates a receiver with the given delimiter and maximum line length.
     *
     * @param delimiter the line delimiter, not empty; it is copied
     * @param maxLength the longest line accepted, in bytes, not counting the delimiter
     * @throws IllegalArgumentException if the delimiter is empty or {@code maxLength} is negative
     */
    protected LineOnlyReceiver(byte[] delimiter, int maxLength) {
        this.delimiter = checkDelimiter(delimiter);
        this.maxLength = checkMaxLength(maxLength);
    }

    /**
     * Called with each complete line, without its delimiter.
     *
     * @param line the line; the receiver does not keep it
     */
    protected abstract void lineReceived(byte[] line);

    /**
     * Called when a line exceeds {@link #maxLength()}. The default closes the connection with a
     * {@link LineTooLongException} as the reason.
     *
     * @param line the overlong complete line (without delimiter), or the unfinished line that
     *     grew past the maximum
     */
    protected void lineLengthExceeded(byte[] line) {
        transport().loseConnection(new LineTooLongException(line.length, maxLength, exceededLineComplete));
    }

    /**
     * Sends {@code line} followed by the delimiter, as one gathering write.
     *
     * @param line the line, without a delimiter; the transport keeps the array until it is sent
     */
    public void sendLine(byte[] line) {
        transport().writeSequence(List.of(line, delimiter.clone()));
    }

    /**
     * The delimiter.
     *
     * @return a copy of the line delimiter
     */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /**
     * Changes the delimiter; the next line is looked for with the new one.
     *
     * @param delimiter the new delimiter, not empty; it is copied
     * @throws IllegalArgumentException if it is empty
     */
    public void setDelimiter(byte[] delimiter) {
        this.delimiter = checkDelimiter(delimiter);
        scanned = 0;
    }

    /**
     * The longest line accepted.
     *
     * @return the maximum line length in bytes, not counting the delimiter
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Changes the longest line accepted.
     *
     * @param maxLength the new maximum, in bytes
     * @throws IllegalArgumentException if negative
     */
    public void setMaxLength(int maxLength) {
        this.maxLength = checkMaxLength(maxLength);
    }

    @Override
    void parse() {
        InputBuffer in = input;
        while (true) {
            byte[] delim = delimiter;
            byte[] a = in.array();
            int start = in.position();
            int end = in.limit();
            int at = Bytes.indexOf(a, start + scanned, end, delim);
            if (at < 0) {
                scanned = Math.max(0, end - start - delim.length + 1);
                break;
            }
            scanned = 0;
            if (transport().isClosing()) {
                return;
            }
            if (at - start > maxLength) {
                byte[] line = Arrays.copyOfRange(a, start, at);
                in.position(afterLastDelimiter(a, at + delim.length, end, delim));
                exceededLineComplete = true;
                lineLengthExceeded(line);
                return;
            }
            byte[] line = Arrays.copyOfRange(a, start, at);
            in.position(at + delim.length);
            lineReceived(line);
        }
        if (in.remaining() > maxLength) {
            scanned = 0;
            exceededLineComplete = false;
            lineLengthExceeded(in.takeAll());
        }
    }

    /** Where the unfinished tail starts once every complete line from {@code from} is dropped. */
    private static int afterLastDelimiter(byte[] a, int from, int end, byte[] delim) {
        int tail = from;
        int at;
        while ((at = Bytes.indexOf(a, tail, end, delim)) >= 0) {
            tail = at + delim.length;
        }
        return tail;
    }
}
