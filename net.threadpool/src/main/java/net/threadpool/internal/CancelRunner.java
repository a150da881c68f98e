package net.threadpool.internal;

import net.deferred.ThrowingRunnable;

/** Runs a task's cancel action where it may block: never on a reactor thread. */
@FunctionalInterface
public interface CancelRunner {
    /** Runs the action on the calling thread, logging what it throws. */
    CancelRunner INLINE = Task::runCancelAction;

    /**
     * Runs {@code action}.
     *
     * @param taskName the task's name, for logs and thread names
     * @param action the cancel action
     */
    void run(String taskName, ThrowingRunnable action);
}
