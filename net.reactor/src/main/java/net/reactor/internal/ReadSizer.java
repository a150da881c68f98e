package net.reactor.internal;

/**
 * How many bytes the next read of one connection asks for, adapted to what its reads return (the
 * idea of Netty's adaptive receive allocator): a read that fills the size makes the next one four
 * times larger at once; two reads in a row that would have fit in half make it half as large. It
 * stays between {@link #MIN} (or the maximum, if smaller) and the reactor's read-buffer size.
 *
 * <p>It starts at the maximum, so the first burst of a connection costs no extra reads. A read
 * that returns less than was asked for is also the loop's sign that the socket is drained (no
 * second read that would only find it empty).
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class ReadSizer {
    /** The smallest size a read asks for. */
    static final int MIN = 4096;

    private final int min;
    private final int max;
    private int size;
    /** One read would have fitted in half the size; a second in a row shrinks it. */
    private boolean shrinkNext;

    /**
     * @param max the largest size, the read buffer's capacity
     */
    ReadSizer(int max) {
        this.max = max;
        this.min = Math.min(MIN, max);
        this.size = max;
    }

    /** The size the next read asks for. */
    int size() {
        return size;
    }

    /**
     * Adapts the size to a read that returned {@code n} bytes (n &gt; 0).
     *
     * @param n the bytes the read returned
     */
    void record(int n) {
        if (n >= size) {
            size = (int) Math.min((long) size * 4, max);
            shrinkNext = false;
        } else if (n <= size / 2 && size > min) {
            if (shrinkNext) {
                size = Math.max(size / 2, min);
                shrinkNext = false;
            } else {
                shrinkNext = true;
            }
        } else {
            shrinkNext = false;
        }
    }
}
