package net.reactor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The bytes one connection accepted from {@code write} (and the file regions from
 * {@code sendFile}) but could not hand to the socket yet, in the order they were queued.
 *
 * <p>It keeps the caller's arrays (no copies) and how much of the first one was already sent.
 * Writing goes through the reactor's single direct buffer: a flush copies as many queued arrays as
 * fit into it and writes them with one system call, which is what a gathering write achieves
 * without the JDK's per-array temporary buffers. The first entry has a field of its own and the
 * deque for the others is allocated on first use, since a connection of a request/response
 * protocol holds one write at a time (writes of one event are held here until its end).
 *
 * <p>A {@link FileRegion} is an entry like an array, so nothing overtakes it and it overtakes
 * nothing: a gathering copy stops at it, and it is sent ({@code transferTo}) only once the bytes
 * before it are gone. Its bytes count in {@link #size()} (back-pressure: a big region pauses
 * producers as a big write does) but not in {@link #memoryBytes()}, the figure the cap on buffered
 * memory applies to, since they are in the file, not on the heap.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class OutboundBuffer {
    /** The first entry queued (a byte[] or a FileRegion), kept apart so one held write allocates no deque. */
    private @Nullable Object head;
    /** The entries after {@link #head}, allocated on first use. */
    private @Nullable ArrayDeque<Object> rest;
    /** Bytes of the head array already written. */
    private int headOffset;
    /** Bytes queued and not yet written, file regions' remaining bytes included. */
    private long size;
    /** The part of {@link #size} that file regions still have to send. */
    private long regionBytes;
    /** Regions whose last byte went out during a flush; the connection fires them after it. */
    private @Nullable ArrayDeque<FileRegion> finished;
    /** Regions dropped by {@link #clear}; the connection fails them with its loss reason. */
    private @Nullable ArrayDeque<FileRegion> dropped;

    /** Bytes queued and not yet written, including what file regions have left to send. */
    long size() {
        return size;
    }

    /** Bytes queued in memory: {@link #size()} without the file regions. */
    long memoryBytes() {
        return size - regionBytes;
    }

    boolean isEmpty() {
        return size == 0 && head == null;
    }

    /** Queues {@code data} from {@code offset} on; the array is kept, not copied. */
    void add(byte[] data, int offset) {
        if (offset >= data.length) {
            return;
        }
        if (head == null) {
            head = data;
            headOffset = offset;
        } else {
            queue(data);
        }
        size += data.length - offset;
    }

    /** Queues a file region behind everything queued so far. */
    void add(FileRegion region) {
        if (head == null) {
            head = region;
            headOffset = 0;
        } else {
            queue(region);
        }
        size += region.remaining();
        regionBytes += region.remaining();
    }

    private void queue(Object entry) {
        ArrayDeque<Object> q = rest;
        if (q == null) {
            q = new ArrayDeque<>();
            rest = q;
        }
        q.add(entry);
    }

    /** Drops everything queued; the file regions among it are kept for {@link #pollDropped}. */
    void clear() {
        if (regionBytes > 0 || head instanceof FileRegion) {
            if (head instanceof FileRegion r) {
                dropped(r);
            }
            if (rest != null) {
                for (Object e : rest) {
                    if (e instanceof FileRegion r) {
                        dropped(r);
                    }
                }
            }
        }
        head = null;
        if (rest != null) {
            rest.clear();
        }
        headOffset = 0;
        size = 0;
        regionBytes = 0;
    }

    private void dropped(FileRegion r) {
        ArrayDeque<FileRegion> d = dropped;
        if (d == null) {
            d = new ArrayDeque<>();
            dropped = d;
        }
        d.add(r);
    }

    /** The next region dropped by {@link #clear}, or null. */
    @Nullable FileRegion pollDropped() {
        ArrayDeque<FileRegion> d = dropped;
        return d == null ? null : d.poll();
    }

    /** The next region completely sent by a flush, or null. */
    @Nullable FileRegion pollFinished() {
        ArrayDeque<FileRegion> f = finished;
        return f == null ? null : f.poll();
    }

    /**
     * Writes {@code data} through {@code direct} until the socket takes no more.
     *
     * @return how many bytes the socket took
     */
    static int writeThrough(SocketChannel channel, ByteBuffer direct, byte[] data) throws IOException {
        int off = 0;
        while (off < data.length) {
            int chunk = Math.min(data.length - off, direct.capacity());
            direct.clear();
            direct.put(data, off, chunk);
            direct.flip();
            int w = channel.write(direct);
            off += w;
            if (w < chunk) {
                break;
            }
        }
        return off;
    }

    /**
     * Writes queued entries, arrays gathered through {@code direct} and file regions with
     * {@code transferTo}, until the queue is empty, the socket is full, or file regions have sent
     * {@code fileBudget} bytes in this call (so one connection's big file does not hold the loop:
     * the caller keeps asking for writability and goes on at the next writable event). Regions
     * sent completely are kept for {@link #pollFinished}, to be fired once the flush is over.
     *
     * @return true if the queue is now empty
     * @throws IOException if the socket, or a region's file, fails
     */
    boolean flushTo(SocketChannel channel, ByteBuffer direct, long fileBudget) throws IOException {
        long budget = fileBudget;
        while (head != null) {
            if (head instanceof FileRegion r) {
                long want = Math.min(r.remaining(), budget);
                if (want <= 0) {
                    return false;
                }
                long n = r.transferTo(channel, want);
                size -= n;
                regionBytes -= n;
                budget -= n;
                if (r.remaining() == 0) {
                    regionSent(r);
                } else if (n < want) {
                    return false;
                }
                continue;
            }
            direct.clear();
            byte[] h = (byte[]) head;
            int len = Math.min(h.length - headOffset, direct.remaining());
            direct.put(h, headOffset, len);
            ArrayDeque<Object> q = rest;
            if (q != null && direct.hasRemaining()) {
                for (Object e : q) {
                    if (!(e instanceof byte[] a)) {
                        break; // a region: what follows it waits for it
                    }
                    direct.put(a, 0, Math.min(a.length, direct.remaining()));
                    if (!direct.hasRemaining()) {
                        break;
                    }
                }
            }
            direct.flip();
            int filled = direct.limit();
            int w = channel.write(direct);
            consume(w);
            if (w < filled) {
                return false;
            }
        }
        return true;
    }

    private void regionSent(FileRegion r) {
        ArrayDeque<FileRegion> f = finished;
        if (f == null) {
            f = new ArrayDeque<>();
            finished = f;
        }
        f.add(r);
        ArrayDeque<Object> q = rest;
        head = q == null ? null : q.poll();
        headOffset = 0;
    }

    /** Drops {@code n} written bytes from the arrays at the head (never more than the arrays before a region). */
    private void consume(int n) {
        size -= n;
        while (n > 0) {
            byte[] h = (byte[]) head;
            int left = h.length - headOffset;
            if (n >= left) {
                ArrayDeque<Object> q = rest;
                head = q == null ? null : q.poll();
                headOffset = 0;
                n -= left;
            } else {
                headOffset += n;
                n = 0;
            }
        }
    }
}
