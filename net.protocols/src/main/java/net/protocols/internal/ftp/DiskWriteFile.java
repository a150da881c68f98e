package net.protocols.internal.ftp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.ftp.WriteFile;
import net.reactor.Producer;
import net.reactor.PushProducer;
import net.reactor.ReactorThreads;
import org.jspecify.annotations.Nullable;

/**
 * An upload written to disk on the reactor's virtual threads: received chunks queue up on the
 * reactor thread and one task at a time writes everything queued with a gathering write. Above
 * {@link #HIGH_WATER} queued bytes the data connection (the registered producer) is paused, and
 * resumed at {@link #LOW_WATER}, so a client faster than the disk is slowed down instead of
 * filling memory.
 *
 * <p>Reactor thread only, except the write and close tasks, which run on the pool one at a time.
 */
public final class DiskWriteFile implements WriteFile {
    /** Queued bytes above which the data connection is paused. */
    public static final int HIGH_WATER = 1024 * 1024;
    /** Queued bytes at which a paused data connection is resumed. */
    public static final int LOW_WATER = 256 * 1024;

    private static final System.Logger LOG = System.getLogger("net.protocols.ftp"); // the API package's name, not the internal one

    private final ReactorThreads threads;
    private final FileChannel channel;
    private List<byte[]> queued = new ArrayList<>();
    private long queuedBytes;
    private @Nullable Producer producer;
    private boolean producerPaused;
    private boolean writing;
    private boolean closing;
    private boolean closed;
    private @Nullable Throwable failure;
    private @Nullable Deferred<Long> closeDeferred;
    private long written;

    /**
     * Wraps a channel positioned where the upload starts.
     *
     * @param threads the pool the writes run on
     * @param channel the open file
     */
    public DiskWriteFile(ReactorThreads threads, FileChannel channel) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public void registerProducer(Producer p, boolean streaming) {
        if (producer != null) {
            throw new IllegalStateException("a producer is already registered: " + producer);
        }
        producer = Objects.requireNonNull(p, "producer");
        producerPaused = false;
        if (!streaming && p instanceof net.reactor.PullProducer pull) {
            pull.resumeProducing();
        }
        pauseIfFull();
    }

    @Override
    public void unregisterProducer() {
        producer = null;
        producerPaused = false;
    }

    @Override
    public void write(byte[] data) {
        if (closing || closed || failure != null || data.length == 0) {
            return;
        }
        queued.add(data);
        queuedBytes += data.length;
        pauseIfFull();
        kick();
    }

    @Override
    public Deferred<Long> close() {
        if (closeDeferred != null) {
            throw new IllegalStateException("close() was already called");
        }
        Deferred<Long> d = new Deferred<>();
        closeDeferred = d;
        closing = true;
        kick();
        return d;
    }

    @Override
    public void abort() {
        closing = true;
        queued = new ArrayList<>();
        queuedBytes = 0;
        if (failure == null) {
            failure = new IOException("the upload was aborted");
        }
        kick();
    }

    /**
     * How many bytes are on disk so far.
     *
     * @return the count
     */
    public long written() {
        return written;
    }

    private void pauseIfFull() {
        if (queuedBytes > HIGH_WATER && producer instanceof PushProducer push && !producerPaused) {
            producerPaused = true;
            push.pauseProducing();
        }
    }

    private void kick() {
        if (writing || closed) {
            return;
        }
        if (failure == null && !queued.isEmpty()) {
            List<byte[]> batch = queued;
            queued = new ArrayList<>();
            writing = true;
            threads.deferToThread(() -> writeAll(batch)).addBoth(this::batchWritten);
            return;
        }
        if (closing) {
            closed = true;
            Throwable failed = failure;
            threads.deferToThread(() -> {
                channel.close();
                return written;
            }).addBoth(outcome -> {
                Deferred<Long> d = closeDeferred;
                closeDeferred = null;
                if (d != null) {
                    if (failed != null) {
                        d.errback(failed);
                    } else {
                        switch (outcome) {
                            case Outcome.Success<Long> s -> d.callback(s.value());
                            case Outcome.Failed<Long> f -> d.errback(f.failure());
                        }
                    }
                } else if (outcome instanceof Outcome.Failed<Long> f) {
                    LOG.log(Level.DEBUG, "closing an aborted upload failed", f.failure().value());
                }
                return null;
            });
        }
    }

    private long writeAll(List<byte[]> batch) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[batch.size()];
        long total = 0;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.wrap(batch.get(i));
            total += buffers[i].remaining();
        }
        long left = total;
        int first = 0;
        while (left > 0) {
            left -= channel.write(buffers, first, buffers.length - first);
            while (first < buffers.length && !buffers[first].hasRemaining()) {
                first++;
            }
        }
        return total;
    }

    private @Nullable Void batchWritten(Outcome<Long> outcome) {
        writing = false;
        switch (outcome) {
            case Outcome.Success<Long> s -> {
                written += s.value();
                queuedBytes = Math.max(0, queuedBytes - s.value());
            }
            case Outcome.Failed<Long> f -> {
                if (failure == null) {
                    failure = f.failure().value();
                }
                queued = new ArrayList<>();
                queuedBytes = 0;
                Producer p = producer;
                if (p != null && !closing) {
                    p.stopProducing(); // the upload cannot succeed: stop receiving it
                }
            }
        }
        if (producerPaused && queuedBytes <= LOW_WATER && producer instanceof PushProducer push) {
            producerPaused = false;
            push.resumeProducing();
        }
        kick();
        return null;
    }
}
