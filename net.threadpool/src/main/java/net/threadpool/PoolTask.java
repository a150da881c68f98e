package net.threadpool;

/**
 * A handle to one piece of work handed to a {@link VirtualThreadPool}.
 *
 * <p><b>Threading:</b> safe from any thread.
 */
public interface PoolTask {

    /**
     * Cancels the work: if it is still waiting for a thread it never runs; if it is running, its
     * virtual thread is interrupted (blocking calls then typically throw
     * {@link InterruptedException}; note that on JDK 25 interrupting a virtual thread blocked in a
     * socket read or write closes that socket). A no-op once the work has finished.
     *
     * @return true if the work was stopped from starting or was interrupted, false if it had
     *     already finished or been cancelled
     */
    boolean cancel();

    /**
     * Whether the work has finished, failed or been cancelled.
     *
     * @return true once the task will never run (again)
     */
    boolean isDone();
}
