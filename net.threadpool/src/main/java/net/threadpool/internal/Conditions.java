package net.threadpool.internal;

import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * The bounded, interrupt-keeping wait on a lock's condition that {@code VirtualThreadPool} and
 * {@code BlockingTasks} both use to wait for idleness.
 */
public final class Conditions {
    private Conditions() {}

    /**
     * With the lock of {@code condition} held, waits until {@code done} holds or {@code nanos}
     * have passed. An interrupt does not end the wait (the caller asked for a bounded wait, and
     * idleness is what an interrupt would want to see too); it is kept and set again on return.
     *
     * @param condition signalled whenever {@code done} may have become true
     * @param done read with the lock held
     * @param nanos the bound in nanoseconds; zero or less checks once
     * @return whether {@code done} holds
     */
    public static boolean awaitUninterruptibly(Condition condition, BooleanSupplier done, long nanos) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(done, "done");
        boolean interrupted = false;
        try {
            while (!done.getAsBoolean()) {
                if (nanos <= 0) {
                    return false;
                }
                try {
                    nanos = condition.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
