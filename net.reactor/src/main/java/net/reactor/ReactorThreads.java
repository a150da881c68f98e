package net.reactor;

import java.util.concurrent.Callable;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.threadpool.LoopExecutor;

/**
 * Moving work between the reactor thread and other threads.
 *
 * <p>{@link #callFromThread} is the one door into the reactor from other threads. Blocking work
 * goes the other way, to a bounded pool of virtual threads, with {@link #callInThread} and
 * {@link #deferToThread}. As a {@link LoopExecutor} the reactor also carries the blocking
 * façade of {@code net.threadpool}: {@code Blocking.spawn(reactor, ...)},
 * {@code Blocking.on(reactor).await(d)} and {@link #blockingTasks()}.
 */
public interface ReactorThreads extends LoopExecutor {

    /**
     * Runs {@code task} on the reactor thread in a coming turn of the loop. Safe from any thread;
     * tasks offered by one thread run in the order offered. Wakes the reactor only when it is (or
     * is about to be) blocked.
     *
     * @param task what to run on the reactor thread
     */
    void callFromThread(Runnable task);

    /**
     * Runs blocking {@code task} on the reactor's virtual-thread pool. Safe from any thread. An
     * exception is logged.
     *
     * @param task what to run off the reactor thread
     */
    void callInThread(Runnable task);

    /**
     * Runs blocking {@code task} on the reactor's virtual-thread pool and fires the returned
     * Deferred with its result (or failure) on the reactor thread. Call it on the reactor thread.
     * Cancelling the Deferred interrupts the task.
     *
     * @param task the blocking work
     * @param <T> the result type
     * @return fires on the reactor thread with the task's result
     */
    <T> Deferred<T> deferToThread(Callable<T> task);

    /**
     * From a thread that is not the reactor's: runs {@code call} on the reactor thread, waits for
     * the Deferred it returns, and returns its result (or throws its failure's exception).
     *
     * @param call runs on the reactor thread and returns a Deferred
     * @param <T> the result type
     * @return the Deferred's result
     * @throws WrongThreadException if called on the reactor thread, where it would deadlock
     */
    <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call);

    /**
     * Sets how many threads of the reactor's pool may run blocking work at once; work beyond it
     * waits in FIFO order.
     *
     * @param maxThreads the bound, at least 1
     * @throws IllegalArgumentException if {@code maxThreads} is below 1
     */
    void suggestThreadPoolSize(int maxThreads);
}
