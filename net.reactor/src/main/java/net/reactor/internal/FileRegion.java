package net.reactor.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import net.deferred.Deferred;

/**
 * A region of a file queued in a connection's {@link OutboundBuffer} by {@code sendFile}: the
 * caller's channel (not owned: never closed here), the next byte to send, how many remain, and
 * the Deferred that fires with the count once the last byte went to the socket.
 *
 * <p>The bytes move with {@link FileChannel#transferTo}, which on Linux is sendfile(2): from the
 * page cache to the socket, never through the Java heap. It does not move the channel's own
 * position, so the caller may share the channel between regions.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class FileRegion {
    private final FileChannel file;
    private final long count;
    private long position;
    private long remaining;
    private final Deferred<Long> done;

    FileRegion(FileChannel file, long position, long count, Deferred<Long> done) {
        this.file = file;
        this.position = position;
        this.count = count;
        this.remaining = count;
        this.done = done;
    }

    /** Bytes of the region not yet handed to the socket. */
    long remaining() {
        return remaining;
    }

    /**
     * Hands up to {@code max} of the remaining bytes to {@code target}, as many as its send buffer
     * takes. A file that ends before the region does is an error, not a short region: the peer
     * was promised those bytes (a Content-Length, a SIZE reply), and what follows them would be
     * read in their place.
     *
     * @return how many bytes went; fewer than asked means the socket is full
     * @throws EOFException if the file ends before the region
     * @throws IOException if reading the file or writing the socket fails
     */
    long transferTo(WritableByteChannel target, long max) throws IOException {
        long n = file.transferTo(position, Math.min(max, remaining), target);
        if (n == 0 && position >= file.size()) {
            throw new EOFException("the file ended at byte " + position + ", " + remaining
                    + " byte(s) before the end of the region sendFile was asked to send");
        }
        position += n;
        remaining -= n;
        return n;
    }

    /** Fires the Deferred with the region's length (once; a cancelled one is left alone). */
    void succeed() {
        if (!done.called()) {
            done.callback(count);
        }
    }

    /** Fails the Deferred with {@code reason} (once; a cancelled one is left alone). */
    void fail(Throwable reason) {
        if (!done.called()) {
            done.errback(reason);
        }
    }
}
