package net.threadpool.internal;

/**
 * A task scope opened by a task's thread, as the task sees it: cancelled when the task is
 * cancelled, closed if the task ends with the scope still open.
 */
public interface ScopeLink {
    /** Cancels the scope because its owning task was cancelled. Any thread. */
    void cancelFromOwner();

    /** Closes the scope because its owner's task ended without closing it. Owner thread. */
    void closeLeftOpen();
}
