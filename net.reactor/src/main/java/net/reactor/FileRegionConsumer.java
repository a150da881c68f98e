package net.reactor;

import java.nio.channels.FileChannel;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.internal.ChunkedFileSender;

/**
 * A consumer that can send a region of a file itself, in order with its writes: a TCP or UNIX
 * connection's transport sends it straight from the file to the socket
 * ({@link FileChannel#transferTo}, sendfile(2) on Linux), without copying it through the Java
 * heap. Netty calls this a {@code FileRegion}; Twisted has no counterpart.
 *
 * <p>Code that sends files need not care which consumer it has: the static
 * {@link #sendFile(ReactorThreads, Consumer, FileChannel, long, long)} is the one entry point. It
 * uses this interface where the consumer has it, and otherwise reads the file in chunks on the
 * reactor's virtual threads and writes them (a TLS layer, a test double, a protocol's wrapper).
 *
 * <p><b>Order:</b> the region goes out after every byte written before the call and before every
 * byte written after it; {@code loseConnection} after it closes once the region has gone. (The
 * chunked fallback registers itself as the consumer's pull producer, which holds a
 * {@code loseConnection} back as well, but cannot keep later writes behind the file: code that
 * must work with both writes what follows once the Deferred fired.)
 *
 * <p><b>Back-pressure:</b> the region's unsent bytes count in {@link Transport#bufferedBytes()},
 * so a registered push producer is paused while a region larger than the high-water mark is
 * pending, as it is for a large write; the cap on buffered memory
 * ({@link ReactorOptions#maxBufferedBytes()}) leaves regions out, since they are not in memory.
 *
 * <p><b>Disk:</b> {@code transferTo} runs on the reactor thread. A region in the page cache costs
 * no wait; a region that is not reads from the disk within the call (at most 1 MiB of it per
 * writable event), so serve files that are mostly cached, or from fast storage, or use the
 * fallback (a consumer without this interface, such as a protocol's wrapper) for cold archives.
 *
 * <p><b>Threading:</b> reactor thread only, like every transport method.
 */
public interface FileRegionConsumer extends Consumer {

    /**
     * Queues {@code count} bytes of {@code file} from {@code position} to be sent after
     * everything written before. The channel stays the caller's: it is never closed here and its
     * own position does not move; keep it open until the returned Deferred has fired.
     *
     * <p>Called on the reactor thread.
     *
     * @param file the file, open for reading
     * @param position the first byte to send
     * @param count how many bytes to send; zero fires at once
     * @return fires with {@code count} once the last byte went to the operating system; fails
     *     with the connection's loss reason if the connection ends first (also if the file ends
     *     before the region, or cannot be read: the connection is then lost with that error, since
     *     the peer was promised the bytes); fails at once if the connection is already closed.
     *     Cancelling it aborts the connection.
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    Deferred<Long> sendFile(FileChannel file, long position, long count);

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} to {@code consumer}: with
     * {@link #sendFile(FileChannel, long, long)} if the consumer is a {@code FileRegionConsumer},
     * else in chunks read off the reactor thread on {@code threads}' virtual threads (one chunk read
     * ahead, positional reads, so the channel's own position does not move), registered with the
     * consumer as its pull producer. The channel stays the caller's either way.
     *
     * <p>Called on the reactor thread.
     *
     * @param threads the reactor whose virtual threads read for the fallback
     * @param consumer where the bytes go, usually a transport
     * @param file the file, open for reading; keep it open until the Deferred fired
     * @param position the first byte to send
     * @param count how many bytes to send
     * @return fires with {@code count} once sent; fails with the connection's loss reason, or
     *     (fallback) with the read error, an {@link java.io.EOFException} if the file is shorter
     *     than the region, or {@link ConnectionLostException} if the consumer stopped the producer
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     * @throws IllegalStateException (fallback) if a producer is already registered with the consumer
     */
    static Deferred<Long> sendFile(ReactorThreads threads, Consumer consumer, FileChannel file, long position,
            long count) {
        Objects.requireNonNull(consumer, "consumer");
        if (consumer instanceof FileRegionConsumer direct) {
            return direct.sendFile(file, position, count);
        }
        return ChunkedFileSender.send(threads, consumer, file, position, count);
    }
}
