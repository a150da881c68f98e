package net.protocols.basic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import net.protocols.internal.InputBuffer;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * A protocol that exchanges netstrings, {@code <length>:<payload>,} with the length in decimal
 * ASCII (<a href="https://cr.yp.to/proto/netstrings.txt">cr.yp.to/proto/netstrings.txt</a>;
 * Twisted's {@code NetstringReceiver}).
 *
 * <p><b>Receiving.</b> Each payload goes to {@link #stringReceived}. Partial data at any point
 * (digits, colon, payload, comma) waits for more; several netstrings in one read are all
 * delivered. Parsing is strict, and each of these closes the connection through
 * {@link net.reactor.Transport#loseConnection(Throwable)} with a {@link NetstringParseException}
 * saying which rule was broken:
 * <ul>
 *   <li>the data does not start with a digit ({@code "abc"}, {@code " 3:abc,"}, {@code ":"});
 *   <li>the length has a leading zero ({@code "007:..."}; {@code "0:,"} is the empty string);
 *   <li>the length exceeds {@link #maxLength()} (99999 by default); this is detected digit by
 *       digit, before the colon arrives, so {@code "100000"} is refused at once while
 *       {@code "99999:"} is accepted and waits for its payload;
 *   <li>the digits are followed by something other than {@code ':'} ({@code "3aaa,"});
 *   <li>the byte after the payload is not {@code ','} ({@code "3:abc;"}, {@code "3:abcd,"}).
 * </ul>
 * After such an error the peer is marked broken ({@link #isBrokenPeer()}) and all further input
 * is ignored. A payload is buffered in an array that grows as its bytes arrive, so a length
 * alone never makes the receiver allocate it.
 *
 * <p><b>Flow control.</b> Twisted's netstring receiver cannot be paused; this one can, like
 * {@link LineReceiver}: {@link #pauseProducing()} stops delivery between netstrings. As in the
 * other receivers, nothing is delivered after a handler closes the transport, and bytes arriving
 * while it is closing are dropped.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 *
 * {@snippet :
 * final class Echo extends NetstringReceiver {
 *     @Override
 *     protected void stringReceived(byte[] string) {
 *         sendString(string);
 *     }
 * }
 * }
 */
public abstract class NetstringReceiver extends Protocol implements PushProducer {

    /** The default maximum payload length, in bytes: 99999, as in Twisted. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private static final int FIRST_CHUNK = 4096;

    private enum State {
        LENGTH,
        PAYLOAD,
        COMMA
    }

    private final InputBuffer input = new InputBuffer();
    private int maxLength = DEFAULT_MAX_LENGTH;
    private boolean paused;
    private boolean busy;
    private boolean brokenPeer;

    private State state = State.LENGTH;
    private int digits;
    private long length;
    private byte @Nullable [] payload;
    private int payloadLength;
    private int payloadFill;

    /** Creates a receiver with the default maximum length. */
    protected NetstringReceiver() {}

    /**
     * Called with each payload.
     *
     * @param string the payload, without length, colon or comma; the receiver does not keep it
     */
    protected abstract void stringReceived(byte[] string);

    /**
     * Sends {@code string} as a netstring, in one write. There is no length check: the peer's
     * limit is its own.
     *
     * @param string the payload
     */
    public void sendString(byte[] string) {
        Objects.requireNonNull(string, "string");
        byte[] len = Integer.toString(string.length).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[len.length + 1 + string.length + 1];
        System.arraycopy(len, 0, frame, 0, len.length);
        frame[len.length] = ':';
        System.arraycopy(string, 0, frame, len.length + 1, string.length);
        frame[frame.length - 1] = ',';
        transport().write(frame);
    }

    /**
     * The longest payload accepted.
     *
     * @return the maximum payload length in bytes
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Changes the longest payload accepted.
     *
     * @param maxLength the new maximum, in bytes
     * @throws IllegalArgumentException if negative
     */
    public void setMaxLength(int maxLength) {
        this.maxLength = LineReceiver.checkMaxLength(maxLength);
    }

    /**
     * Whether the peer sent something that is not a netstring (Twisted's {@code brokenPeer}).
     *
     * @return true once a parse error closed the connection
     */
    public boolean isBrokenPeer() {
        return brokenPeer;
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
     * Parses netstrings out of the data and calls {@link #stringReceived} for each.
     *
     * @param data the bytes received; the receiver may keep the array
     */
    @Override
    public void dataReceived(byte[] data) {
        if (brokenPeer) {
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

    /** Stops delivering netstrings and pauses the transport. */
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
        if (!busy && !brokenPeer && !input.isEmpty() && !transport().isClosing()) {
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
        while (!paused && !brokenPeer && !in.isEmpty()) {
            switch (state) {
                case LENGTH -> {
                    if (!readLength(in)) {
                        return;
                    }
                    int n = (int) length;
                    length = 0;
                    if (in.remaining() > n) {
                        // The whole netstring is here: check the comma and deliver in place.
                        if (in.array()[in.position() + n] != ',') {
                            parseError("the netstring is not terminated by a comma");
                            return;
                        }
                        byte[] string = Arrays.copyOfRange(in.array(), in.position(), in.position() + n);
                        in.position(in.position() + n + 1);
                        stringReceived(string);
                        if (transport().isClosing()) {
                            return;
                        }
                    } else {
                        payload = new byte[Math.min(n, Math.max(FIRST_CHUNK, in.remaining()))];
                        payloadLength = n;
                        payloadFill = 0;
                        state = n == 0 ? State.COMMA : State.PAYLOAD;
                    }
                }
                case PAYLOAD -> readPayload(in);
                case COMMA -> {
                    if (in.read() != ',') {
                        parseError("the netstring is not terminated by a comma");
                        return;
                    }
                    byte[] string = Objects.requireNonNull(payload);
                    payload = null;
                    state = State.LENGTH;
                    stringReceived(string);
                    if (transport().isClosing()) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Reads length digits up to the colon.
     *
     * @return true when the length and its colon are complete, false if more bytes are needed or
     *     the input was refused
     */
    private boolean readLength(InputBuffer in) {
        while (!in.isEmpty()) {
            int b = in.read();
            if (b >= '0' && b <= '9') {
                if (digits > 0 && length == 0) {
                    parseError("the netstring length has a leading zero");
                    return false;
                }
                length = length * 10 + (b - '0');
                digits++;
                if (length > maxLength) {
                    parseError("the netstring is longer than the maximum of " + maxLength + " bytes");
                    return false;
                }
            } else if (b == ':' && digits > 0) {
                digits = 0;
                return true;
            } else {
                parseError(digits == 0
                        ? "the netstring does not start with a length"
                        : "the netstring length is not followed by ':'");
                return false;
            }
        }
        return false;
    }

    private void readPayload(InputBuffer in) {
        byte[] partial = Objects.requireNonNull(payload);
        int total = payloadLength;
        int n = Math.min(total - payloadFill, in.remaining());
        if (payloadFill + n > partial.length) {
            partial = Arrays.copyOf(partial, (int) Math.min(total, Math.max((long) partial.length * 2, payloadFill + n)));
            payload = partial;
        }
        System.arraycopy(in.array(), in.position(), partial, payloadFill, n);
        in.position(in.position() + n);
        payloadFill += n;
        if (payloadFill == total) {
            state = State.COMMA;
        }
    }

    private void parseError(String message) {
        brokenPeer = true;
        input.clear();
        payload = null;
        transport().loseConnection(new NetstringParseException(message));
    }
}
