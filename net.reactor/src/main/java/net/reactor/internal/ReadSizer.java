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
 * <p>The state is one {@code int} the connection keeps (no object per connection, which idle
 * connections would pay for): the size, negated while one small read waits for a second.
 *
 * <p><b>Threading:</b> pure functions.
 */
final class ReadSizer {
    /** The smallest size a read asks for. */
    static final int MIN = 4096;

    private ReadSizer() {}

    /**
     * The state of a new connection.
     *
     * @param max the largest size, the read buffer's capacity
     * @return the state: the maximum, nothing pending
     */
    static int initial(int max) {
        return max;
    }

    /**
     * The size the next read asks for.
     *
     * @param state the connection's state
     * @return the size
     */
    static int size(int state) {
        return state < 0 ? -state : state;
    }

    /**
     * Adapts the state to a read that returned {@code n} bytes (n &gt; 0).
     *
     * @param state the connection's state
     * @param n the bytes the read returned
     * @param max the largest size, the read buffer's capacity
     * @return the new state
     */
    static int record(int state, int n, int max) {
        int size = size(state);
        int min = Math.min(MIN, max);
        if (n >= size) {
            return (int) Math.min((long) size * 4, max);
        }
        if (n <= size / 2 && size > min) {
            return state < 0 ? Math.max(size / 2, min) : -size; // the second small read in a row shrinks it
        }
        return size;
    }
}
