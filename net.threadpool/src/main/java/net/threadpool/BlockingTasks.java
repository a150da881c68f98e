package net.threadpool;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.deferred.ThrowingSupplier;
import net.threadpool.internal.LoopTasks;
import org.jspecify.annotations.Nullable;

/**
 * The blocking façade of one reactor, named explicitly: what {@link Blocking#on(LoopExecutor)}
 * returns (the same object as the reactor's {@link LoopExecutor#blockingTasks()}). Its methods
 * are {@link Blocking}'s for a thread that has no reactor bound, such as {@code main} or a
 * legacy library's worker, plus the binding of such a thread ({@link #callBound}) and the
 * counters of the reactor's blocking work ({@link #stats()}).
 *
 * {@snippet :
 * // On main, after reactor.start(...):
 * String motd = Blocking.on(reactor).await(() -> client.fetch("motd"));
 * }
 *
 * <h2>Threads and the bound reactor</h2>
 * Spawned tasks run on new virtual threads named {@code <reactor name>-spawn-<n>}. While a task
 * runs, its reactor travels with it as a {@link ScopedValue}, so {@link Blocking#await(Deferred)}
 * deep in its call stack needs no reactor argument. The same holds in
 * {@link #deferToThreadPool} calls, inside {@link #callBound}, and in the subtasks a
 * {@link TaskScope} forks from any of them.
 *
 * <h2>Cancellation, both ways</h2>
 * <ul>
 * <li>Cancelling the Deferred of a spawned task cancels the task: the task scopes its thread
 * has open are cancelled; if the thread waits in {@code await}, the awaited Deferred is
 * cancelled at once (its canceller runs, and the failure it produces is thrown at the await, as
 * Twisted's inlineCallbacks throws it into the generator); otherwise the task's cancel action
 * ({@link Blocking#cancelWith}) runs, or, with none, the thread is interrupted. The spawned
 * task's Deferred fires only when the task has finished, with what it returned or threw: a
 * task may catch the CancelledException and return a value instead.</li>
 * <li>Interrupting a thread that waits in {@code await} cancels the awaited Deferred; the await
 * then throws what the Deferred fired with (normally {@link CancelledException}).</li>
 * </ul>
 *
 * <h2>When the reactor stops</h2>
 * Every pending await fails with the reactor's reason (its {@code ReactorNotRunningException}),
 * and so do later awaits and spawns; spawned tasks get a bounded time to finish, are then
 * cancelled, and a task still running after a second bounded wait is logged with its stack. The
 * reactor does this itself: no user code starts, marks or shuts down this object.
 *
 * <p><b>Threading:</b> {@link #spawn} and {@link #deferToThreadPool} return Deferreds, which
 * belong to the reactor thread: call them there (or, before the reactor runs, on the thread
 * setting it up). The {@code await} methods are for any thread but a reactor's. The other methods
 * are safe from any thread.
 *
 * <p>Spindle's reactors are the only implementations (the interface is sealed).
 */
public sealed interface BlockingTasks permits LoopTasks {

    /**
     * Parks the calling thread until {@code deferred} fires on the reactor thread, and returns
     * its result or throws its failure: {@link Blocking#await(Deferred)} with the reactor named.
     *
     * @param deferred a Deferred of this reactor
     * @param <T> the result type
     * @return the Deferred's result
     * @throws WrongThreadException on a reactor thread
     * @throws CheckedFailureException if the Deferred failed with a checked exception (the cause)
     */
    <T extends @Nullable Object> T await(Deferred<T> deferred);

    /**
     * Like {@link #await(Deferred)}, but gives up after {@code timeout}: the Deferred is then
     * cancelled, and if that makes it fail with a CancelledException, this throws
     * {@link DeferredTimeoutException} (as Twisted's {@code addTimeout}).
     *
     * @param deferred a Deferred of this reactor
     * @param timeout how long to wait before cancelling
     * @param <T> the result type
     * @return the Deferred's result
     * @throws DeferredTimeoutException if the timeout passed and cancelling failed the Deferred
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws WrongThreadException on a reactor thread
     * @throws CheckedFailureException if the Deferred failed with a checked exception (the cause)
     */
    <T extends @Nullable Object> T await(Deferred<T> deferred, Duration timeout);

    /**
     * Runs {@code call} on the reactor thread and waits for the Deferred it returns:
     * {@link Blocking#await(ThrowingSupplier)} with the reactor named. The reactor's
     * {@code blockingCallFromThread} is this method, so both follow one rule: an unchecked
     * exception (or an {@link Error}) is thrown as it is, a checked one wrapped in
     * {@link CheckedFailureException}.
     *
     * @param call runs on the reactor thread; what it throws is thrown here
     * @param <T> the result type
     * @return the Deferred's result
     * @throws WrongThreadException on a reactor thread
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     */
    <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call);

    /**
     * Like {@link #await(ThrowingSupplier)}, with a timeout as {@link #await(Deferred, Duration)}.
     *
     * @param call runs on the reactor thread
     * @param timeout how long to wait before cancelling
     * @param <T> the result type
     * @return the Deferred's result
     * @throws DeferredTimeoutException if the timeout passed and cancelling failed the Deferred
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws WrongThreadException on a reactor thread
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     */
    <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call, Duration timeout);

    /**
     * Runs {@code task} on a new virtual thread bound to this reactor and returns a Deferred of
     * its result, fired on the reactor thread: {@link Blocking#spawn(LoopExecutor, Callable)}.
     *
     * @param task blocking-style code
     * @param <T> the result type
     * @return fires on the reactor thread with what the task returned or threw, once it has
     *     finished
     * @throws WrongThreadException if called from blocking code on a thread bound to a reactor
     *     (use {@link TaskScope#fork} there)
     */
    <T extends @Nullable Object> Deferred<T> spawn(Callable<T> task);

    /**
     * Like {@link #spawn(Callable)}, with a description used in logs (and in the warning that
     * names a task still running at shutdown).
     *
     * @param description says what the task does
     * @param task blocking-style code
     * @param <T> the result type
     * @return fires on the reactor thread with what the task returned or threw, once it has
     *     finished
     * @throws WrongThreadException if called from blocking code on a thread bound to a reactor
     */
    <T extends @Nullable Object> Deferred<T> spawn(String description, Callable<T> task);

    /**
     * Runs {@code task} on {@code pool} and returns a Deferred fired on the reactor thread with
     * its result (Twisted's {@code deferToThreadPool(reactor, threadpool, f)}). The task runs with
     * this reactor bound, so it may {@link Blocking#await} Deferreds of this reactor.
     *
     * <p>Cancelling the Deferred before the task starts removes it from the pool's queue; once
     * it runs, it cancels the task as for {@link #spawn} (awaited Deferred, cancel action, or
     * interrupt). As with Twisted's {@code deferToThread}, the Deferred then fails at once with
     * {@link CancelledException} and what the task produces later is dropped.
     *
     * @param pool the pool to run on
     * @param task the blocking work
     * @param <T> the result type
     * @return fires on the reactor thread with the task's result or failure; fails with
     *     {@link RejectedExecutionException} if the pool is shut down
     * @throws WrongThreadException if called from blocking code on a thread bound to a reactor
     */
    <T extends @Nullable Object> Deferred<T> deferToThreadPool(VirtualThreadPool pool, Callable<T> task);

    /**
     * Runs {@code task} on the calling thread with this reactor bound, so that
     * {@link Blocking#await(Deferred)} and {@link TaskScope} subtasks inside it find the reactor
     * without being told. For threads the façade did not start, such as {@code main} or a
     * legacy library's worker.
     *
     * @param task the code to run
     * @param <T> the result type
     * @return what {@code task} returns
     * @throws Exception what {@code task} throws
     */
    <T extends @Nullable Object> T callBound(Callable<T> task) throws Exception;

    /**
     * Like {@link #callBound}, for code that returns nothing and throws nothing checked: for
     * example to bind this reactor in work handed to another executor.
     *
     * @param task the code to run
     */
    void runBound(Runnable task);

    /**
     * Counters of a reactor's blocking work.
     *
     * @param spawned tasks started by {@link #spawn}
     * @param completed spawned tasks that returned a value
     * @param failed spawned tasks that threw (or were cancelled before they started)
     * @param running spawned tasks whose thread has not finished
     * @param waiting threads waiting in an {@code await} of this reactor now
     */
    record Stats(long spawned, long completed, long failed, int running, int waiting) {}

    /**
     * A snapshot of the counters.
     *
     * @return the counters now
     */
    Stats stats();
}
