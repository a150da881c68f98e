package net.deferred;

import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore for event-driven code (Twisted's {@code DeferredSemaphore}), typically used
 * to bound how many operations run at once:
 * {@snippet :
 * DeferredSemaphore limit = new DeferredSemaphore(4);
 * List<Deferred<Page>> pages = urls.stream().map(url -> limit.runDeferred(() -> fetch(url))).toList();
 * }
 *
 * <p>Not thread-safe: confined to one thread, like the Deferreds it hands out. Waiters are served
 * first come, first served; cancelling a waiter's Deferred removes it from the queue.
 */
public final class DeferredSemaphore {
    private final ArrayDeque<Deferred<DeferredSemaphore>> waiting = new ArrayDeque<>();
    private final int limit;
    private int tokens;

    /**
     * Creates a semaphore.
     *
     * @param tokens how many holders may hold it at once
     * @throws IllegalArgumentException if {@code tokens < 1}
     */
    public DeferredSemaphore(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("DeferredSemaphore needs tokens >= 1, got " + tokens);
        }
        this.limit = tokens;
        this.tokens = tokens;
    }

    /**
     * Returns the number of tokens the semaphore was created with.
     *
     * @return the limit
     */
    public int limit() {
        return limit;
    }

    /**
     * Returns the number of tokens free now.
     *
     * @return the free tokens
     */
    public int tokens() {
        return tokens;
    }

    /**
     * Returns the number of pending {@link #acquire()} calls.
     *
     * @return the number of waiters
     */
    public int waiting() {
        return waiting.size();
    }

    /**
     * Acquires a token.
     *
     * @return a Deferred that fires with this semaphore once a token is held
     */
    public Deferred<DeferredSemaphore> acquire() {
        Deferred<DeferredSemaphore> d = new Deferred<>(waiting::remove);
        if (tokens == 0) {
            waiting.addLast(d);
        } else {
            tokens--;
            d.callback(this);
        }
        return d;
    }

    /**
     * Releases a token, handing it to the next waiter (whose Deferred fires now) if there is one.
     *
     * @throws IllegalStateException if more tokens are released than were acquired
     */
    public void release() {
        if (tokens >= limit) {
            throw new IllegalStateException("DeferredSemaphore released more often than acquired");
        }
        Deferred<DeferredSemaphore> next = waiting.pollFirst();
        if (next != null) {
            next.callback(this);
        } else {
            tokens++;
        }
    }

    /**
     * Acquires a token, runs {@code action}, and releases the token when done.
     *
     * @param action the work to do while holding a token
     * @param <R> the result type
     * @return a Deferred of the action's result or failure
     */
    public <R extends @Nullable Object> Deferred<R> run(ThrowingSupplier<? extends R> action) {
        Objects.requireNonNull(action, "action");
        return acquire().addCallbackDeferred(s -> Deferred.<R>maybeDeferred(action).addFinally(this::release));
    }

    /**
     * Acquires a token, runs {@code action}, and releases the token when the Deferred it returns
     * fires.
     *
     * @param action the work to do while holding a token, returning a Deferred
     * @param <R> the result type
     * @return a Deferred of the action's eventual result or failure
     */
    public <R extends @Nullable Object> Deferred<R> runDeferred(ThrowingSupplier<? extends Deferred<R>> action) {
        Objects.requireNonNull(action, "action");
        return acquire().addCallbackDeferred(s -> Deferred.maybeDeferredChained(action).addFinally(this::release));
    }
}
