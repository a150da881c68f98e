package net.threadpool;

/**
 * An event loop as the blocking façade sees it: a thread that runs tasks handed to it and owns
 * the Deferreds it fires. Spindle's reactor implements it; this module needs nothing else from
 * the reactor (and cannot require it: the reactor requires this module).
 *
 * <p><b>Threading:</b> {@link #callFromThread} and {@link #isReactorThread()} are safe from any
 * thread. {@link #blockingTasks()} is safe from any thread and always returns the same object.
 */
public interface LoopExecutor {

    /**
     * Runs {@code task} on the loop thread in a coming turn of the loop. Safe from any thread;
     * tasks offered by one thread run in the order offered. Once the loop has stopped, tasks are
     * dropped (the loop then fails every wait through {@link BlockingTasks#shutdown}).
     *
     * @param task what to run on the loop thread
     */
    void callFromThread(Runnable task);

    /**
     * Whether the calling thread is the loop thread, where waiting for a Deferred of this loop
     * would deadlock.
     *
     * @return true on the loop thread
     */
    boolean isReactorThread();

    /**
     * The blocking-style work bound to this loop: spawned tasks and threads waiting in
     * {@link Blocking#await}. The loop creates it once and {@linkplain BlockingTasks#shutdown
     * shuts it down} when it stops.
     *
     * @return this loop's registry, always the same object
     */
    BlockingTasks blockingTasks();
}
