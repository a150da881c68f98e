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
 * Writes to one pipe (a child's stdin, or this program's stdout) on a virtual thread of its own:
 * the reactor thread queues arrays without blocking, the writer thread writes them with blocking
 * calls and reports each batch written through {@code callFromThread}, so the reactor side keeps
 * the count of buffered bytes (and with it the high-water mark and the producer) on its own
 * thread.
 *
 * <p>Threading: {@link #run} on the writer's thread; the rest on the reactor thread.
 */
final class PipeWriter implements Runnable {
    /** Arrays gathered into one batch before a flush, at most. */
    private static final long BATCH_BYTES = 256 * 1024;

    private final OutputStream out;
    private final ConnectionLoop loop;
    private final LongConsumer onWritten;
    private final Consumer<@Nullable IOException> onClosed;
    private final AtomicInteger liveThreads;
    // Guarded by this.
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean closeRequested;
    private boolean aborted;

    /**
     * @param onWritten runs on the reactor thread with each batch's byte count
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
            Thread.ofVirtual().name(name).start(this);
        } catch (RuntimeException | Error e) {
            liveThreads.decrementAndGet();
            throw e;
        }
    }

    synchronized void add(byte[] data) {
        queue.add(data);
        notifyAll();
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
                        wait();
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
                }
                long written = 0;
                for (byte[] a : batch) {
                    out.write(a);
                    written += a.length;
                }
                batch.clear();
                out.flush();
                long w = written;
                loop.callFromThread(() -> onWritten.accept(w));
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
