package net.deferred;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * An event-driven queue (Twisted's {@code DeferredQueue}): {@link #get()} returns a Deferred that
 * fires with the next item.
 *
 * <p>Not thread-safe: confined to one thread, like the Deferreds it hands out. A {@link #put}
 * with getters waiting fires the oldest getter at once; otherwise the item is queued. Limits are
 * enforced synchronously: {@link QueueOverflowException} when more than {@code size} items would
 * be queued, {@link QueueUnderflowException} when more than {@code backlog} getters would wait.
 * Cancelling a waiting getter's Deferred removes it.
 *
 * @param <T> the item type
 */
public final class DeferredQueue<T extends @Nullable Object> {
    private final ArrayDeque<Deferred<T>> waiting = new ArrayDeque<>();
    // ArrayDeque refuses null items, so items are boxed in a holder when null is allowed.
    private final ArrayDeque<Item<T>> pending = new ArrayDeque<>();
    private final int size;
    private final int backlog;

    private record Item<T extends @Nullable Object>(T value) {
    }

    /** Creates an unbounded queue: no limit on items nor on waiting getters. */
    public DeferredQueue() {
        this(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Creates a bounded queue.
     *
     * @param size the most items that may be queued ({@link Integer#MAX_VALUE} for no limit;
     *     0 refuses every put that no getter is waiting for)
     * @param backlog the most getters that may wait ({@link Integer#MAX_VALUE} for no limit;
     *     0 refuses every get on an empty queue)
     * @throws IllegalArgumentException if a limit is negative
     */
    public DeferredQueue(int size, int backlog) {
        if (size < 0 || backlog < 0) {
            throw new IllegalArgumentException("size and backlog must be >= 0, got " + size + ", " + backlog);
        }
        this.size = size;
        this.backlog = backlog;
    }

    /**
     * Returns the most items that may be queued.
     *
     * @return the size limit
     */
    public int size() {
        return size;
    }

    /**
     * Returns the most getters that may wait.
     *
     * @return the backlog limit
     */
    public int backlog() {
        return backlog;
    }

    /**
     * Returns the number of items queued.
     *
     * @return the number of pending items
     */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Returns the number of getters waiting.
     *
     * @return the number of waiting getters
     */
    public int waitingCount() {
        return waiting.size();
    }

    /**
     * Adds an item: fires the oldest waiting getter with it, or queues it.
     *
     * @param item the item
     * @throws QueueOverflowException if nobody waits and {@code size} items are already queued
     */
    public void put(T item) {
        Deferred<T> getter = waiting.pollFirst();
        if (getter != null) {
            getter.callback(item);
        } else if (pending.size() < size) {
            pending.addLast(new Item<>(item));
        } else {
            throw new QueueOverflowException("DeferredQueue is full (size " + size + ")");
        }
    }

    /**
     * Takes the oldest item.
     *
     * @return a Deferred that has fired with the oldest item if there is one, or that fires with
     *     the next item put
     * @throws QueueUnderflowException if the queue is empty and {@code backlog} getters already wait
     */
    public Deferred<T> get() {
        Item<T> item = pending.pollFirst();
        if (item != null) {
            return Deferred.succeed(item.value());
        }
        if (waiting.size() >= backlog) {
            throw new QueueUnderflowException("DeferredQueue backlog of waiting getters is full (backlog "
                    + backlog + ")");
        }
        Deferred<T> d = new Deferred<>(waiting::remove);
        waiting.addLast(d);
        return d;
    }
}
