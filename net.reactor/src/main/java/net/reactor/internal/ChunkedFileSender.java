package net.reactor.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.ConnectionLostException;
import net.reactor.Consumer;
import net.reactor.PullProducer;
import net.reactor.ReactorThreads;
import org.jspecify.annotations.Nullable;

/**
 * The fallback of {@link net.reactor.FileRegionConsumer#sendFile(ReactorThreads, Consumer,
 * FileChannel, long, long)} for consumers that cannot send a file themselves (a TLS layer, a
 * wrapper, a test double): a pull producer that reads chunks of {@link #CHUNK} bytes with
 * positional reads on the reactor's virtual threads, one read at a time and one chunk ahead of
 * the consumer, and writes each when the consumer asks for more. The file is the caller's: it is
 * never closed here.
 *
 * <p><b>Threading:</b> reactor thread, except {@link #read}, which runs on the pool.
 */
public final class ChunkedFileSender implements PullProducer {
    /** Bytes read at a time: four TLS records. */
    static final int CHUNK = 64 * 1024;

    private final ReactorThreads threads;
    private final Consumer consumer;
    private final FileChannel file;
    private final long end;
    private final long count;
    /** The next byte to read. */
    private long readPosition;
    private final Deferred<Long> done;
    private byte @Nullable [] ready;
    private boolean reading;
    /** The consumer asked for more while no chunk was ready: write the next one as soon as it is. */
    private boolean wanted;
    private boolean finished;
    private long sent;

    private ChunkedFileSender(ReactorThreads threads, Consumer consumer, FileChannel file, long position, long count) {
        this.threads = threads;
        this.consumer = consumer;
        this.file = file;
        this.readPosition = position;
        this.count = count;
        this.end = position + count;
        this.done = new Deferred<>(ignored -> cancelled());
    }

    /**
     * Starts sending; see {@code FileRegionConsumer.sendFile}.
     *
     * @param threads the pool the reads run on
     * @param consumer where the chunks go; this registers with it as its pull producer
     * @param file the caller's open file
     * @param position the first byte
     * @param count how many bytes
     * @return fires with {@code count} once written and unregistered
     */
    public static Deferred<Long> send(ReactorThreads threads, Consumer consumer, FileChannel file, long position,
            long count) {
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position and count must not be negative: " + position + ", " + count);
        }
        if (count == 0) {
            return Deferred.succeed(0L);
        }
        ChunkedFileSender s = new ChunkedFileSender(threads, consumer, file, position, count);
        s.readAhead();
        consumer.registerProducer(s, false);
        return s.done;
    }

    @Override
    public void resumeProducing() {
        if (finished) {
            return;
        }
        byte[] chunk = ready;
        if (chunk == null) {
            wanted = true;
            return;
        }
        ready = null;
        wanted = false;
        sent += chunk.length;
        readAhead();
        consumer.write(chunk);
        if (sent == count && !finished) {
            finish(null);
        }
    }

    @Override
    public void stopProducing() {
        if (finished) {
            return;
        }
        finished = true;
        ready = null;
        fail(new ConnectionLostException("the consumer stopped the file transfer after " + sent + " of " + count
                + " bytes"));
    }

    private void readAhead() {
        if (reading || finished || ready != null || readPosition >= end) {
            return;
        }
        reading = true;
        long from = readPosition;
        int size = (int) Math.min(CHUNK, end - from);
        readPosition += size;
        threads.deferToThread(() -> read(from, size)).addBoth(this::chunkRead);
    }

    private byte[] read(long from, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, from + buffer.position()) < 0) {
                throw new EOFException("the file ended at byte " + (from + buffer.position()) + ", before the end ("
                        + end + ") of the region sendFile was asked to send");
            }
        }
        return buffer.array();
    }

    private @Nullable Void chunkRead(Outcome<byte[]> outcome) {
        reading = false;
        if (finished) {
            return null;
        }
        switch (outcome) {
            case Outcome.Failed<byte[]> f -> finish(f.failure().value());
            case Outcome.Success<byte[]> s -> {
                ready = s.value();
                if (wanted) {
                    resumeProducing();
                }
            }
        }
        return null;
    }

    private void finish(@Nullable Throwable error) {
        finished = true;
        ready = null;
        consumer.unregisterProducer();
        if (error == null) {
            if (!done.called()) {
                done.callback(count);
            }
        } else {
            fail(error);
        }
    }

    private void fail(Throwable error) {
        if (!done.called()) {
            done.errback(error);
        }
    }

    private void cancelled() {
        if (finished) {
            return;
        }
        finished = true;
        ready = null;
        consumer.unregisterProducer();
    }

    @Override
    public String toString() {
        return "ChunkedFileSender(" + sent + " of " + count + " bytes sent" + (finished ? ", finished" : "") + ")";
    }
}
