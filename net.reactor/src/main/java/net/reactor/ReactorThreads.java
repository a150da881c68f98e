package net.reactor;

import java.util.concurrent.Callable;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;

/**
 * Moving work between the reactor thread and other threads.
 *
 * <p>{@link #callFromThread} is the one door into the reactor from other threads. Blocking work
 * goes the other way, to a bounded pool of virtual threads, with {@link #callInThread} and
 * {@link #deferToThread}.
 */
public interface ReactorThreads {

    /**
     * Runs {@code task} on the reactor thread in a coming turn of the loop. Safe from any thread;
     * tasks offered by one thread run in the order offered. Wakes the reactor only when it is (or
     * is about to be) blocked. Called on the reactor thread, the task still runs in a later turn,
     * never synchronously. Tasks offered before the reactor runs wait for it; tasks offered after
     * it stopped are dropped (logged at DEBUG). An exception thrown by the task is logged.
     *
     * @param task what to run on the reactor thread
     */
    void callFromThread(Runnable task);

    /**
     * Runs blocking {@code task} on the reactor's virtual-thread pool. Safe from any thread. An
     * exception is logged. After the reactor has stopped the task is ignored, as in Twisted.
     *
     * @param task what to run off the reactor thread
     */
    void callInThread(Runnable task);

    /**
     * Runs blocking {@code task} on the reactor's virtual-thread pool and fires the returned
     * Deferred with its result (or failure) on the reactor thread. Call it on the reactor thread.
     * Cancelling the Deferred interrupts the task (the Deferred fails with
     * {@link net.deferred.CancelledException} at once; the task's late result is dropped). Once the
     * reactor is stopping and its pool refuses work, the Deferred fails with
     * {@link ReactorNotRunningException}.
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
     * <p>A failure is rethrown as its original exception, in the calling thread (a checked
     * exception too, undeclared, as Twisted re-raises it). Interrupting the waiting thread cancels
     * the Deferred and then waits for its (cancelled) outcome, keeping the interrupt flag set.
     *
     * @return the Deferred's result
     * @throws WrongThreadException if called on the reactor thread, where it would deadlock
     * @throws ReactorNotRunningException if the reactor has stopped, or stops before the Deferred
     *     fires
     */
    <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call);

    /**
     * Sets how many threads of the reactor's pool may run blocking work at once; work beyond it
     * waits in FIFO order. The default is {@link ReactorOptions#DEFAULT_THREAD_POOL_SIZE} (10, as
     * Twisted's reactor pool); the pool is never unbounded. Safe from any thread.
     *
     * @param maxThreads the bound, at least 1
     * @throws IllegalArgumentException if {@code maxThreads} is below 1
     */
    void suggestThreadPoolSize(int maxThreads);
}
