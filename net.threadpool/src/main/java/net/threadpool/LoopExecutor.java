package net.threadpool;

/**
 * An event loop as the blocking façade sees it: a thread that runs tasks handed to it and owns
 * the Deferreds it fires. Users meet it as the type of the reactor argument of
 * {@link Blocking#spawn(LoopExecutor, java.util.concurrent.Callable)},
 * {@link Blocking#on(LoopExecutor)} and the blocking streams; they pass a reactor.
 *
 * <p>Spindle's reactors implement it: this module needs nothing else from a reactor (and cannot
 * require one: net.reactor requires this module). The {@link BlockingTasks} a loop returns is
 * made by the task registry of {@code net.threadpool.spi}, a package exported to
 * {@code net.reactor} only, together with the loop's own operations (marking its thread,
 * shutdown).
 *
 * <p><b>Threading:</b> {@link #callFromThread} and {@link #isReactorThread()} are safe from any
 * thread. {@link #blockingTasks()} is safe from any thread and always returns the same object.
 */
public interface LoopExecutor {

    /**
     * Runs {@code task} on the loop thread in a coming turn of the loop. Safe from any thread;
     * tasks offered by one thread run in the order offered. Once the loop has stopped, tasks are
     * dropped (the loop then fails every thread waiting in an await, through its task
     * registry).
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
     * The blocking façade of this loop, what {@link Blocking#on(LoopExecutor)} returns: await
     * with the loop named, spawn, deferToThreadPool, binding a thread, counters. The loop creates
     * it once and shuts it down when it stops.
     *
     * @return this loop's façade, always the same object
     */
    BlockingTasks blockingTasks();
}
