package net.protocols.amp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import net.protocols.internal.InputBuffer;
import net.reactor.Protocol;

/**
 * The AMP box layer (Twisted's {@code BinaryBoxProtocol}): parses the byte stream into
 * {@link AmpBox}es for a {@link BoxReceiver} and writes the boxes it is given.
 *
 * <p><b>Hostile input.</b> A key length over 255 closes the connection with a
 * {@link TooLongException}; a box whose keys and values add up to more than
 * {@link #maxBoxBytes()} (16 MiB by default; Twisted has no limit) closes it with a
 * {@link MalformedBoxException}; an exception thrown by the receiver for a box closes it with
 * that exception. In every case the reason reaches {@code connectionLost} and the receiver's
 * {@link BoxReceiver#stopReceivingBoxes}, and no further box is delivered. A value length
 * cannot exceed 65,535: the 2-byte prefix cannot say more. Bytes that end in the middle of a box
 * are simply never delivered.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class BinaryBoxProtocol extends Protocol implements BoxSender {
    /** The default limit on one box's size, in bytes. */
    public static final int DEFAULT_MAX_BOX_BYTES = 16 * 1024 * 1024;

    private final BoxReceiver receiver;
    private final InputBuffer input = new InputBuffer();
    private int maxBoxBytes = DEFAULT_MAX_BOX_BYTES;

    // The box being parsed, and the key whose value comes next (null while reading a key).
    private AmpBox box = new AmpBox();
    private int boxBytes;
    private String key = "";
    private boolean readingValue;
    private boolean rejected;
    private boolean lost;

    /**
     * Creates the box layer for a receiver.
     *
     * @param receiver where boxes go
     */
    public BinaryBoxProtocol(BoxReceiver receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * The receiver boxes go to.
     *
     * @return the receiver
     */
    public final BoxReceiver boxReceiver() {
        return receiver;
    }

    /**
     * The largest box accepted, counting keys, values and their prefixes.
     *
     * @return the limit in bytes
     */
    public final int maxBoxBytes() {
        return maxBoxBytes;
    }

    /**
     * Changes the largest box accepted.
     *
     * @param maxBoxBytes the new limit, in bytes, at least 2
     */
    public final void setMaxBoxBytes(int maxBoxBytes) {
        if (maxBoxBytes < 2) {
            throw new IllegalArgumentException("maxBoxBytes must be at least 2, got " + maxBoxBytes);
        }
        this.maxBoxBytes = maxBoxBytes;
    }

    /** Tells the receiver it may send boxes. */
    @Override
    public void connectionMade() {
        receiver.startReceivingBoxes(this);
    }

    /**
     * Parses boxes and delivers each complete one.
     *
     * @param data the bytes that arrived
     */
    @Override
    public void dataReceived(byte[] data) {
        if (rejected || lost || transport().isClosing()) {
            return;
        }
        input.add(data);
        try {
            parse();
        } finally {
            if (rejected) {
                input.clear();
            } else {
                input.release();
            }
        }
    }

    private void parse() {
        InputBuffer in = input;
        while (!rejected && in.remaining() >= 2) {
            byte[] a = in.array();
            int p = in.position();
            int length = ((a[p] & 0xFF) << 8) | (a[p + 1] & 0xFF);
            if (!readingValue && length > AmpBox.MAX_KEY_LENGTH) {
                reject(TooLongException.remoteKey(length));
                return;
            }
            if (in.remaining() < 2 + length) {
                return;
            }
            boxBytes += 2 + length;
            if (boxBytes > maxBoxBytes) {
                reject(new MalformedBoxException("the peer sent an AMP box of more than " + maxBoxBytes + " bytes"));
                return;
            }
            in.position(p + 2);
            if (readingValue) {
                box.put(key, in.take(length));
                readingValue = false;
            } else if (length == 0) {
                AmpBox complete = box;
                box = new AmpBox();
                boxBytes = 0;
                deliver(complete);
                if (transport().isClosing()) {
                    rejected = true;
                    return;
                }
            } else {
                key = new String(a, p + 2, length, StandardCharsets.ISO_8859_1);
                in.position(p + 2 + length);
                readingValue = true;
            }
        }
    }

    private void deliver(AmpBox complete) {
        try {
            receiver.ampBoxReceived(complete);
        } catch (RuntimeException e) {
            reject(e);
        }
    }

    private void reject(Throwable reason) {
        rejected = true;
        transport().loseConnection(reason);
    }

    /**
     * Writes a box.
     *
     * @param box the box
     * @throws TooLongException if a key or value is too long; nothing is written
     */
    @Override
    public void sendBox(AmpBox box) {
        byte[] bytes = box.serialize();
        if (lost) {
            return;
        }
        transport().write(bytes);
    }

    /**
     * Closes the connection with {@code reason}, as Twisted's {@code unhandledError} drops it.
     *
     * @param reason why
     */
    @Override
    public void unhandledError(Throwable reason) {
        if (!lost && !transport().isClosing()) {
            System.getLogger(BinaryBoxProtocol.class.getName())
                    .log(System.Logger.Level.WARNING, "AMP connection dropped after an unhandled error", reason);
            rejected = true;
            transport().loseConnection(reason);
        }
    }

    /** Closes the connection once what was sent is written; no further box is delivered. */
    @Override
    public void loseConnection() {
        if (!lost) {
            rejected = true;
            transport().loseConnection();
        }
    }

    /**
     * Tells the receiver the connection is gone.
     *
     * @param reason why
     */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        lost = true;
        input.clear();
        receiver.stopReceivingBoxes(reason);
    }
}
