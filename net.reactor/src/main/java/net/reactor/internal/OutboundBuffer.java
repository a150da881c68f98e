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
 * without the JDK's per-array temporary buffers. The queue is allocated on first use, since most
 * connections of a request/response protocol never queue anything.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class OutboundBuffer {
    private @Nullable ArrayDeque<byte[]> queue;
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
        ArrayDeque<byte[]> q = queue;
        if (q == null) {
            q = new ArrayDeque<>();
            queue = q;
        }
        if (q.isEmpty()) {
            headOffset = offset;
        }
        q.add(data);
        size += data.length - offset;
    }

    void clear() {
        if (queue != null) {
            queue.clear();
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
        ArrayDeque<byte[]> q = queue;
        while (q != null && !q.isEmpty()) {
            direct.clear();
            int start = headOffset;
            for (byte[] a : q) {
                int len = Math.min(a.length - start, direct.remaining());
                direct.put(a, start, len);
                start = 0;
                if (!direct.hasRemaining()) {
                    break;
                }
            }
            direct.flip();
            int filled = direct.limit();
            int w = channel.write(direct);
            consume(q, w);
            if (w < filled) {
                return false;
            }
        }
        return true;
    }

    private void consume(ArrayDeque<byte[]> q, int n) {
        size -= n;
        while (n > 0) {
            byte[] head = q.peek();
            int rest = head.length - headOffset;
            if (n >= rest) {
                q.poll();
                headOffset = 0;
                n -= rest;
            } else {
                headOffset += n;
                n = 0;
            }
        }
    }
}
