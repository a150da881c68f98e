package net.protocols.basic;

import java.util.Arrays;
import java.util.Objects;
import net.protocols.internal.Bytes;
import net.protocols.internal.InputBuffer;
import net.reactor.PushProducer;

/**
 * A protocol that receives lines and, when it switches to raw mode, unframed data: the base of
 * line-oriented protocols such as SMTP, POP, IRC or HTTP/1 headers (Twisted's
 * {@code LineReceiver}).
 *
 * <p>In <b>line mode</b> (the start) the input is split at the delimiter ({@code "\r\n"} by
 * default) and each line, without its delimiter, goes to {@link #lineReceived}. Lines split
 * across reads at any byte boundary, the delimiter included, arrive whole. In <b>raw mode</b>
 * everything goes to {@link #rawDataReceived} as it arrives. The mode may change at any point
 * inside a buffer: after {@link #setRawMode()} in {@code lineReceived}, the rest of the same
 * buffer goes to {@code rawDataReceived} in the same {@code dataReceived} call, and
 * {@link #setLineMode(byte[])} from {@code rawDataReceived} parses the bytes it is given as lines.
 *
 * <p><b>Line length.</b> A line longer than {@link #maxLength()} (16384 bytes by default) is
 * refused through {@link #lineLengthExceeded}, which by default closes the connection with a
 * {@link LineTooLongException}. Exactly as in Twisted: a complete line of {@code maxLength} bytes
 * is accepted; without a delimiter in sight, up to {@code maxLength + delimiter.length - 1}
 * bytes are buffered (so a delimiter split across reads is not mistaken for an overlong line)
 * and one byte more is refused.
 *
 * <p><b>Flow control.</b> A {@code LineReceiver} is a {@link PushProducer}:
 * {@link #pauseProducing()} pauses the transport and stops delivery <em>between lines</em>, even
 * in the middle of a buffer; the rest stays buffered, and {@link #resumeProducing()} resumes the
 * transport and delivers it, in order, before any newer data. A handler may pause again.
 *
 * <p><b>Closing.</b> After a handler closes the transport ({@code loseConnection},
 * {@code abortConnection}), no further line of the same buffer is delivered. Bytes that arrive
 * while the transport is closing are dropped, since nobody will answer them (a real transport
 * stops reading then anyway; this only matters with test transports, and keeps the buffer
 * bounded).
 *
 * <p><b>Re-entrancy.</b> Bytes passed to {@code dataReceived} while a handler runs (for example
 * by {@code setLineMode(extra)}) are appended to the buffer and parsed by the running loop, so
 * switching modes thousands of times in one buffer uses no stack.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 *
 * {@snippet :
 * final class Echo extends LineReceiver {
 *     @Override
 *     protected void lineReceived(byte[] line) {
 *         sendLine(line);
 *     }
 * }
 * }
 */
public abstract class LineReceiver extends PausableReceiver {

    /** The default maximum line length, in bytes: 16384, as in Twisted. */
    public static final int DEFAULT_MAX_LENGTH = 16384;

    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] delimiter;
    private int maxLength;
    private boolean lineMode = true;
    /** Bytes after the buffer's position already known not to start a delimiter. */
    private int scanned;

    /** Creates a receiver with the {@code "\r\n"} delimiter and a maximum line length of 16384. */
    protected LineReceiver() {
        this(CRLF, DEFAULT_MAX_LENGTH);
    }

    /**
     * Creates a receiver with the given delimiter and maximum line length.
     *
     * @param delimiter the line delimiter, not empty; it is copied
     * @param maxLength the longest line accepted, in bytes, not counting the delimiter
     * @throws IllegalArgumentException if the delimiter is empty or {@code maxLength} is negative
     */
    protected LineReceiver(byte[] delimiter, int maxLength) {
        this.delimiter = checkDelimiter(delimiter);
        this.maxLength = checkMaxLength(maxLength);
    }

    /**
     * Called with each complete line, without its delimiter, in line mode.
     *
     * @param line the line; the receiver does not keep it
     */
    protected abstract void lineReceived(byte[] line);

    /**
     * Called in raw mode with each chunk of data, unframed. Override it to use raw mode; the
     * default throws {@link UnsupportedOperationException}, which closes the connection with that
     * exception as the reason.
     *
     * @param data the bytes, never empty; the receiver does not keep them
     */
    protected void rawDataReceived(byte[] data) {
        throw new UnsupportedOperationException(
                getClass().getName() + " switched to raw mode but does not override rawDataReceived");
    }

    /**
     * Called when a line exceeds {@link #maxLength()}. The buffer has already been cleared; the
     * receiver then waits for more data (which it parses as new lines). The default closes the
     * connection with a {@link LineTooLongException} as the reason.
     *
     * @param line what was buffered: the overlong line, its delimiter and everything after it
     *     when the delimiter was seen; otherwise every byte buffered without a delimiter
     */
    protected void lineLengthExceeded(byte[] line) {
        // What was handed over tells the two cases apart: the delimiter is in it only when the
        // overlong line was complete (a buffer refused for want of a delimiter holds none).
        int at = Bytes.indexOf(line, 0, line.length, delimiter);
        transport().loseConnection(at >= 0
                ? new LineTooLongException(at, maxLength, true)
                : new LineTooLongException(line.length, maxLength, false));
    }

    /**
     * Sends {@code line} followed by the delimiter, in one write.
     *
     * @param line the line, without a delimiter
     */
    public void sendLine(byte[] line) {
        transport().write(Bytes.concat(line, delimiter));
    }

    /**
     * Switches to raw mode: from the next byte on, data goes to {@link #rawDataReceived}.
     * Called from {@link #lineReceived}, the rest of the current buffer is delivered raw at once.
     */
    public void setRawMode() {
        lineMode = false;
    }

    /**
     * Switches to line mode. Equivalent to {@code setLineMode(new byte[0])}.
     */
    public void setLineMode() {
        lineMode = true;
    }

    /**
     * Switches to line mode and parses {@code extra} as if it had just been received: typically
     * the part of a raw chunk that belongs to the line protocol again. Called from a handler,
     * {@code extra} is appended to the buffer and parsed by the running loop. Do not pass data
     * from {@link #lineReceived}: it would go after the rest of the current buffer.
     *
     * @param extra bytes to parse as lines; may be empty
     */
    public void setLineMode(byte[] extra) {
        Objects.requireNonNull(extra, "extra");
        lineMode = true;
        if (extra.length > 0) {
            dataReceived(extra);
        }
    }

    /**
     * Whether the receiver is in line mode.
     *
     * @return true in line mode, false in raw mode
     */
    public boolean isLineMode() {
        return lineMode;
    }

    /**
     * Empties the buffer. Called from {@link #lineReceived}, it drops the lines that followed in
     * the same buffer.
     *
     * @return every byte that was buffered, possibly none
     */
    public byte[] clearLineBuffer() {
        scanned = 0;
        byte[] all = input.takeAll();
        if (!parsing()) {
            input.release();
        }
        return all;
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

    /** Twisted's loop: one line (or raw chunk) per turn, re-reading state after every handler. */
    @Override
    void parse() {
        InputBuffer in = input;
        while (delivering() && !in.isEmpty()) {
            if (!lineMode) {
                scanned = 0;
                rawDataReceived(in.takeAll());
                continue;
            }
            byte[] delim = delimiter;
            byte[] a = in.array();
            int start = in.position();
            int end = in.limit();
            int at = Bytes.indexOf(a, start + scanned, end, delim);
            if (at < 0) {
                int pending = end - start;
                if (pending >= (long) maxLength + delim.length) {
                    scanned = 0;
                    lineLengthExceeded(in.takeAll());
                    return;
                }
                scanned = Math.max(0, pending - delim.length + 1);
                return;
            }
            scanned = 0;
            if (at - start > maxLength) {
                lineLengthExceeded(in.takeAll());
                return;
            }
            byte[] line = Arrays.copyOfRange(a, start, at);
            in.position(at + delim.length);
            lineReceived(line);
            if (transport().isClosing()) {
                return;
            }
        }
    }
}
