package net.threadpool;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.deferred.Failure;
import net.deferred.Outcome;
import net.deferred.ThrowingRunnable;
import net.deferred.ThrowingSupplier;
import net.threadpool.internal.CancelRunner;
import net.threadpool.internal.Conditions;
import net.threadpool.internal.Context;
import net.threadpool.internal.Failures;
import net.threadpool.internal.Task;
import net.threadpool.internal.Wait;
import org.jspecify.annotations.Nullable;

/**
 * The blocking-style work bound to one loop (one reactor): tasks started with {@link #spawn},
 * calls made with {@link #deferToThreadPool}, and threads waiting in {@link #await}. Every
 * {@link LoopExecutor} owns one ({@link LoopExecutor#blockingTasks()}); {@link Blocking} is the
 * static door to it.
 *
 * <h2>Threads and the bound loop</h2>
 * Spawned tasks run on new virtual threads named {@code <name>-spawn-<n>}. While a task runs,
 * its loop travels with it as a {@link ScopedValue}, so {@link Blocking#await(Deferred)} deep
 * in its call stack needs no reactor argument. The same holds in
 * {@link #deferToThreadPool} calls and in the subtasks a {@link TaskScope} forks from them.
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
 * <h2>Shutdown</h2>
 * The loop calls {@link #shutdown} when it stops: every pending await fails with the loop's
 * reason, spawned tasks get a bounded time to finish, then are cancelled, and those still
 * running after a second bounded wait are logged with their stacks.
 *
 * <p><b>Threading:</b> {@link #spawn} and {@link #deferToThreadPool} return Deferreds, which
 * belong to the loop thread: call them there (or, before the loop runs, on the thread setting it
 * up). {@link #await} is for any thread but the loop's. The other methods are safe from any
 * thread.
 */
public final class BlockingTasks {
    private static final System.Logger LOG = System.getLogger("net.threadpool");
    private static final String AWAIT = "Blocking.await";

    private final String name;
    private final LoopExecutor loop;
    private final ThreadFactory spawnThreads;
    private final ThreadFactory cancelThreads;
    /** Runs cancel actions off the loop thread; also used by task scopes bound to this loop. */
    final CancelRunner cancelRunner = this::runCancelAction;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Set<Task> running = new LinkedHashSet<>();
    private final Set<Thread> cancelling = new HashSet<>();
    /** Threads of ended tasks that may still be unwinding; shutdown joins them. */
    private final Set<Thread> exiting = new HashSet<>();
    private final Set<Wait<?>> waiting = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Supplier<? extends RuntimeException> stopped;
    private long spawned;
    private long completed;
    private long failed;

    /**
     * Creates the registry of a loop; the loop calls this once and returns the result from
     * {@link LoopExecutor#blockingTasks()}.
     *
     * @param name prefix of the names of spawned threads, normally the loop's name
     * @param loop the loop
     */
    public BlockingTasks(String name, LoopExecutor loop) {
        this.name = Objects.requireNonNull(name, "name");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.spawnThreads = Thread.ofVirtual().name(name + "-spawn-", 1).factory();
        this.cancelThreads = Thread.ofVirtual().name(name + "-cancel-", 1).factory();
    }

    /**
     * The name given at creation.
     *
     * @return the prefix of spawned threads' names
     */
    public String name() {
        return name;
    }

    /**
     * The loop these tasks belong to.
     *
     * @return the loop
     */
    public LoopExecutor loop() {
        return loop;
    }

    // ---------------------------------------------------------------------------------------
    // await

    /**
     * Parks the calling thread until {@code deferred} fires on the loop thread, and returns its
     * result or throws its failure. See {@link Blocking#await(Deferred)}, which this is with
     * the loop named explicitly (for a thread that has no loop bound, such as {@code main}).
     *
     * @param deferred a Deferred of this loop
     * @param <T> the result type
     * @return the Deferred's result
     * @throws WrongThreadException on the loop thread (or any reactor thread)
     * @throws CheckedFailureException if the Deferred failed with a checked exception (the cause)
     */
    public <T extends @Nullable Object> T await(Deferred<T> deferred) {
        Objects.requireNonNull(deferred, "deferred");
        return awaitCall(new Given<>(deferred), null);
    }

    /**
     * Like {@link #await(Deferred)}, but gives up after {@code timeout}: the Deferred is then
     * cancelled, and if that makes it fail with a CancelledException, this throws
     * {@link DeferredTimeoutException} (as Twisted's {@code addTimeout}).
     *
     * @param deferred a Deferred of this loop
     * @param timeout how long to wait before cancelling
     * @param <T> the result type
     * @return the Deferred's result
     * @throws DeferredTimeoutException if the timeout passed and cancelling failed the Deferred
     * @throws WrongThreadException on the loop thread (or any reactor thread)
     * @throws CheckedFailureException if the Deferred failed with a checked exception (the cause)
     */
    public <T extends @Nullable Object> T await(Deferred<T> deferred, Duration timeout) {
        Objects.requireNonNull(deferred, "deferred");
        return awaitCall(new Given<>(deferred), checkTimeout(timeout));
    }

    /**
     * Runs {@code call} on the loop thread and waits for the Deferred it returns: the way for
     * blocking code to use reactor APIs, which may only be called on the loop thread. See
     * {@link Blocking#await(ThrowingSupplier)}. The reactor's {@code blockingCallFromThread}
     * delegates here, so both follow one rule: an unchecked exception (or an {@link Error}) is
     * thrown as it is, a checked one wrapped in {@link CheckedFailureException}.
     *
     * @param call runs on the loop thread; what it throws is thrown here
     * @param <T> the result type
     * @return the Deferred's result
     * @throws WrongThreadException on the loop thread (or any reactor thread)
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     */
    public <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        return awaitCall(call, null);
    }

    /**
     * Like {@link #await(ThrowingSupplier)}, with a timeout as {@link #await(Deferred, Duration)}.
     *
     * @param call runs on the loop thread
     * @param timeout how long to wait before cancelling
     * @param <T> the result type
     * @return the Deferred's result
     * @throws DeferredTimeoutException if the timeout passed and cancelling failed the Deferred
     * @throws WrongThreadException on the loop thread (or any reactor thread)
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     */
    public <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call, Duration timeout) {
        Objects.requireNonNull(call, "call");
        return awaitCall(call, checkTimeout(timeout));
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        return timeout;
    }

    private <T extends @Nullable Object> T awaitCall(ThrowingSupplier<? extends Deferred<T>> call,
            @Nullable Duration timeout) {
        checkMayWait(AWAIT);
        long nanos = timeout == null ? -1 : saturatedNanos(timeout);
        Wait<T> w = new Wait<>(loop, call);
        // An interrupt that arrived before the wait counts as one during it.
        boolean cancelNow = Thread.interrupted();
        boolean interruptConsumed = cancelNow;
        Task task = Context.boundOrNull(Context.TASK);
        waiting.add(w);
        try {
            Supplier<? extends RuntimeException> stop = stopped;
            if (stop != null) {
                w.deliver(Outcome.failed(stop.get()));
            } else {
                if (task != null && task.beginWait(w)) {
                    cancelNow = true;
                }
                loop.callFromThread(w::attach);
                if (cancelNow) {
                    w.requestCancel();
                }
            }
            Outcome<T> outcome = w.await(nanos);
            interruptConsumed |= w.wasInterrupted();
            return switch (outcome) {
                case Outcome.Success<T> s -> {
                    if (interruptConsumed) {
                        // The interrupt was not reported by an exception: keep it for later code.
                        Thread.currentThread().interrupt();
                    }
                    yield s.value();
                }
                case Outcome.Failed<T> f -> throw failure(f.failure(), w, timeout);
            };
        } finally {
            if (task != null) {
                task.endWait(w);
            }
            waiting.remove(w);
        }
    }

    private static RuntimeException failure(Failure failure, Wait<?> w, @Nullable Duration timeout) {
        Throwable error = failure.value();
        if (timeout != null && w.timedOut() && error instanceof CancelledException) {
            return new DeferredTimeoutException(timeout, error);
        }
        return Failures.rethrow(error, AWAIT);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Refuses to block a reactor thread. */
    void checkMayWait(String what) {
        if (isLoopThread()) {
            throw new WrongThreadException(what + " was called on the reactor thread "
                    + Thread.currentThread().getName() + ", where waiting would stop the event loop (and deadlock);"
                    + " add callbacks to the Deferred instead, or run the blocking-style code with"
                    + " Blocking.spawn(reactor, ...)");
        }
    }

    /** Whether the calling thread runs this loop or any other reactor's loop. */
    boolean isLoopThread() {
        return loop.isReactorThread() || Context.LOOP_THREAD.isBound();
    }

    // ---------------------------------------------------------------------------------------
    // spawn

    /**
     * Runs {@code task} on a new virtual thread bound to this loop and returns a Deferred of its
     * result, fired on the loop thread. See {@link Blocking#spawn(LoopExecutor, Callable)}.
     *
     * @param task blocking-style code
     * @param <T> the result type
     * @return fires on the loop thread with what the task returned or threw, once it has finished
     * @throws WrongThreadException if called from blocking code on a thread bound to a loop
     *     (use {@link TaskScope#fork} there)
     */
    public <T extends @Nullable Object> Deferred<T> spawn(Callable<T> task) {
        return spawn(String.valueOf(task), task);
    }

    /**
     * Like {@link #spawn(Callable)}, with a description used in logs (and in the warning that
     * names a task still running at shutdown).
     *
     * @param description says what the task does
     * @param task blocking-style code
     * @param <T> the result type
     * @return fires on the loop thread with what the task returned or threw, once it has finished
     * @throws WrongThreadException if called from blocking code on a thread bound to a loop
     */
    public <T extends @Nullable Object> Deferred<T> spawn(String description, Callable<T> task) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(task, "task");
        checkDeferredThread("spawn");
        Supplier<? extends RuntimeException> stop = stopped;
        if (stop != null) {
            return Deferred.fail(stop.get());
        }
        Task t = new Task(description, cancelRunner);
        Spawn<T> spawn = new Spawn<>(t);
        Deferred<T> d = spawn.newStage();
        Thread thread = spawnThreads.newThread(() -> runSpawned(t, task, spawn));
        lock.lock();
        try {
            running.add(t);
            spawned++;
        } finally {
            lock.unlock();
        }
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            taskEnded(t, false);
            throw e;
        }
        return d;
    }

    private void checkDeferredThread(String what) {
        if (!loop.isReactorThread() && (Context.TASK.isBound() || Context.LOOP.isBound())) {
            throw new WrongThreadException(what + " returns a Deferred, which belongs to the reactor thread, but was"
                    + " called from blocking code on thread " + Thread.currentThread().getName()
                    + "; use TaskScope.fork for concurrent blocking work, or start it from the reactor thread with"
                    + " Blocking.await(() -> Blocking." + what + "(...))");
        }
    }

    private <T extends @Nullable Object> void runSpawned(Task t, Callable<T> work, Spawn<T> spawn) {
        Outcome<T> outcome;
        if (!t.start()) {
            outcome = Outcome.failed(new CancelledException("task " + t + " was cancelled before it started"));
        } else {
            try {
                outcome = Outcome.success(ScopedValue.where(Context.LOOP, this).where(Context.TASK, t).call(work::call));
            } catch (Throwable e) {
                outcome = Outcome.failed(e);
            } finally {
                t.finish();
            }
        }
        Outcome<T> result = outcome;
        try {
            loop.callFromThread(() -> spawn.deliver(result));
        } finally {
            taskEnded(t, result.isSuccess());
        }
    }

    private void taskEnded(Task t, boolean ok) {
        lock.lock();
        try {
            // Exiting threads die within microseconds: pruning keeps the set tiny.
            exiting.removeIf(th -> !th.isAlive());
            exiting.add(Thread.currentThread());
            running.remove(t);
            if (ok) {
                completed++;
            } else {
                failed++;
            }
            if (running.isEmpty() && cancelling.isEmpty()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The Deferred of a spawned task. Cancelling it must not fire it before the task ends, which
     * Deferred.cancel() would do: so, as Twisted's inlineCallbacks, the canceller fires the
     * current stage with a private marker, and the first step turns the marker into a new
     * pending stage that the chain then waits on. Loop thread only.
     */
    private static final class Spawn<T extends @Nullable Object> {
        private final Task task;
        private @Nullable Deferred<T> current;

        Spawn(Task task) {
            this.task = task;
        }

        Deferred<T> newStage() {
            Deferred<T> stage = new Deferred<>(this::cancelled);
            current = stage;
            return stage.addErrbackDeferred(f -> {
                if (f.value() instanceof RestartStage) {
                    return newStage();
                }
                throw f.raiseException();
            });
        }

        private void cancelled(Deferred<T> stage) {
            task.cancel(false);
            if (!stage.called()) {
                stage.errback(RestartStage.INSTANCE);
            }
        }

        void deliver(Outcome<T> outcome) {
            Deferred<T> d = Objects.requireNonNull(current);
            switch (outcome) {
                case Outcome.Success<T> s -> d.callback(s.value());
                case Outcome.Failed<T> f -> d.errback(f.failure());
            }
        }
    }

    /** The marker a cancelled stage is fired with; never seen outside {@link Spawn}. */
    private static final class RestartStage extends RuntimeException {
        static final RestartStage INSTANCE = new RestartStage();

        private RestartStage() {
            super("spawned task cancelled; waiting for it to finish", null, false, false);
        }
    }

    // ---------------------------------------------------------------------------------------
    // deferToThreadPool

    /**
     * Runs {@code task} on {@code pool} and returns a Deferred fired on the loop thread with its
     * result (Twisted's {@code deferToThreadPool(reactor, threadpool, f)}). The task runs with
     * this loop bound, so it may {@link Blocking#await} Deferreds of this loop.
     *
     * <p>Cancelling the Deferred before the task starts removes it from the pool's queue; once
     * it runs, it cancels the task as for {@link #spawn} (awaited Deferred, cancel action, or
     * interrupt). As with Twisted's {@code deferToThread}, the Deferred then fails at once with
     * {@link CancelledException} and what the task produces later is dropped.
     *
     * @param pool the pool to run on
     * @param task the blocking work
     * @param <T> the result type
     * @return fires on the loop thread with the task's result or failure; fails with
     *     {@link RejectedExecutionException} if the pool is shut down
     * @throws WrongThreadException if called from blocking code on a thread bound to a loop
     */
    public <T extends @Nullable Object> Deferred<T> deferToThreadPool(VirtualThreadPool pool, Callable<T> task) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(task, "task");
        checkDeferredThread("deferToThreadPool");
        PooledCall<T> call = new PooledCall<>(new Task(String.valueOf(task), cancelRunner), task);
        Deferred<T> d = new Deferred<>(ignored -> call.cancel());
        call.deferred = d;
        try {
            call.handle = pool.execute(call);
        } catch (RejectedExecutionException e) {
            return Deferred.fail(e);
        }
        return d;
    }

    /** A deferToThreadPool call: runs on a pool thread, reports back through the loop. */
    private final class PooledCall<T extends @Nullable Object> implements Runnable {
        private final Task task;
        private final Callable<T> callable;
        @Nullable Deferred<T> deferred;
        volatile @Nullable PoolTask handle;

        PooledCall(Task task, Callable<T> callable) {
            this.task = task;
            this.callable = callable;
        }

        @Override
        public void run() {
            if (!task.start()) {
                return; // cancelled while queued: the Deferred has already failed
            }
            Outcome<T> outcome;
            try {
                outcome = Outcome.success(ScopedValue.where(Context.LOOP, BlockingTasks.this)
                        .where(Context.TASK, task).call(callable::call));
            } catch (Throwable e) {
                outcome = Outcome.failed(e);
            } finally {
                task.finish();
            }
            Outcome<T> result = outcome;
            loop.callFromThread(() -> deliver(result));
        }

        private void deliver(Outcome<T> outcome) {
            Deferred<T> d = Objects.requireNonNull(deferred);
            if (d.called()) {
                return; // cancelled meanwhile: the Deferred already failed with CancelledException
            }
            switch (outcome) {
                case Outcome.Success<T> s -> d.callback(s.value());
                case Outcome.Failed<T> f -> d.errback(f.failure());
            }
        }

        void cancel() {
            if (task.cancel(false)) {
                PoolTask h = handle;
                if (h != null) {
                    h.cancel(); // frees its place in the queue; the work will not run
                }
            }
        }

        @Override
        public String toString() {
            return "deferToThreadPool(" + task + ")";
        }
    }

    // ---------------------------------------------------------------------------------------
    // binding, cancel actions

    /**
     * Runs {@code task} on the calling thread with this loop bound, so that
     * {@link Blocking#await(Deferred)} and {@link TaskScope} subtasks inside it find the loop
     * without being told. For threads the façade did not start, such as {@code main} or a
     * legacy library's worker.
     *
     * @param task the code to run
     * @param <T> the result type
     * @return what {@code task} returns
     * @throws Exception what {@code task} throws
     */
    public <T extends @Nullable Object> T callBound(Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        return ScopedValue.where(Context.LOOP, this).call(task::call);
    }

    /**
     * Like {@link #callBound}, for code that returns nothing and throws nothing checked: for
     * example to bind this loop in work handed to another executor.
     *
     * @param task the code to run
     */
    public void runBound(Runnable task) {
        Objects.requireNonNull(task, "task");
        ScopedValue.where(Context.LOOP, this).run(task);
    }

    /**
     * Runs the loop's body on the calling thread, marked as a reactor thread: the façade then
     * refuses to block it ({@link WrongThreadException} from await, join and task scopes) even
     * for another loop's Deferreds. For implementations of {@link LoopExecutor}.
     *
     * @param loopBody the event loop
     */
    public void runAsReactorThread(Runnable loopBody) {
        Objects.requireNonNull(loopBody, "loopBody");
        ScopedValue.where(Context.LOOP_THREAD, this).run(loopBody);
    }

    private void runCancelAction(String taskName, ThrowingRunnable action) {
        if (!isLoopThread()) {
            Task.runCancelAction(taskName, action);
            return;
        }
        // A cancel action may block (Statement.cancel talks to the database): never on the loop.
        Thread t = cancelThreads.newThread(() -> {
            try {
                Task.runCancelAction(taskName, action);
            } finally {
                lock.lock();
                try {
                    cancelling.remove(Thread.currentThread());
                    exiting.add(Thread.currentThread());
                    if (running.isEmpty() && cancelling.isEmpty()) {
                        idle.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        });
        lock.lock();
        try {
            cancelling.add(t);
        } finally {
            lock.unlock();
        }
        t.start();
    }

    // ---------------------------------------------------------------------------------------
    // state and shutdown

    /**
     * Counters of this registry.
     *
     * @param spawned tasks started by {@link #spawn}
     * @param completed spawned tasks that returned a value
     * @param failed spawned tasks that threw (or were cancelled before they started)
     * @param running spawned tasks whose thread has not finished
     * @param waiting threads waiting in {@link #await} now
     */
    public record Stats(long spawned, long completed, long failed, int running, int waiting) {}

    /**
     * A snapshot of the counters.
     *
     * @return the counters now
     */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(spawned, completed, failed, running.size(), waiting.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no spawned task (and no cancel action) runs, for at most {@code timeout}.
     *
     * @param timeout the bound
     * @return true if none runs
     */
    public boolean awaitIdle(Duration timeout) {
        long nanos = saturatedNanos(checkTimeout(timeout));
        lock.lock();
        try {
            return Conditions.awaitUninterruptibly(idle, () -> running.isEmpty() && cancelling.isEmpty(), nanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return true once spawn and await are refused
     */
    public boolean isShutdown() {
        return stopped != null;
    }

    /**
     * Called by the loop when it stops (after its last turn): every thread waiting in
     * {@link #await} gets {@code reason}, and later spawns and awaits fail with it; then spawned
     * tasks get up to {@code timeout} to finish, the rest are cancelled (interrupted, or their
     * cancel action runs) and get {@code timeout} again; a task still running after that is
     * logged, by name and with its thread's stack, as a warning. Calling it again waits again.
     *
     * @param timeout how long each of the two waits may take
     * @param reason makes the exception that pending and later awaits fail with, such as the
     *     reactor's ReactorNotRunningException
     * @return true if no spawned task runs any more
     */
    public boolean shutdown(Duration timeout, Supplier<? extends RuntimeException> reason) {
        checkTimeout(timeout);
        Objects.requireNonNull(reason, "reason");
        if (stopped == null) {
            stopped = reason;
        }
        for (Wait<?> w : waiting) {
            w.deliver(Outcome.failed(reason.get()));
        }
        if (awaitIdle(timeout)) {
            joinExiting();
            return true;
        }
        for (Task t : runningTasks()) {
            t.cancel(false);
        }
        if (awaitIdle(timeout)) {
            joinExiting();
            return true;
        }
        for (Task t : runningTasks()) {
            Thread th = t.thread();
            Throwable where = new Throwable("stack of " + (th == null ? "the task's thread" : th.getName()));
            if (th != null) {
                where.setStackTrace(th.getStackTrace());
            }
            LOG.log(Level.WARNING, name + ": spawned task \"" + t.name() + "\" is still running after shutdown"
                    + " waited " + timeout + ", was cancelled, and waited " + timeout + " again; it ignores"
                    + " cancellation", where);
        }
        return false;
    }

    /** Waits for the threads of ended tasks to terminate, so none outlives the shutdown. */
    private void joinExiting() {
        List<Thread> threads;
        lock.lock();
        try {
            threads = new ArrayList<>(exiting);
            exiting.clear();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                TaskScope.joinUninterruptibly(t);
            }
        }
    }

    private List<Task> runningTasks() {
        lock.lock();
        try {
            return new ArrayList<>(running);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "BlockingTasks[" + name + ", running=" + s.running() + ", waiting=" + s.waiting() + "]";
    }

    /** await's call for a Deferred the caller already has. */
    private record Given<T extends @Nullable Object>(Deferred<T> deferred) implements ThrowingSupplier<Deferred<T>> {
        @Override
        public Deferred<T> get() {
            return deferred;
        }

        @Override
        public String toString() {
            // Not deferred.toString(): a Deferred's state belongs to the loop thread.
            return "Deferred@" + Integer.toHexString(System.identityHashCode(deferred));
        }
    }
}
