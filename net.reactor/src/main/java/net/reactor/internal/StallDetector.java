package net.reactor.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.reactor.internal.jfr.StallEvent;
import org.jspecify.annotations.Nullable;

/**
 * Notices when one turn of a reactor's loop runs longer than a threshold (a callback that blocks
 * or computes for too long) and logs, once per stall, the reactor thread's stack at that moment
 * so the user sees which callback is at fault.
 *
 * <p>One small daemon platform thread per running reactor, named {@code <reactor>-stall-detector};
 * it wakes every quarter of the threshold, reads the time the current turn started (published by
 * the loop with a cheap ordered write), and ends when the reactor stops. Logger name:
 * {@code net.reactor.stall}, level WARNING; each stall is also a {@code spindle.Stall} JFR event.
 */
final class StallDetector {
    static final System.Logger DEFAULT_LOG = System.getLogger("net.reactor.stall");

    private final System.Logger log;
    private final String reactorName;
    private final Thread reactorThread;
    private final AtomicLong turnStartedAt;
    private final long thresholdNanos;
    private volatile boolean stopped;
    private @Nullable Thread watcher;

    /**
     * @param turnStartedAt the loop's current turn start in {@link System#nanoTime()}, 0 while the
     *     loop waits in select
     */
    StallDetector(String reactorName, Thread reactorThread, AtomicLong turnStartedAt, long thresholdNanos,
            System.Logger log) {
        this.log = log;
        this.reactorName = reactorName;
        this.reactorThread = reactorThread;
        this.turnStartedAt = turnStartedAt;
        this.thresholdNanos = thresholdNanos;
    }

    void start() {
        watcher = Thread.ofPlatform().daemon().name(reactorName + "-stall-detector").start(this::watch);
    }

    private void watch() {
        long interval = Math.max(thresholdNanos / 4, TimeUnit.MILLISECONDS.toNanos(1));
        long reported = 0;
        while (!stopped) {
            LockSupport.parkNanos(this, interval);
            long started = turnStartedAt.get();
            if (started == 0 || started == reported) {
                continue;
            }
            long elapsed = System.nanoTime() - started;
            if (elapsed > thresholdNanos && !stopped) {
                reported = started;
                report(elapsed);
            }
        }
    }

    private void report(long elapsedNanos) {
        ReactorStalled where = new ReactorStalled(reactorThread.getName());
        where.setStackTrace(reactorThread.getStackTrace());
        recordStall(elapsedNanos, where.getStackTrace());
        log.log(Level.WARNING, "reactor " + reactorName + " has been running one turn of its loop for "
                + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + " ms (stall threshold "
                + TimeUnit.NANOSECONDS.toMillis(thresholdNanos) + " ms): a callback is blocking or computing on"
                + " the reactor thread; its stack follows", where);
    }

    /** The spindle.Stall JFR event, with the reactor thread's stack as text (this thread's would say nothing). */
    private void recordStall(long elapsedNanos, StackTraceElement[] stack) {
        StallEvent e = new StallEvent();
        if (e.shouldCommit()) {
            StringBuilder text = new StringBuilder();
            for (StackTraceElement frame : stack) {
                text.append(frame).append('\n');
            }
            e.reactor = reactorName;
            e.elapsed = elapsedNanos;
            e.threshold = thresholdNanos;
            e.stack = text.toString();
            e.commit();
        }
    }

    /** Stops the watcher thread and waits (briefly) for it to end. */
    void stop() {
        stopped = true;
        Thread w = watcher;
        if (w != null) {
            LockSupport.unpark(w);
            try {
                w.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Carries the reactor thread's stack into the log record; never thrown. */
    static final class ReactorStalled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReactorStalled(String threadName) {
            super("stack of reactor thread " + threadName + " during the stall", null, false, true);
        }
    }
}
