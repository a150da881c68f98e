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
     * From a thread that is not a reactor's: runs {@code call} on the reactor thread, waits for
     * the Deferred it returns, and returns its result or throws its failure (Twisted's
     * {@code blockingCallFromThread}). It is {@link net.threadpool.Blocking#await(ThrowingSupplier)}
     * with this reactor named, and follows the same rules:
     * <ul>
     * <li>A failure with an unchecked exception (or an {@link Error}) is thrown as it is, the same
     * instance with its own stack trace (plus a suppressed note of where the thread waited); a
     * checked exception is wrapped in {@link net.threadpool.CheckedFailureException}, which is
     * its cause. Java code cannot catch an undeclared checked exception by its type, so unlike
     * Twisted's re-raise it is not thrown as it is. What {@code call} itself throws counts as a
     * failure too.</li>
     * <li>Interrupting the waiting thread cancels the Deferred and waits for what the cancelled
     * Deferred fires with, normally {@link net.deferred.CancelledException}, which is then thrown
     * and the interrupt consumed (reported by the exception); if the Deferred still succeeds,
     * its value is returned and the thread's interrupt status is set again.</li>
     * <li>Called from a task started with {@code Blocking.spawn}, {@code deferToThread} or a
     * {@code TaskScope}, cancelling that task cancels the Deferred it waits for.</li>
     * </ul>
     *
     * @param call runs on the reactor thread and returns a Deferred
     * @param <T> the result type
     * @return the Deferred's result
     * @throws WrongThreadException if called on this reactor's thread, where it would deadlock,
     *     or on another reactor's thread, which it would stall
     * @throws ReactorNotRunningException if the reactor has stopped, or stops before the Deferred
     *     fires
     * @throws net.threadpool.CheckedFailureException if the call or the Deferred failed with a
     *     checked exception (the cause)
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
