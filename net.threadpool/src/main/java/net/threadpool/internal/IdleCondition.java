package net.threadpool.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * "Nothing of mine runs any more", for a holder of work guarded by one lock: a
 * {@code VirtualThreadPool} (running and queued work) and a loop's task threads (spawned tasks
 * and cancel actions). It is the one implementation of their {@code awaitIdle}: a bounded wait
 * that keeps an interrupt for later instead of giving up.
 */
public final class IdleCondition {
    private final ReentrantLock lock;
    private final Condition idle;
    private final BooleanSupplier isIdle;

    /**
     * Creates the condition.
     *
     * @param lock the lock that guards the holder's state
     * @param isIdle whether nothing runs, read with {@code lock} held
     */
    public IdleCondition(ReentrantLock lock, BooleanSupplier isIdle) {
        this.lock = lock;
        this.idle = lock.newCondition();
        this.isIdle = isIdle;
    }

    /** With the lock held, after work ended: wakes the waiters if nothing runs any more. */
    public void signalIfIdle() {
        if (isIdle.getAsBoolean()) {
            idle.signalAll();
        }
    }

    /**
     * Waits until nothing runs, for at most {@code timeout}. An interrupt does not end the wait;
     * the thread's interrupt status is set again on return. The caller may hold the lock.
     *
     * @param timeout the bound
     * @return true if nothing runs
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean await(Duration timeout) {
        long nanos = Timeouts.nanos(Timeouts.check(timeout));
        boolean interrupted = false;
        lock.lock();
        try {
            while (!isIdle.getAsBoolean()) {
                if (nanos <= 0) {
                    return false;
                }
                try {
                    nanos = idle.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
