package net.reactor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reads one pipe (a child's stdout or stderr, or this program's stdin) on a thread of its own
 * ({@link #newThread}) and hands every chunk to the reactor thread through {@code callFromThread}, in order.
 *
 * <p>Flow control is a credit: at most {@link #MAX_IN_FLIGHT} bytes may be read and not yet
 * {@linkplain #consumed consumed} by the reactor side; past it the pump stops reading, so the
 * writer on the other end of the pipe blocks once the pipe's own buffer is full. The reactor side
 * consumes a chunk when it delivers it, not when it holds it while paused, which is how pausing
 * stops the reading.
 *
 * <p>Threading: {@link #run} on the pump's thread; the rest on the reactor thread.
 */
final class PipePump implements Runnable {
    /** One read's size: a Linux pipe holds 64 KiB. */
    static final int READ_SIZE = 64 * 1024;
    static final int MAX_IN_FLIGHT = 4 * READ_SIZE;
    /**
     * A measurement switch, not an API: {@code -Dspindle.process.virtualThreads=true} pumps pipes
     * on virtual threads instead of platform ones (see {@link #newThread}).
     */
    static final boolean VIRTUAL_THREADS = Boolean.getBoolean("spindle.process.virtualThreads");
    /** A pump's loop is shallow: a small stack is plenty. */
    private static final long STACK_SIZE = 256 * 1024;

    /**
     * A thread for a pipe: a daemon platform thread (it must never keep the JVM alive, as a read of
     * this program's stdin would). Not a virtual thread: the JDK cannot park a virtual thread in a
     * pipe read or write, it pins its carrier and adds a spare one, up to
     * {@code jdk.virtualThreadScheduler.maxPoolSize} (256); measured here, 200 children (400
     * blocked reads) took all 256 carriers and no other virtual thread of the JVM could run, and
     * the compensation cost 2.5 times the CPU per byte of a platform thread's blocking call.
     */
    static Thread.Builder newThread(String name) {
        return VIRTUAL_THREADS ? Thread.ofVirtual().name(name) : Thread.ofPlatform().daemon().stackSize(STACK_SIZE).name(name);
    }

    private final InputStream in;
    private final ConnectionLoop loop;
    private final Consumer<byte[]> onChunk;
    private final Runnable onEnd;
    private final AtomicInteger liveThreads;
    // Guarded by this.
    private long inFlight;
    private boolean stopped;
    /** The pump waits for credit: only then does consuming need to wake it. */
    private boolean waiting;

    /**
     * @param onChunk runs on the reactor thread with each chunk
     * @param onEnd runs on the reactor thread once, after the last chunk, at end of stream or
     *     when the pipe fails or is closed
     */
    PipePump(InputStream in, ConnectionLoop loop, Consumer<byte[]> onChunk, Runnable onEnd, AtomicInteger liveThreads) {
        this.in = in;
        this.loop = loop;
        this.onChunk = onChunk;
        this.onEnd = onEnd;
        this.liveThreads = liveThreads;
    }

    /** Starts the pump's thread. */
    void start(String name) {
        liveThreads.incrementAndGet();
        try {
            PipePump.newThread(name).start(this);
        } catch (RuntimeException | Error e) {
            liveThreads.decrementAndGet();
            throw e;
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                synchronized (this) {
                    while (inFlight >= MAX_IN_FLIGHT && !stopped) {
                        waiting = true;
                        try {
                            wait();
                        } finally {
                            waiting = false;
                        }
                    }
                    if (stopped) {
                        break;
                    }
                }
                byte[] buf = new byte[READ_SIZE];
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                byte[] chunk = n == buf.length ? buf : Arrays.copyOf(buf, n);
                synchronized (this) {
                    inFlight += n;
                }
                loop.callFromThread(() -> onChunk.accept(chunk));
            }
        } catch (IOException e) {
            // Closed by our side (closeStdout, shutdown) or a broken pipe: both end the stream.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(in);
            liveThreads.decrementAndGet();
            loop.callFromThread(onEnd);
        }
    }

    /** The reactor side delivered (or dropped) {@code n} bytes: the pump may read that much more. */
    void consumed(int n) {
        synchronized (this) {
            inFlight -= n;
            if (waiting) {
                notifyAll();
            }
        }
    }

    /**
     * Stops reading: the pump ends before its next read, and the stream is closed off the reactor
     * thread (a JDK pipe stream's close may wait for a lock a blocked read holds). A read already
     * blocked ends when the writer writes or goes away.
     */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            notifyAll();
        }
        newThread("spindle-pipe-close").start(() -> closeQuietly(in));
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Already closed or broken: nothing more to release.
        }
    }
}
