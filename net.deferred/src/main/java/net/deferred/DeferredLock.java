package net.deferred;

import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A lock for event-driven code (Twisted's {@code DeferredLock}): {@link #acquire()} returns a
 * Deferred that fires when the lock is held.
 *
 * <p>Not thread-safe: confined to one thread (normally the reactor thread), like the Deferreds it
 * hands out. Waiters are served first come, first served; {@link #release()} hands the lock to the
 * next waiter and fires its Deferred synchronously. Cancelling a waiter's Deferred removes it
 * from the queue (it fails with {@link CancelledException}).
 * {@snippet :
 * lock.run(() -> writeRecord(record));   // acquire, run, release when the result fires
 * }
 */
public final class DeferredLock {
    private final ArrayDeque<Deferred<DeferredLock>> waiting = new ArrayDeque<>();
    private boolean locked;

    /** Creates an unlocked lock. */
    public DeferredLock() {
    }

    /**
     * Tells whether the lock is held.
     *
     * @return whether someone holds the lock
     */
    public boolean locked() {
        return locked;
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
     * Acquires the lock.
     *
     * @return a Deferred that fires with this lock once it is held: at once if the lock is free,
     *     else after the earlier waiters have released it
     */
    public Deferred<DeferredLock> acquire() {
        Deferred<DeferredLock> d = new Deferred<>(waiting::remove);
        if (locked) {
            waiting.addLast(d);
        } else {
            locked = true;
            d.callback(this);
        }
        return d;
    }

    /**
     * Releases the lock, handing it to the next waiter (whose Deferred fires now) if there is one.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("release() of an unlocked DeferredLock");
        }
        locked = false;
        Deferred<DeferredLock> next = waiting.pollFirst();
        if (next != null) {
            locked = true;
            next.callback(this);
        }
    }

    /**
     * Acquires the lock, runs {@code action}, and releases the lock when done.
     *
     * @param action the work to do while holding the lock
     * @param <R> the result type
     * @return a Deferred of the action's result or failure
     */
    public <R extends @Nullable Object> Deferred<R> run(ThrowingSupplier<? extends R> action) {
        Objects.requireNonNull(action, "action");
        return acquire().addCallbackDeferred(lock -> Deferred.<R>maybeDeferred(action).addFinally(this::release));
    }

    /**
     * Acquires the lock, runs {@code action}, and releases the lock when the Deferred it returns
     * fires.
     *
     * @param action the work to do while holding the lock, returning a Deferred
     * @param <R> the result type
     * @return a Deferred of the action's eventual result or failure
     */
    public <R extends @Nullable Object> Deferred<R> runDeferred(ThrowingSupplier<? extends Deferred<R>> action) {
        Objects.requireNonNull(action, "action");
        return acquire().addCallbackDeferred(lock -> Deferred.maybeDeferredChained(action).addFinally(this::release));
    }
}
