package net.protocols.basic;

import java.util.Arrays;
import java.util.Objects;
import net.protocols.internal.InputBuffer;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * A protocol that exchanges strings prefixed by their length as an unsigned big-endian integer
 * (Twisted's {@code IntNStringReceiver}). Use one of its subclasses,
 * {@link Int8StringReceiver}, {@link Int16StringReceiver} or {@link Int32StringReceiver}, which
 * fix the prefix at 1, 2 or 4 bytes.
 *
 * <p><b>Receiving.</b> Each complete string goes to {@link #stringReceived}; partial prefixes and
 * payloads are buffered and strings split across reads at any byte boundary arrive whole.
 * Zero-length strings are valid. A prefix announcing more than {@link #maxLength()} bytes (99999
 * by default) is refused as soon as the prefix has arrived, even if the whole payload is already
 * there: {@link #lengthLimitExceeded} is called, the payload is never delivered, and by default
 * the connection closes with a {@link FrameTooLongException}. A payload is buffered in an array
 * that grows as its bytes arrive, so a prefix alone never makes the receiver allocate the
 * announced length.
 *
 * <p><b>Flow control</b> works as in {@link LineReceiver}: {@link #pauseProducing()} stops
 * delivery between strings, {@link #resumeProducing()} delivers what was buffered.
 *
 * <p><b>Departures from Twisted</b>, all for safety: no string is delivered after a handler
 * closes the transport (Twisted delivers the rest of the buffer), bytes arriving while the
 * transport is closing are dropped, and after {@code lengthLimitExceeded} the receiver ignores
 * all further input, since the stream can no longer be framed (Twisted keeps the offending
 * prefix and reports it again on every read). The deprecated {@code recvd} attribute is not
 * ported.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public abstract class IntNStringReceiver extends Protocol implements PushProducer {

    /** The default maximum string length, in bytes: 99999, as in Twisted. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    /** The first allocation for a payload that has not fully arrived. */
    private static final int FIRST_CHUNK = 4096;

    private final int prefixLength;
    private final long prefixLimit;
    private final InputBuffer input = new InputBuffer();
    private int maxLength = DEFAULT_MAX_LENGTH;
    private boolean paused;
    private boolean busy;
    private boolean broken;

    // A prefix that arrived in pieces.
    private int prefixFill;
    private long prefixValue;
    // A payload that is arriving in pieces; null while reading a prefix.
    private byte @Nullable [] payload;
    private int payloadLength;
    private int payloadFill;

    /** Only the three prefix sizes of this package. */
    IntNStringReceiver(int prefixLength) {
        this.prefixLength = prefixLength;
        this.prefixLimit = 1L << (8 * prefixLength);
    }

    /**
     * Called with each complete string, without its prefix.
     *
     * @param string the payload; the receiver does not keep it
     */
    protected abstract void stringReceived(byte[] string);

    /**
     * Called when a prefix announces more than {@link #maxLength()} bytes. The receiver has
     * dropped its buffer and ignores all further input. The default closes the connection with a
     * {@link FrameTooLongException} as the reason.
     *
     * @param length the announced length
     */
    protected void lengthLimitExceeded(long length) {
        transport().loseConnection(new FrameTooLongException(length, maxLength));
    }

    /**
     * Sends {@code string} with its length prefix, in one write. The length is checked against
     * what the prefix can hold, not against {@link #maxLength()}: the peer's limit is its own.
     *
     * @param string the payload
     * @throws StringTooLongException if the prefix cannot encode its length (nothing is written)
     */
    public void sendString(byte[] string) {
        Objects.requireNonNull(string, "string");
        int n = string.length;
        if (n >= prefixLimit) {
            throw new StringTooLongException(n, prefixLimit);
        }
        byte[] frame = new byte[prefixLength + n];
        for (int i = 0; i < prefixLength; i++) {
            frame[i] = (byte) (n >>> (8 * (prefixLength - 1 - i)));
        }
        System.arraycopy(string, 0, frame, prefixLength, n);
        transport().write(frame);
    }

    /**
     * The size of the length prefix.
     *
     * @return 1, 2 or 4 bytes
     */
    public final int prefixLength() {
        return prefixLength;
    }

    /**
     * The longest string accepted.
     *
     * @return the maximum payload length in bytes
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Changes the longest string accepted.
     *
     * @param maxLength the new maximum, in bytes
     * @throws IllegalArgumentException if negative
     */
    public void setMaxLength(int maxLength) {
        this.maxLength = LineReceiver.checkMaxLength(maxLength);
    }

    /**
     * Whether delivery is paused by {@link #pauseProducing()} or {@link #stopProducing()}.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Splits the data into strings and calls {@link #stringReceived} for each.
     *
     * @param data the bytes received; the receiver may keep the array
     */
    @Override
    public void dataReceived(byte[] data) {
        if (broken) {
            return;
        }
        if (busy) {
            input.append(data);
            return;
        }
        if (transport().isClosing()) {
            return;
        }
        input.add(data);
        parseInput();
    }

    /** Stops delivering strings and pauses the transport. */
    @Override
    public void pauseProducing() {
        paused = true;
        transport().pauseProducing();
    }

    /** Resumes the transport and delivers what was buffered while paused. */
    @Override
    public void resumeProducing() {
        paused = false;
        transport().resumeProducing();
        if (!busy && !broken && !input.isEmpty() && !transport().isClosing()) {
            parseInput();
        }
    }

    /** Stops delivery for good and stops the transport (which closes it). */
    @Override
    public void stopProducing() {
        paused = true;
        transport().stopProducing();
    }

    private void parseInput() {
        busy = true;
        try {
            parse();
        } finally {
            busy = false;
            input.release();
        }
    }

    private void parse() {
        InputBuffer in = input;
        while (!paused && !broken && !in.isEmpty()) {
            byte[] partial = payload;
            if (partial == null) {
                long length = readPrefix(in);
                if (length < 0) {
                    return; // the prefix is incomplete
                }
                if (length > maxLength) {
                    broken = true;
                    in.clear();
                    lengthLimitExceeded(length);
                    return;
                }
                int n = (int) length;
                if (in.remaining() >= n) {
                    stringReceived(in.take(n));
                    if (transport().isClosing()) {
                        return;
                    }
                    continue;
                }
                partial = new byte[Math.min(n, Math.max(FIRST_CHUNK, in.remaining()))];
                payload = partial;
                payloadLength = n;
                payloadFill = 0;
            }
            int wanted = payloadLength - payloadFill;
            int n = Math.min(wanted, in.remaining());
            if (payloadFill + n > partial.length) {
                partial = Arrays.copyOf(partial, (int) Math.min(payloadLength, Math.max((long) partial.length * 2, payloadFill + n)));
                payload = partial;
            }
            System.arraycopy(in.array(), in.position(), partial, payloadFill, n);
            in.position(in.position() + n);
            payloadFill += n;
            if (payloadFill == payloadLength) {
                payload = null;
                stringReceived(partial);
                if (transport().isClosing()) {
                    return;
                }
            }
        }
    }

    /**
     * Reads the length prefix, possibly across calls.
     *
     * @return the length, or -1 if more bytes are needed
     */
    private long readPrefix(InputBuffer in) {
        if (prefixFill == 0 && in.remaining() >= prefixLength) {
            byte[] a = in.array();
            int p = in.position();
            long value = 0;
            for (int i = 0; i < prefixLength; i++) {
                value = (value << 8) | (a[p + i] & 0xFF);
            }
            in.position(p + prefixLength);
            return value;
        }
        while (prefixFill < prefixLength && !in.isEmpty()) {
            prefixValue = (prefixValue << 8) | in.read();
            prefixFill++;
        }
        if (prefixFill < prefixLength) {
            return -1;
        }
        long value = prefixValue;
        prefixFill = 0;
        prefixValue = 0;
        return value;
    }
}
