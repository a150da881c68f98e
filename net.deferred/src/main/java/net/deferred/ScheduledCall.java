package net.deferred;

/**
 * A handle on a task scheduled with {@link Scheduler#callLater}.
 */
public interface ScheduledCall {
    /**
     * Cancels the task so that it never runs.
     *
     * @throws IllegalStateException if the task already ran or was already cancelled
     *     (implementations may throw it; callers check {@link #active()} first)
     */
    void cancel();

    /**
     * Tells whether the task is still waiting to run.
     *
     * @return {@code true} until the task runs or is cancelled
     */
    boolean active();
}
