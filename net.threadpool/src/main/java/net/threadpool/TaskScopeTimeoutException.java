package net.threadpool;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by {@link TaskScope#join()} when the scope's timeout passed before its subtasks were
 * done; the scope was cancelled when it passed.
 */
public class TaskScopeTimeoutException extends RuntimeException {
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param scopeName the scope's name
     * @param timeout the timeout that passed
     */
    public TaskScopeTimeoutException(String scopeName, Duration timeout) {
        super("task scope " + scopeName + " timed out after " + Objects.requireNonNull(timeout, "timeout"));
        this.timeout = timeout;
    }

    /**
     * The scope's timeout.
     *
     * @return the timeout that passed
     */
    public Duration timeout() {
        return timeout;
    }
}
