package net.threadpool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.deferred.ThrowingRunnable;
import net.deferred.ThrowingSupplier;
import net.threadpool.internal.Context;
import net.threadpool.internal.LoopTasks;
import net.threadpool.internal.Task;
import net.threadpool.internal.ThreadRules;
import org.jspecify.annotations.Nullable;

/**
 * Blocking-style code over the reactor: {@code await} a Deferred from a virtual (or any
 * non-reactor) thread, {@code spawn} such code from the reactor and get a Deferred back, and
 * choose how a cancelled task is stopped.
 *
 * <p>This is Spindle's answer to Twisted's {@code inlineCallbacks} and {@code ensureDeferred}:
 * instead of a generator that yields Deferreds, a virtual thread waits for them, while the
 * reactor thread does the I/O and fires every Deferred as usual.
 *
 * {@snippet :
 * // On the reactor thread (a protocol event, a callLater, a callback):
 * Deferred<String> greeting = Blocking.spawn(reactor, () -> {
 *     // Now on a virtual thread bound to the reactor: blocking is fine here.
 *     User user = Blocking.await(() -> users.lookup(id));     // a reactor call, run on the reactor
 *     byte[] avatar = Blocking.await(() -> http.get(user.avatarUrl()), Duration.ofSeconds(5));
 *     return "hello " + user.name() + " (" + avatar.length + " bytes)";
 * });
 * greeting.addCallback(text -> { transport.write(text.getBytes(UTF_8)); return null; });
 * }
 *
 * <h2>One rule for every thread</h2>
 * {@code await} works on any thread except a reactor thread: virtual or platform, started by
 * Spindle or not. On a reactor thread it throws {@link WrongThreadException} at once, because
 * the thread that must fire the Deferred would be the one waiting. The only difference between
 * threads is how the reactor is found: threads started by {@link #spawn},
 * {@link #deferToThreadPool} and {@link TaskScope#fork} carry their reactor as a
 * {@link ScopedValue} (so code deep in a call stack needs no reactor argument); any other thread
 * names it with {@link #on(LoopExecutor)} ({@code Blocking.on(reactor).await(d)}) or binds it for
 * a block of code with {@link BlockingTasks#callBound}.
 *
 * <h2>What await returns and throws</h2>
 * <ul>
 * <li>The Deferred's result, which is consumed: as with Twisted's {@code yield}, the
 * Deferred's own result becomes {@code null} afterwards, so a failure that await rethrows is not
 * reported again as unhandled. Pass the chain's current end (a stale reference is refused with
 * an {@link IllegalStateException}); await adds the chain's last step through it, which makes
 * that reference stale in turn: it can still be cancelled, but takes no further steps.</li>
 * <li>A failure's exception itself if it is unchecked (an {@link Error} too), with its own stack
 * trace untouched and a suppressed note recording where the thread waited; a checked one wrapped
 * in {@link CheckedFailureException} (the original is the cause): Java code cannot catch an
 * undeclared checked exception by its type. The reactor's {@code blockingCallFromThread} is this
 * same wait, with the same rule ({@link CheckedFailureException#wrapIfChecked}).</li>
 * <li>{@link DeferredTimeoutException} from the timeout variants, when the timeout passed and
 * cancelling the Deferred made it fail with a CancelledException (Twisted's
 * {@code addTimeout} rule).</li>
 * </ul>
 *
 * <h2>Cancellation flows both ways</h2>
 * <ul>
 * <li>Interrupting a thread blocked in {@code await} cancels the awaited Deferred (so its
 * canceller runs: the query, the connection attempt or the timer is stopped), waits until it
 * has fired, and throws what it fired with, normally {@link CancelledException}; the interrupt
 * is then consumed. If the canceller turns the cancel into a value, await returns it and the
 * thread's interrupt status is set again.</li>
 * <li>Cancelling the Deferred returned by {@link #spawn} cancels the awaited Deferred if the
 * task waits in {@code await}, without interrupting the thread (Twisted's inlineCallbacks
 * rule); otherwise it interrupts the thread, or runs the action installed with
 * {@link #cancelWith} instead. On JDK 25 an interrupt closes a socket the thread is blocked on:
 * code that must keep its connection (a database pool) installs a cancel action.</li>
 * </ul>
 *
 * <h2>Interleaving</h2>
 * A virtual thread and the reactor thread run at the same time: between two awaits, the
 * reactor keeps firing events. Protocol and transport state belong to the reactor thread; a
 * blocking task reaches them only through {@code await(() -> ...)}, whose supplier runs on the
 * reactor thread. Values returned by await are safely published (happens-before) to the waiting
 * thread.
 *
 * <p><b>Threading:</b> every method says where it may be called.
 */
public final class Blocking {
    private static final String AWAIT = "Blocking.await";

    private Blocking() {}

    /**
     * Parks the calling thread until {@code deferred} fires on the reactor thread of the bound
     * loop, then returns its result or throws its failure (see the class description).
     *
     * @param deferred the Deferred to wait for, a Deferred of the bound loop
     * @param <T> the result type
     * @return the result
     * @throws WrongThreadException on a reactor thread
     * @throws IllegalStateException if no loop is bound to this thread: use
     *     {@code Blocking.on(reactor).await(deferred)}
     * @throws CheckedFailureException if the Deferred failed with a checked exception (the cause)
     */
    public static <T extends @Nullable Object> T await(Deferred<T> deferred) {
        return current(AWAIT).await(deferred);
    }

    /**
     * Like {@link #await(Deferred)}, but cancels the Deferred when {@code timeout} passes; if
     * that makes it fail with a CancelledException, throws {@link DeferredTimeoutException}.
     *
     * @param deferred the Deferred to wait for
     * @param timeout how long to wait before cancelling
     * @param <T> the result type
     * @return the result
     * @throws DeferredTimeoutException if the timeout passed and cancelling failed the Deferred
     * @throws WrongThreadException on a reactor thread
     * @throws IllegalStateException if no loop is bound to this thread
     * @throws CheckedFailureException if the Deferred failed with a checked exception (the cause)
     */
    public static <T extends @Nullable Object> T await(Deferred<T> deferred, Duration timeout) {
        return current(AWAIT).await(deferred, timeout);
    }

    /**
     * Runs {@code call} on the reactor thread and waits for the Deferred it returns. Reactor
     * APIs (connectTCP, callLater, a protocol's methods) may only be called on the reactor
     * thread and their Deferreds belong to it; this is how blocking code uses them (the
     * reactor's {@code blockingCallFromThread(call)} is this method with the reactor named):
     * {@snippet :
     * String reply = Blocking.await(() -> client.sendCommand("PING"));
     * }
     *
     * @param call runs on the reactor thread; an exception it throws is thrown here
     * @param <T> the result type
     * @return the result
     * @throws WrongThreadException on a reactor thread
     * @throws IllegalStateException if no loop is bound to this thread
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     */
    public static <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call) {
        return current(AWAIT).await(call);
    }

    /**
     * Like {@link #await(ThrowingSupplier)}, with a timeout as in
     * {@link #await(Deferred, Duration)}.
     *
     * @param call runs on the reactor thread
     * @param timeout how long to wait before cancelling
     * @param <T> the result type
     * @return the result
     * @throws DeferredTimeoutException if the timeout passed and cancelling failed the Deferred
     * @throws WrongThreadException on a reactor thread
     * @throws IllegalStateException if no loop is bound to this thread
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     */
    public static <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call,
            Duration timeout) {
        return current(AWAIT).await(call, timeout);
    }

    /**
     * Runs blocking-style {@code task} on a new virtual thread bound to {@code loop}, and
     * returns a Deferred of its result, fired on the reactor thread once the task has finished.
     * Twisted's {@code ensureDeferred(coroutine)} / {@code inlineCallbacks}, on a virtual
     * thread. Cancelling the Deferred cancels the task (see the class description); an exception
     * the task throws fails the Deferred, never lost (an unhandled failed Deferred is logged).
     *
     * <p>Call it on the reactor thread, which owns the returned Deferred. From blocking code, run
     * concurrent work with {@link TaskScope#fork} instead.
     *
     * <p>Spawning is not bounded: a bounded pool is what lets Twisted's thread pool deadlock when a
     * worker waits for work queued behind it (Twisted #5298). To bound blocking work (connections
     * to a database, calls to a rate-limited service), run it on a {@link VirtualThreadPool} with
     * {@link #deferToThreadPool}.
     *
     * @param loop the reactor the task belongs to
     * @param task the blocking-style code
     * @param <T> the result type
     * @return fires on the reactor thread with what the task returned or threw
     * @throws WrongThreadException if called from blocking code on a thread bound to a loop
     */
    public static <T extends @Nullable Object> Deferred<T> spawn(LoopExecutor loop, Callable<T> task) {
        return on(loop).spawn(task);
    }

    /**
     * Runs {@code task} on {@code pool} and returns a Deferred fired on the reactor thread with
     * its result: Twisted's {@code deferToThreadPool(reactor, threadpool, f)}. Libraries with their
     * own bounded pool (a database pool) use it. See {@link BlockingTasks#deferToThreadPool}.
     *
     * @param loop the reactor that fires the Deferred
     * @param pool the pool that runs the task
     * @param task the blocking work
     * @param <T> the result type
     * @return fires on the reactor thread with the task's result or failure
     * @throws WrongThreadException if called from blocking code on a thread bound to a loop
     */
    public static <T extends @Nullable Object> Deferred<T> deferToThreadPool(LoopExecutor loop,
            VirtualThreadPool pool, Callable<T> task) {
        return on(loop).deferToThreadPool(pool, task);
    }

    /**
     * The façade of one reactor named explicitly, for a thread that has no reactor bound:
     * {@code Blocking.on(reactor).await(d)}.
     *
     * @param loop the reactor
     * @return its blocking tasks
     */
    public static BlockingTasks on(LoopExecutor loop) {
        return Objects.requireNonNull(loop, "loop").blockingTasks();
    }

    /**
     * The reactor bound to the calling thread, if any: present in threads started by
     * {@link #spawn}, {@link #deferToThreadPool} and {@link TaskScope#fork}, and inside
     * {@link BlockingTasks#callBound}.
     *
     * @return the bound reactor
     */
    public static Optional<LoopExecutor> currentLoop() {
        return Context.LOOP.isBound() ? Optional.of(Context.LOOP.get().loop()) : Optional.empty();
    }

    /**
     * Installs {@code action} as what cancelling the current task does instead of interrupting
     * its thread, until the returned registration is closed. The action runs once per cancel, on
     * the cancelling thread or, when that is a reactor thread, on a new virtual thread (it may
     * block). A thread waiting in {@code await} is still cancelled by cancelling the awaited
     * Deferred.
     *
     * {@snippet :
     * try (PreparedStatement st = connection.prepareStatement(sql);
     *      Blocking.CancelRegistration ignored = Blocking.cancelWith(st::cancel)) {
     *     return st.executeQuery(); // cancelled by the database, the connection stays usable
     * }
     * }
     *
     * @param action stops the current blocking work, for example {@code statement::cancel}
     * @return closes the registration, restoring the previous action (close registrations in
     *     reverse order, as try-with-resources does)
     * @throws IllegalStateException if the calling thread runs no task started by {@link #spawn},
     *     {@link #deferToThreadPool} or {@link TaskScope#fork}
     */
    public static CancelRegistration cancelWith(ThrowingRunnable action) {
        Objects.requireNonNull(action, "action");
        Task task = Context.boundOrNull(Context.TASK);
        if (task == null) {
            throw new IllegalStateException("cancelWith: thread " + Thread.currentThread().getName()
                    + " runs no task started by Blocking.spawn, deferToThreadPool or TaskScope.fork,"
                    + " so nothing could cancel it");
        }
        ThrowingRunnable previous = task.setCancelAction(action);
        return new CancelRegistration() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    task.setCancelAction(previous);
                }
            }
        };
    }

    /**
     * A cancel action installed by {@link #cancelWith}; closing it restores the previous one.
     *
     * <p><b>Threading:</b> close it on the thread that installed it.
     */
    public interface CancelRegistration extends AutoCloseable {
        /** Uninstalls the action; calling it again does nothing. */
        @Override
        void close();
    }

    private static BlockingTasks current(String what) {
        LoopTasks bound = Context.boundOrNull(Context.LOOP);
        if (bound != null) {
            return bound;
        }
        ThreadRules.checkMayWait(null, what); // on a reactor thread, the wrong thread comes first
        throw new IllegalStateException(what + ": no reactor is bound to thread " + Thread.currentThread().getName()
                + " (threads started by Blocking.spawn, deferToThreadPool and TaskScope.fork have one);"
                + " name it with Blocking.on(reactor)." + what.substring(what.indexOf('.') + 1) + "(...)");
    }
}
