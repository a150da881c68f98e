package net.reactor.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes to one pipe (a child's stdin, or this program's stdout) on a thread of its own
 * ({@link PipePump#newThread}):
 * the reactor thread queues arrays without blocking, the writer thread takes them in batches of
 * at most {@value #BATCH_BYTES} bytes and writes them with blocking calls.
 *
 * <p>A batch counts as handed over when the writer takes it, before it writes it, as bytes in a
 * socket's kernel buffer no longer count as buffered for TCP: the writer reports the count through
 * {@code callFromThread} at once, so the reactor side (which keeps the buffered count, the
 * high-water mark and the producer on its own thread) can refill the queue while the batch is
 * being written. Otherwise a pipe, whose kernel buffer is only 64 KiB, would stop and go. At most
 * the queue (bounded by the producer's high-water mark) plus one batch is held in memory.
 *
 * <p>Threading: {@link #run} on the writer's thread; the rest on the reactor thread.
 */
final class PipeWriter implements Runnable {
    /** Arrays taken into one batch before a flush, at most. */
    private static final long BATCH_BYTES = 128 * 1024;

    private final OutputStream out;
    private final ConnectionLoop loop;
    private final LongConsumer onWritten;
    private final Consumer<@Nullable IOException> onClosed;
    private final AtomicInteger liveThreads;
    // Guarded by this.
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean closeRequested;
    private boolean aborted;
    /** The writer waits for work: only then does a new array need to wake it. */
    private boolean idle;

    /**
     * @param onWritten runs on the reactor thread with each batch's byte count, once the writer
     *     has taken the batch
     * @param onClosed runs on the reactor thread once, when the pipe is closed: {@code null}
     *     after a requested close, the error when a write failed
     */
    PipeWriter(OutputStream out, ConnectionLoop loop, LongConsumer onWritten, Consumer<@Nullable IOException> onClosed,
            AtomicInteger liveThreads) {
        this.out = out;
        this.loop = loop;
        this.onWritten = onWritten;
        this.onClosed = onClosed;
        this.liveThreads = liveThreads;
    }

    void start(String name) {
        liveThreads.incrementAndGet();
        try {
            PipePump.newThread(name).start(this);
        } catch (RuntimeException | Error e) {
            liveThreads.decrementAndGet();
            throw e;
        }
    }

    synchronized void add(byte[] data) {
        queue.add(data);
        if (idle) {
            notifyAll();
        }
    }

    /** Closes the pipe once everything queued is written. */
    synchronized void closeWhenDone() {
        closeRequested = true;
        notifyAll();
    }

    /** Drops what is queued and closes the pipe after the write in progress, if any. */
    synchronized void abort() {
        aborted = true;
        queue.clear();
        notifyAll();
    }

    @Override
    public void run() {
        IOException error = null;
        ArrayList<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                synchronized (this) {
                    while (queue.isEmpty() && !closeRequested && !aborted) {
                        idle = true;
                        try {
                            wait();
                        } finally {
                            idle = false;
                        }
                    }
                    if (aborted || queue.isEmpty()) {
                        break; // aborted, or asked to close with nothing left
                    }
                    long size = 0;
                    while (!queue.isEmpty() && size < BATCH_BYTES) {
                        byte[] a = queue.poll();
                        batch.add(a);
                        size += a.length;
                    }
                    long taken = size;
                    loop.callFromThread(() -> onWritten.accept(taken));
                }
                for (byte[] a : batch) {
                    out.write(a);
                }
                batch.clear();
                out.flush();
            }
        } catch (IOException e) {
            error = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PipePump.closeQuietly(out);
            liveThreads.decrementAndGet();
            IOException err = error;
            loop.callFromThread(() -> onClosed.accept(err));
        }
    }
}
