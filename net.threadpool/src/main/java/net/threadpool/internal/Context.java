package net.threadpool.internal;

import org.jspecify.annotations.Nullable;

/**
 * The scoped values that travel with blocking-style code. ScopedValue is final in JDK 25; the
 * bindings end when the bound operation returns, so nothing leaks into a pooled thread's next
 * task.
 */
public final class Context {
    /** The loop a thread's blocking code belongs to: bound in spawned, pooled and forked tasks. */
    public static final ScopedValue<LoopTasks> LOOP = ScopedValue.newInstance();
    /** The cancellable task the current thread is running. */
    public static final ScopedValue<Task> TASK = ScopedValue.newInstance();
    /** Bound on a reactor thread while its event loop runs: waiting there would stop the loop. */
    public static final ScopedValue<LoopTasks> LOOP_THREAD = ScopedValue.newInstance();

    private Context() {}

    /**
     * The value bound to {@code key} on this thread, or null ({@link ScopedValue#orElse} does
     * not accept null).
     *
     * @param key the scoped value
     * @param <T> its type
     * @return the bound value, or null when unbound
     */
    public static <T> @Nullable T boundOrNull(ScopedValue<T> key) {
        return key.isBound() ? key.get() : null;
    }
}
