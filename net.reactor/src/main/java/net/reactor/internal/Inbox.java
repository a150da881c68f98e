package net.reactor.internal;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * The reactor's door for other threads: a lock-free multi-producer, single-consumer queue of
 * tasks plus coalesced selector wake-ups.
 *
 * <p>Wake-ups are system calls, so a producer wakes the selector only when the reactor announced
 * that it is about to block ({@link #prepareToSleep()}), and only the first producer to see that
 * does it. The announcement is a volatile write followed by a re-check of the queue, and a
 * producer's offer is followed by a volatile read of the flag; with both sides using
 * sequentially consistent operations, either the reactor sees the task or the producer sees the
 * flag, so no task waits for an unrelated event.
 *
 * <p>Tasks from one producer run in the order offered (the queue is FIFO). {@link #drain} runs at
 * most the number of tasks present when it starts, so tasks offered meanwhile (even by the tasks
 * themselves) wait for the next turn of the loop and I/O is never starved.
 */
final class Inbox {
    /** Chunk size of the unbounded queue: 1024 slots, a few KiB per chunk. */
    private static final int CHUNK = 1024;

    private final MpscUnboundedAtomicArrayQueue<Runnable> queue = new MpscUnboundedAtomicArrayQueue<>(CHUNK);
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Selector selector;

    Inbox(Selector selector) {
        this.selector = selector;
    }

    /** Safe from any thread. */
    void offer(Runnable task) {
        queue.offer(task);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /**
     * Announces that the reactor is about to block in select.
     *
     * @return true if it may block; false if tasks are waiting (the flag is then cleared again)
     */
    boolean prepareToSleep() {
        sleeping.set(true);
        if (!queue.isEmpty()) {
            sleeping.set(false);
            return false;
        }
        return true;
    }

    /** Called after select returns. A stale "true" only costs one spurious wake-up. */
    void awake() {
        sleeping.lazySet(false);
    }

    /** Tasks queued now; safe from any thread (an estimate while producers offer). */
    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Runs the tasks that are queued now, not those added meanwhile.
     *
     * @param onError receives a task and what it threw
     * @return how many tasks ran
     */
    int drain(BiConsumer<Runnable, Throwable> onError) {
        return drain(onError, null);
    }

    /**
     * Runs the tasks present now, as {@link #drain(BiConsumer)}, and {@code afterEach} after each
     * one (the reactor sends the writes a task made before the next task runs).
     *
     * @param onError gets a task that threw and what it threw
     * @param afterEach run after every task, or null
     * @return how many tasks ran
     */
    int drain(BiConsumer<Runnable, Throwable> onError, @Nullable Runnable afterEach) {
        int n = queue.size();
        int ran = 0;
        for (; ran < n; ran++) {
            Runnable task = queue.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (Throwable t) {
                onError.accept(task, t);
            }
            if (afterEach != null) {
                afterEach.run();
            }
        }
        return ran;
    }

    /**
     * Drops every queued task (after the reactor stopped).
     *
     * @return how many were dropped
     */
    int clear() {
        int n = 0;
        while (queue.poll() != null) {
            n++;
        }
        return n;
    }
}
