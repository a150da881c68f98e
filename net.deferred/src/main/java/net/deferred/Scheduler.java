package net.deferred;

import java.time.Duration;

/**
 * Runs a task after a delay; the only time source {@link Deferred#addTimeout} needs.
 *
 * <p>The reactor's time role implements it (its {@code DelayedCall} is the returned
 * {@link ScheduledCall}); tests use a fake clock. Tasks run on the scheduler's thread, which
 * must be the thread the Deferreds it times out are confined to.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * Schedules {@code task} to run once after {@code delay}.
     *
     * @param delay how long to wait, not negative
     * @param task the task to run
     * @return a handle that can cancel the task before it runs
     */
    ScheduledCall callLater(Duration delay, Runnable task);
}
