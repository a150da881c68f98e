package net.reactor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A read-only view of received bytes that is valid only while the event that carries it runs:
 * what a {@link BufferReceiver} gets instead of an array of its own.
 *
 * <p>The view covers {@link #length()} bytes, indexed from 0, and has a read position (like a
 * {@link ByteBuffer}'s) that the relative methods advance. It is a window on the reactor's read
 * buffer, which the next read (of any connection) overwrites; so once
 * {@link BufferReceiver#bufferReceived} has returned, every method throws
 * {@link IllegalStateException} — a view kept past its call fails loudly instead of reading
 * another connection's bytes. The view never hands out its buffer: bytes leave it only copied
 * ({@link #getBytes}, {@link #get(byte[], int, int)}) or written ({@link #writeTo}).
 *
 * <p><b>Cost:</b> one small object per delivery and a flag check per call; measured against
 * {@code dataReceived(byte[])} it saves the copy of every byte read (and, with {@code writeTo},
 * the copy of every byte written back), which is what a bulk protocol pays most for.
 *
 * <p><b>Threading:</b> the thread the event runs on (the reactor thread); not thread-safe.
 */
public final class ReadView {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final ByteBuffer buffer;
    /** Index in {@link #buffer} of the view's byte 0. */
    private final int base;
    private final int length;
    private int position;
    private boolean valid = true;

    private ReadView(ByteBuffer buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
    }

    /**
     * Calls {@code receiver.bufferReceived} with a view of {@code buffer}'s bytes from its
     * position to its limit, and invalidates the view when the call returns (or throws). The
     * buffer's position and limit are not changed. The reactor delivers reads this way; test
     * code and other transports may too.
     *
     * @param buffer the bytes; not modified, and not used after this method returns
     * @param receiver who gets them
     * @throws RuntimeException whatever {@code bufferReceived} throws
     */
    public static void deliver(ByteBuffer buffer, BufferReceiver receiver) {
        // Numbers are read big-endian whatever order the caller's buffer has (a duplicate is).
        ByteBuffer b = buffer.order() == ByteOrder.BIG_ENDIAN ? buffer : buffer.duplicate();
        ReadView view = new ReadView(b, buffer.position(), buffer.remaining());
        try {
            receiver.bufferReceived(view);
        } finally {
            view.valid = false;
        }
    }

    /**
     * Calls {@code receiver.bufferReceived} with a view of {@code data}, and invalidates the view
     * when the call returns: how a {@link BufferReceiver} implements
     * {@link Protocol#dataReceived} so that both paths run the same code.
     *
     * @param data the bytes; not modified
     * @param receiver who gets them
     * @throws RuntimeException whatever {@code bufferReceived} throws
     */
    public static void deliver(byte[] data, BufferReceiver receiver) {
        deliver(ByteBuffer.wrap(data), receiver);
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("this ReadView was used after the bufferReceived call it was"
                    + " given to returned; its bytes are gone (copy them with getBytes during the call)");
        }
    }

    private void checkIndex(int index, int size) {
        check();
        Objects.checkFromIndexSize(index, size, length);
    }

    /**
     * Whether the view may still be used: true during the call it was given to.
     *
     * @return false once that call has returned
     */
    public boolean isValid() {
        return valid;
    }

    /**
     * How many bytes the view covers.
     *
     * @return the length
     * @throws IllegalStateException after the call
     */
    public int length() {
        check();
        return length;
    }

    /**
     * The read position, from 0 to {@link #length()}.
     *
     * @return the position
     * @throws IllegalStateException after the call
     */
    public int position() {
        check();
        return position;
    }

    /**
     * Moves the read position.
     *
     * @param newPosition from 0 to {@link #length()}
     * @throws IndexOutOfBoundsException if {@code newPosition} is outside the view
     * @throws IllegalStateException after the call
     */
    public void position(int newPosition) {
        check();
        position = Objects.checkIndex(newPosition, length + 1);
    }

    /**
     * How many bytes lie between the position and the end.
     *
     * @return {@code length() - position()}
     * @throws IllegalStateException after the call
     */
    public int remaining() {
        check();
        return length - position;
    }

    /**
     * Whether any byte lies after the position.
     *
     * @return {@code remaining() > 0}
     * @throws IllegalStateException after the call
     */
    public boolean hasRemaining() {
        check();
        return position < length;
    }

    /**
     * Skips bytes.
     *
     * @param count how many, at most {@link #remaining()}
     * @throws IndexOutOfBoundsException if fewer remain
     * @throws IllegalStateException after the call
     */
    public void skip(int count) {
        checkIndex(position, count);
        position += count;
    }

    /**
     * The byte at an index, without moving the position.
     *
     * @param index from 0 to {@code length() - 1}
     * @return the byte
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException after the call
     */
    public byte get(int index) {
        checkIndex(index, 1);
        return buffer.get(base + index);
    }

    /**
     * The byte at the position, which then moves past it.
     *
     * @return the byte
     * @throws IndexOutOfBoundsException if no byte remains
     * @throws IllegalStateException after the call
     */
    public byte get() {
        checkIndex(position, 1);
        return buffer.get(base + position++);
    }

    /**
     * The big-endian unsigned 16-bit number at an index, without moving the position.
     *
     * @param index of its first byte
     * @return the number, 0 to 65535
     * @throws IndexOutOfBoundsException if the two bytes are not all in the view
     * @throws IllegalStateException after the call
     */
    public int getUnsignedShort(int index) {
        checkIndex(index, 2);
        return Short.toUnsignedInt(buffer.getShort(base + index));
    }

    /**
     * The big-endian 32-bit number at an index, without moving the position.
     *
     * @param index of its first byte
     * @return the number
     * @throws IndexOutOfBoundsException if the four bytes are not all in the view
     * @throws IllegalStateException after the call
     */
    public int getInt(int index) {
        checkIndex(index, 4);
        return buffer.getInt(base + index);
    }

    /**
     * Where a byte first occurs at or after an index.
     *
     * @param value the byte to find
     * @param from the index to start at (0 to {@link #length()})
     * @return its index, or -1 if it does not occur
     * @throws IndexOutOfBoundsException if {@code from} is outside the view
     * @throws IllegalStateException after the call
     */
    public int indexOf(byte value, int from) {
        checkIndex(from, 0);
        ByteBuffer b = buffer;
        int end = base + length;
        int i = base + from;
        // Eight bytes at a time (the zero-byte test on a word read in memory order): as fast as
        // a scan of an array, which the receivers that parse views are compared with.
        long repeated = (value & 0xFFL) * ONES;
        for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = Long.reverseBytes(b.getLong(i)) ^ repeated;
            long matches = (word - ONES) & ~word & HIGHS;
            if (matches != 0) {
                return i + (Long.numberOfTrailingZeros(matches) >>> 3) - base;
            }
        }
        for (; i < end; i++) {
            if (b.get(i) == value) {
                return i - base;
            }
        }
        return -1;
    }

    /**
     * Where a sequence of bytes first occurs at or after an index.
     *
     * @param sequence the bytes to find, not empty
     * @param from the index to start at (0 to {@link #length()})
     * @return the index of its first byte, or -1 if it does not occur whole
     * @throws IllegalArgumentException if {@code sequence} is empty
     * @throws IndexOutOfBoundsException if {@code from} is outside the view
     * @throws IllegalStateException after the call
     */
    public int indexOf(byte[] sequence, int from) {
        if (sequence.length == 0) {
            throw new IllegalArgumentException("the sequence to find is empty");
        }
        byte first = sequence[0];
        int last = length - sequence.length;
        int i = from;
        while (i <= last) {
            int at = indexOf(first, i);
            if (at < 0 || at > last) {
                return -1;
            }
            if (matches(at, sequence)) {
                return at;
            }
            i = at + 1;
        }
        checkIndex(from, 0);
        return -1;
    }

    private boolean matches(int at, byte[] sequence) {
        for (int k = 1; k < sequence.length; k++) {
            if (buffer.get(base + at + k) != sequence[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies bytes from the position into an array the caller then owns; the position moves
     * past them.
     *
     * @param count how many, at most {@link #remaining()}
     * @return a fresh array of {@code count} bytes
     * @throws IndexOutOfBoundsException if fewer remain
     * @throws IllegalStateException after the call
     */
    public byte[] getBytes(int count) {
        byte[] copy = new byte[count];
        get(copy, 0, count);
        return copy;
    }

    /**
     * Copies bytes from the position into {@code target}; the position moves past them.
     *
     * @param target where to copy to
     * @param offset the first index of {@code target} to fill
     * @param count how many bytes, at most {@link #remaining()}
     * @throws IndexOutOfBoundsException if fewer remain or {@code target} is too small
     * @throws IllegalStateException after the call
     */
    public void get(byte[] target, int offset, int count) {
        checkIndex(position, count);
        Objects.checkFromIndexSize(offset, count, target.length);
        buffer.get(base + position, target, offset, count);
        position += count;
    }

    /**
     * Writes the bytes from the position to the end with {@link Transport#write(ByteBuffer)}
     * (which sends what the socket takes straight from this view and copies only the rest) and
     * moves the position to the end.
     *
     * @param transport where to write them
     * @throws IllegalStateException after the call
     */
    public void writeTo(Transport transport) {
        writeTo(transport, remaining());
    }

    /**
     * Writes {@code count} bytes from the position with {@link Transport#write(ByteBuffer)} and
     * moves the position past them.
     *
     * @param transport where to write them
     * @param count how many, at most {@link #remaining()}
     * @throws IndexOutOfBoundsException if fewer remain
     * @throws IllegalStateException after the call
     */
    public void writeTo(Transport transport, int count) {
        checkIndex(position, count);
        if (count == 0) {
            return;
        }
        // A read-only window: the transport may read it during the call, and must copy what it keeps.
        ByteBuffer window = buffer.asReadOnlyBuffer();
        window.limit(base + position + count).position(base + position);
        position += count;
        transport.write(window);
    }

    @Override
    public String toString() {
        return valid ? "ReadView[" + position + "/" + length + "]" : "ReadView[used up]";
    }
}
