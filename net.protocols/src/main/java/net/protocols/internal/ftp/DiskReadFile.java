package net.protocols.internal.ftp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.ProducerStoppedException;
import net.protocols.ftp.ReadFile;
import net.reactor.Consumer;
import net.reactor.FileRegionConsumer;
import net.reactor.PushProducer;
import net.reactor.ReactorThreads;
import org.jspecify.annotations.Nullable;

/**
 * A file streamed into a consumer as a push producer: chunks of {@link #CHUNK} bytes are read on
 * the reactor's virtual threads, one read at a time, and the next chunk is read while the
 * consumer sends the last one (one chunk of read-ahead), so the socket rarely waits for the
 * disk. The consumer's back-pressure ({@code pauseProducing}) holds the ready chunk back; at most
 * two chunks are in memory.
 *
 * <p>A consumer that sends files itself ({@link FileRegionConsumer}: a plain data connection, no
 * TLS) gets the rest of the file as one region instead, sent from the page cache to the socket
 * without passing through the heap; this producer then stays idle.
 *
 * <p>Reactor thread only, except {@link #read} and {@link #closeChannel}, which run on the pool
 * one at a time.
 */
public final class DiskReadFile implements ReadFile, PushProducer {
    /** The read size: large enough that a 256 MiB file costs about a thousand thread hops. */
    public static final int CHUNK = 256 * 1024;

    private static final System.Logger LOG = System.getLogger("net.protocols.ftp"); // the API package's name, not the internal one

    private final ReactorThreads threads;
    // Handed to the pool's read and close tasks, which never overlap.
    private final FileChannel channel;
    private @Nullable Consumer consumer;
    private @Nullable Deferred<Long> done;
    private byte @Nullable [] ready;
    private boolean paused;
    private boolean reading;
    private boolean eof;
    private boolean finished;
    private boolean closed;
    private long sent;

    /**
     * Wraps a channel already positioned at the first byte to send.
     *
     * @param threads the pool the reads run on
     * @param channel the open file
     */
    public DiskReadFile(ReactorThreads threads, FileChannel channel) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public Deferred<Long> send(Consumer target) {
        if (consumer != null || finished) {
            throw new IllegalStateException("this file was already sent or closed");
        }
        consumer = target;
        if (target instanceof FileRegionConsumer direct) {
            return sendDirect(direct);
        }
        Deferred<Long> d = new Deferred<>(ignored -> stop(null));
        done = d;
        target.registerProducer(this, true);
        pump();
        return d;
    }

    /**
     * The consumer sends files itself (a plain data connection): the rest of the file goes from
     * the page cache to the socket in one region, and the file is closed once it has gone or the
     * connection was lost. Its position and size are read here, on the reactor thread: two
     * system calls that touch no disk.
     */
    private Deferred<Long> sendDirect(FileRegionConsumer direct) {
        long position;
        long size;
        try {
            position = channel.position();
            size = channel.size();
        } catch (IOException e) {
            finished = true;
            closeUnlessReading();
            return Deferred.fail(e);
        }
        finished = true; // no producer: the region is the whole transfer
        return direct.sendFile(channel, position, Math.max(0, size - position)).addFinally(this::closeUnlessReading);
    }

    @Override
    public void close() {
        if (consumer == null && !finished) {
            finished = true;
            closeUnlessReading();
        }
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
        pump();
    }

    @Override
    public void stopProducing() {
        stop(new ProducerStoppedException("the data connection stopped the download after " + sent + " bytes"));
    }

    private void pump() {
        while (!finished && !paused && ready != null) {
            byte[] chunk = ready;
            ready = null;
            sent += chunk.length;
            Objects.requireNonNull(consumer).write(chunk); // may pause us, or stop us
        }
        if (finished) {
            return;
        }
        if (ready == null && eof) {
            finish(Outcome.success(sent));
            return;
        }
        if (ready == null && !reading) {
            reading = true;
            threads.deferToThread(this::read).addBoth(this::chunkRead);
        }
    }

    private byte[] read() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        return buffer.position() == CHUNK ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
    }

    private @Nullable Void chunkRead(Outcome<byte[]> outcome) {
        reading = false;
        if (finished) {
            closeUnlessReading();
            return null;
        }
        switch (outcome) {
            case Outcome.Failed<byte[]> f -> finish(Outcome.failed(f.failure()));
            case Outcome.Success<byte[]> s -> {
                byte[] chunk = s.value();
                if (chunk.length < CHUNK) {
                    eof = true;
                }
                if (chunk.length > 0) {
                    ready = chunk;
                }
                pump();
            }
        }
        return null;
    }

    private void stop(@Nullable Throwable reason) {
        if (finished) {
            return;
        }
        finished = true;
        ready = null;
        closeUnlessReading();
        Deferred<Long> d = done;
        done = null;
        if (d != null && reason != null) {
            d.errback(reason);
        }
        // reason == null: cancelled; the Deferred's cancel() fails it with CancelledException.
    }

    private void finish(Outcome<Long> outcome) {
        finished = true;
        ready = null;
        Objects.requireNonNull(consumer).unregisterProducer();
        closeUnlessReading();
        Deferred<Long> d = done;
        done = null;
        if (d != null) {
            switch (outcome) {
                case Outcome.Success<Long> s -> d.callback(s.value());
                case Outcome.Failed<Long> f -> d.errback(f.failure());
            }
        }
    }

    private void closeUnlessReading() {
        if (reading || closed) {
            return;
        }
        closed = true;
        threads.callInThread(this::closeChannel);
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a downloaded file failed", e);
        }
    }
}
