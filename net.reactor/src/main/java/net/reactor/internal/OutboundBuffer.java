package net.reactor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The bytes one connection accepted from {@code write} but could not hand to the socket yet.
 *
 * <p>It keeps the caller's arrays (no copies) and how much of the first one was already sent.
 * Writing goes through the reactor's single direct buffer: a flush copies as many queued arrays as
 * fit into it and writes them with one system call, which is what a gathering write achieves
 * without the JDK's per-array temporary buffers. The first array has a field of its own and the
 * deque for the others is allocated on first use, since a connection of a request/response
 * protocol holds one write at a time (writes of one event are held here until its end).
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class OutboundBuffer {
    /** The first array queued, kept apart so a connection that holds one write allocates no deque. */
    private byte @Nullable [] head;
    /** The arrays after {@link #head}, allocated on first use. */
    private @Nullable ArrayDeque<byte[]> rest;
    /** Bytes of the head array already written. */
    private int headOffset;
    private long size;

    /** Bytes queued and not yet written. */
    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
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
            ArrayDeque<byte[]> q = rest;
            if (q == null) {
                q = new ArrayDeque<>();
                rest = q;
            }
            q.add(data);
        }
        size += data.length - offset;
    }

    void clear() {
        head = null;
        if (rest != null) {
            rest.clear();
        }
        headOffset = 0;
        size = 0;
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
     * Writes queued bytes, gathered through {@code direct}, until the queue is empty or the
     * socket is full.
     *
     * @return true if the queue is now empty
     */
    boolean flushTo(SocketChannel channel, ByteBuffer direct) throws IOException {
        while (head != null) {
            direct.clear();
            byte[] h = head;
            int len = Math.min(h.length - headOffset, direct.remaining());
            direct.put(h, headOffset, len);
            ArrayDeque<byte[]> q = rest;
            if (q != null && direct.hasRemaining()) {
                for (byte[] a : q) {
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

    private void consume(int n) {
        size -= n;
        while (n > 0) {
            byte[] h = head;
            int left = h.length - headOffset;
            if (n >= left) {
                ArrayDeque<byte[]> q = rest;
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
