package net.protocols.internal;

import java.util.Arrays;

/**
 * The bytes a receiver has been given but not parsed yet.
 *
 * <p>To avoid copying, the buffer <em>borrows</em> the array handed to {@code dataReceived} when
 * nothing is pending: the parser then reads the transport's array in place and only the
 * unparsed tail, if any, is copied into the buffer's own storage by {@link #release()}. Data
 * appended while a borrowed array is current moves the tail into owned storage first, so the
 * borrowed array is never written to.
 *
 * <p>A parser reads {@link #array()} between {@link #position()} and {@link #limit()} and moves
 * the position forward as it consumes. Not thread-safe: a receiver uses it on the reactor
 * thread only.
 */
public final class InputBuffer {
    private static final byte[] EMPTY = new byte[0];
    /** Owned storage larger than this is dropped once it is empty, so one burst does not pin it. */
    private static final int KEEP_AT_MOST = 64 * 1024;
    private static final int MIN_CAPACITY = 256;

    private byte[] own = EMPTY;
    private byte[] array = EMPTY;
    private int position;
    private int limit;

    /** Creates an empty buffer. */
    public InputBuffer() {}

    /**
     * The array holding the pending bytes; valid until the next call that adds bytes.
     *
     * @return the current array (borrowed or owned)
     */
    public byte[] array() {
        return array;
    }

    /**
     * Index of the first pending byte in {@link #array()}.
     *
     * @return the read position
     */
    public int position() {
        return position;
    }

    /**
     * Index just past the last pending byte in {@link #array()}.
     *
     * @return the limit
     */
    public int limit() {
        return limit;
    }

    /**
     * How many bytes are pending.
     *
     * @return {@code limit() - position()}
     */
    public int remaining() {
        return limit - position;
    }

    /**
     * Whether nothing is pending.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return position == limit;
    }

    /**
     * Marks bytes up to {@code newPosition} as consumed.
     *
     * @param newPosition the new read position, between the current one and the limit
     */
    public void position(int newPosition) {
        if (newPosition < position || newPosition > limit) {
            throw new IndexOutOfBoundsException("position " + newPosition + " outside [" + position + ", " + limit + "]");
        }
        position = newPosition;
    }

    /**
     * Adds bytes after those pending. When nothing is pending the array is borrowed, not copied;
     * the caller must not modify it afterwards.
     *
     * @param data the new bytes
     */
    public void add(byte[] data) {
        if (position == limit) {
            array = data;
            position = 0;
            limit = data.length;
        } else {
            append(data);
        }
    }

    /**
     * Adds bytes after those pending by copying them into owned storage.
     *
     * @param data the new bytes
     */
    public void append(byte[] data) {
        int n = data.length;
        if (n == 0) {
            return;
        }
        makeRoom(n);
        System.arraycopy(data, 0, array, limit, n);
        limit += n;
    }

    /**
     * Reads one pending byte and consumes it.
     *
     * @return the byte as an unsigned value
     * @throws IndexOutOfBoundsException if nothing is pending
     */
    public int read() {
        if (position == limit) {
            throw new IndexOutOfBoundsException("no pending byte");
        }
        return array[position++] & 0xFF;
    }

    /**
     * Copies the next {@code n} pending bytes into a new array and consumes them.
     *
     * @param n how many bytes, at most {@link #remaining()}
     * @return a fresh array of length {@code n}
     */
    public byte[] take(int n) {
        if (n > limit - position) {
            throw new IndexOutOfBoundsException(n + " bytes asked, " + remaining() + " pending");
        }
        byte[] out;
        if (position == 0 && n == array.length && array != own) {
            out = array; // the whole borrowed array: hand it on instead of copying
        } else {
            out = Arrays.copyOfRange(array, position, position + n);
        }
        position += n;
        return out;
    }

    /**
     * Consumes every pending byte.
     *
     * @return them, in a fresh array (the borrowed array itself when it is pending whole)
     */
    public byte[] takeAll() {
        return take(limit - position);
    }

    /** Drops every pending byte. */
    public void clear() {
        position = limit;
        release();
    }

    /**
     * Ends a parsing pass: a borrowed array's unparsed tail is copied into owned storage (so the
     * borrowed array is not kept), and large owned storage is given back when empty.
     */
    public void release() {
        if (position == limit) {
            if (own.length > KEEP_AT_MOST) {
                own = EMPTY;
            }
            array = own;
            position = 0;
            limit = 0;
        } else if (array != own) {
            adopt(0);
        }
    }

    /** Ensures {@code extra} more bytes fit after the limit, in owned storage. */
    private void makeRoom(int extra) {
        if (array != own) {
            adopt(extra);
            return;
        }
        if (own.length - limit >= extra) {
            return;
        }
        int pending = limit - position;
        long needed = (long) pending + extra;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("input buffer would exceed the maximum array size");
        }
        if (needed <= own.length && position >= pending) {
            // Enough room once the consumed prefix is dropped, and sliding is cheap.
            System.arraycopy(own, position, own, 0, pending);
        } else {
            byte[] bigger = new byte[capacityFor((int) needed, own.length)];
            System.arraycopy(own, position, bigger, 0, pending);
            own = bigger;
        }
        array = own;
        position = 0;
        limit = pending;
    }

    /** Copies the borrowed array's pending bytes into owned storage with room for {@code extra}. */
    private void adopt(int extra) {
        int pending = limit - position;
        long needed = (long) pending + extra;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("input buffer would exceed the maximum array size");
        }
        if (own.length < needed) {
            own = new byte[capacityFor((int) needed, own.length)];
        }
        System.arraycopy(array, position, own, 0, pending);
        array = own;
        position = 0;
        limit = pending;
    }

    private static int capacityFor(int needed, int current) {
        long doubled = Math.max((long) current * 2, MIN_CAPACITY);
        return (int) Math.min(Math.max(doubled, needed), Integer.MAX_VALUE - 8);
    }
}
