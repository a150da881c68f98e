package net.threadpool;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import net.deferred.CancelledException;
import net.threadpool.internal.CancelRunner;
import net.threadpool.internal.Context;
import net.threadpool.internal.Failures;
import net.threadpool.internal.LoopTasks;
import net.threadpool.internal.ScopeLink;
import net.threadpool.internal.Task;
import net.threadpool.internal.TaskThreads;
import net.threadpool.internal.ThreadRules;
import org.jspecify.annotations.Nullable;

/**
 * Structured concurrency for blocking-style code: a scope owns the virtual threads it forks, and
 * none of them outlives it. Modelled on JDK 25's {@code StructuredTaskScope} (open, fork, join,
 * close, joiner policies), which is still a preview API in JDK 25; this class uses only final
 * APIs, so Spindle stays a plain module-path dependency with no {@code --enable-preview}.
 *
 * {@snippet :
 * Deferred<String> page = Blocking.spawn(reactor, () -> {
 *     try (var scope = TaskScope.open()) {                       // all must succeed
 *         Subtask<User> user = scope.fork(() -> Blocking.await(() -> users.lookup(id)));
 *         Subtask<List<Order>> orders = scope.fork(() -> Blocking.await(() -> db.orders(id)));
 *         scope.join();                                           // first failure cancels the rest
 *         return render(user.get(), orders.get());
 *     }
 * });
 * }
 *
 * <h2>Lifecycle</h2>
 * <ol>
 * <li>{@link #open} on the owner thread, with a {@link Joiner} policy (default: all must
 * succeed, the first failure cancels the rest) and optionally a name and a timeout.</li>
 * <li>{@link #fork} starts each subtask on a new virtual thread named {@code <name>-<n>}. The
 * subtask inherits the owner's reactor binding, so it may {@link Blocking#await}. (Other
 * scoped values are not inherited; that needs the preview API.)</li>
 * <li>{@link #join()} waits until every subtask has completed or the scope is cancelled, then
 * returns the policy's result (or throws its failure).</li>
 * <li>{@link #close()} cancels what still runs and waits for every subtask's thread to have
 * terminated. Use try-with-resources.</li>
 * </ol>
 *
 * <h2>Cancellation</h2>
 * The scope is cancelled by its policy (a failure, a first success), by its timeout, by
 * {@link #close()}, or when the task that opened it is cancelled (a {@link Blocking#spawn}ed
 * task whose Deferred is cancelled, or a subtask of an enclosing scope: scopes nest). Cancelling
 * cancels each unfinished subtask as a spawned task is cancelled: an awaited Deferred is
 * cancelled, otherwise the subtask's cancel action runs or its thread is interrupted; and every
 * later await in that subtask fails at once. Subtasks that complete after the cancel stay
 * {@link Subtask.State#UNAVAILABLE}.
 *
 * <p><b>Threading:</b> only the owner thread (the one that opened the scope) may fork, join and
 * close; other threads get {@link WrongThreadException}. A scope may not be opened on a reactor
 * thread, whose loop must never wait. {@link #isCancelled()} and {@link #name()} are safe from
 * any thread.
 *
 * @param <T> the subtasks' result type
 * @param <R> what {@link #join()} returns
 */
public final class TaskScope<T extends @Nullable Object, R extends @Nullable Object> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("net.threadpool");

    /** Why a scope was cancelled. */
    private enum Cancel { POLICY, TIMEOUT, OWNER, CLOSE }

    /**
     * A scope's settings; {@link TaskScope#open(Joiner, UnaryOperator)} starts from the default
     * and lets the caller change it.
     *
     * @param name the scope's name and the prefix of its threads' names
     * @param timeout when it passes the scope is cancelled and join throws
     *     {@link TaskScopeTimeoutException}; null for none
     */
    public record Config(String name, @Nullable Duration timeout) {
        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if the timeout is negative
         */
        public Config {
            Objects.requireNonNull(name, "name");
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("negative timeout: " + timeout);
            }
        }

        /**
         * Returns a copy with another name.
         *
         * @param name the name
         * @return the changed config
         */
        public Config withName(String name) {
            return new Config(name, timeout);
        }

        /**
         * Returns a copy with a timeout, counted from when the scope opens.
         *
         * @param timeout the timeout
         * @return the changed config
         */
        public Config withTimeout(Duration timeout) {
            return new Config(name, Objects.requireNonNull(timeout, "timeout"));
        }
    }

    private final Joiner<? super T, ? extends R> joiner;
    private final String name;
    private final @Nullable Duration timeout;
    private final Thread owner;
    private final @Nullable Task ownerTask;
    private final @Nullable LoopTasks loop;
    private final CancelRunner cancelRunner;
    private final ThreadFactory threadFactory;
    private final Link link = new Link();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<ForkedSubtask<?>> unfinished = new LinkedHashSet<>();
    /** Every thread started, joined by close: a thread outlives its subtask by a few instructions. */
    private final List<Thread> threads = new ArrayList<>();
    private int forkCount;
    private @Nullable Cancel cancelled;
    private @Nullable Throwable joinerError;
    private boolean joined;
    private boolean closed;
    private @Nullable Thread timer;

    private TaskScope(Joiner<? super T, ? extends R> joiner, Config config) {
        this.joiner = joiner;
        this.name = config.name();
        this.timeout = config.timeout();
        this.owner = Thread.currentThread();
        this.ownerTask = Context.boundOrNull(Context.TASK);
        this.loop = Context.boundOrNull(Context.LOOP);
        LoopTasks l = loop;
        this.cancelRunner = l != null ? l.cancelRunner() : CancelRunner.INLINE;
        this.threadFactory = Thread.ofVirtual().name(name + "-", 1).factory();
    }

    /**
     * Opens a scope whose subtasks must all succeed: the first failure cancels the others and
     * join throws it ({@link Joiner#awaitAllSuccessfulOrThrow()}).
     *
     * @param <T> the subtasks' result type
     * @return the open scope, owned by the calling thread
     * @throws WrongThreadException on a reactor thread
     */
    public static <T extends @Nullable Object> TaskScope<T, @Nullable Void> open() {
        return open(Joiner.awaitAllSuccessfulOrThrow());
    }

    /**
     * Opens a scope with a policy.
     *
     * @param joiner the policy, used by this scope only
     * @param <T> the subtasks' result type
     * @param <R> what join returns
     * @return the open scope, owned by the calling thread
     * @throws WrongThreadException on a reactor thread
     */
    public static <T extends @Nullable Object, R extends @Nullable Object> TaskScope<T, R> open(
            Joiner<? super T, ? extends R> joiner) {
        return open(joiner, UnaryOperator.identity());
    }

    /**
     * Opens a scope with a policy and settings:
     * {@snippet :
     * try (var scope = TaskScope.open(Joiner.<String>anySuccessfulResultOrThrow(),
     *         cf -> cf.withName("mirrors").withTimeout(Duration.ofSeconds(2)))) {
     *     for (String mirror : mirrors) {
     *         scope.fork(() -> download(mirror));
     *     }
     *     return scope.join(); // the first download to finish; the others are cancelled
     * }
     * }
     *
     * @param joiner the policy, used by this scope only
     * @param configure changes the default config (named after the owner thread, no timeout)
     * @param <T> the subtasks' result type
     * @param <R> what join returns
     * @return the open scope, owned by the calling thread
     * @throws WrongThreadException on a reactor thread
     */
    public static <T extends @Nullable Object, R extends @Nullable Object> TaskScope<T, R> open(
            Joiner<? super T, ? extends R> joiner, UnaryOperator<Config> configure) {
        Objects.requireNonNull(joiner, "joiner");
        Objects.requireNonNull(configure, "configure");
        ThreadRules.checkMayOpenScope();
        Config config = Objects.requireNonNull(
                configure.apply(new Config(Thread.currentThread().getName() + "-scope", null)), "config");
        TaskScope<T, R> scope = new TaskScope<>(joiner, config);
        scope.start();
        return scope;
    }

    private void start() {
        Task t = ownerTask;
        if (t != null && !t.addScope(link)) {
            cancel(Cancel.OWNER);
        }
        Duration d = timeout;
        if (d != null) {
            Thread th = Thread.ofVirtual().name(name + "-timeout").unstarted(() -> {
                try {
                    Thread.sleep(d);
                } catch (InterruptedException closedFirst) {
                    return;
                }
                cancel(Cancel.TIMEOUT);
            });
            timer = th;
            th.start();
        }
    }

    /**
     * The scope's name.
     *
     * @return the name from its config
     */
    public String name() {
        return name;
    }

    /**
     * Starts {@code task} on a new virtual thread in this scope. If the scope is already
     * cancelled, the task does not run and the subtask stays
     * {@link Subtask.State#UNAVAILABLE}.
     *
     * @param task the subtask's work
     * @param <U> the subtask's result type
     * @return the subtask
     * @throws WrongThreadException if the caller is not the owner thread
     * @throws IllegalStateException if the scope has been joined or closed
     */
    public <U extends T> Subtask<U> fork(Callable<? extends U> task) {
        Objects.requireNonNull(task, "task");
        checkOwner("fork");
        ForkedSubtask<U> subtask;
        boolean cancelNow;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("task scope " + name + " is closed");
            }
            if (joined) {
                throw new IllegalStateException("task scope " + name + " has been joined; fork every subtask before join");
            }
            forkCount++;
            subtask = new ForkedSubtask<>(new Task(name + " subtask " + forkCount + " (" + task + ")", cancelRunner));
            if (cancelled != null) {
                return subtask;
            }
            unfinished.add(subtask);
            cancelNow = policy(() -> joiner.onFork(subtask));
        } finally {
            lock.unlock();
        }
        Thread thread = threadFactory.newThread(() -> runSubtask(subtask, task));
        lock.lock();
        try {
            threads.add(thread);
        } finally {
            lock.unlock();
        }
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            subtaskEnded(subtask, false, null, null);
            throw e;
        }
        if (cancelNow) {
            cancel(Cancel.POLICY);
        }
        return subtask;
    }

    private <U extends T> void runSubtask(ForkedSubtask<U> subtask, Callable<? extends U> work) {
        Task t = subtask.task;
        if (!t.start()) {
            subtaskEnded(subtask, false, null, null);
            return;
        }
        U value = null;
        Throwable error = null;
        try {
            ScopedValue.Carrier bindings = ScopedValue.where(Context.TASK, t);
            LoopTasks l = loop;
            if (l != null) {
                bindings = bindings.where(Context.LOOP, l);
            }
            value = bindings.call(work::call);
        } catch (Throwable e) {
            error = e;
        } finally {
            t.finish();
        }
        subtaskEnded(subtask, true, value, error);
    }

    private <U extends T> void subtaskEnded(ForkedSubtask<U> subtask, boolean ran, @Nullable U value,
            @Nullable Throwable error) {
        boolean cancelNow = false;
        lock.lock();
        try {
            // After a cancel, late outcomes are not reported: the subtask stays UNAVAILABLE.
            if (ran && cancelled == null) {
                if (error == null) {
                    subtask.succeeded(value);
                } else {
                    subtask.failed(error);
                }
                cancelNow = policy(() -> joiner.onComplete(subtask));
            }
            unfinished.remove(subtask);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (cancelNow) {
            cancel(Cancel.POLICY);
        }
    }

    /** Runs a policy callback (under the lock); a policy that throws cancels the scope and fails join. */
    private boolean policy(PolicyCall call) {
        try {
            return call.run();
        } catch (Throwable e) {
            if (joinerError == null) {
                joinerError = e;
            }
            return true;
        }
    }

    @FunctionalInterface
    private interface PolicyCall {
        boolean run();
    }

    private void cancel(Cancel why) {
        List<Task> toCancel = new ArrayList<>();
        lock.lock();
        try {
            if (cancelled != null) {
                return;
            }
            cancelled = why;
            for (ForkedSubtask<?> s : unfinished) {
                toCancel.add(s.task);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Task t : toCancel) {
            t.cancel(true);
        }
    }

    /**
     * Waits until every subtask has completed or the scope is cancelled, then returns the
     * policy's result. May be called once.
     *
     * @return the policy's result ({@code null} for the default policy)
     * @throws InterruptedException if the owner thread is interrupted while waiting (the scope
     *     stays open; close cancels it)
     * @throws TaskScopeTimeoutException if the scope's timeout passed
     * @throws CancelledException if the scope was cancelled with the task that owns it
     * @throws CheckedFailureException if the policy failed with a checked exception (for the
     *     default policy: the first subtask failure); unchecked ones are thrown as they are
     * @throws WrongThreadException if the caller is not the owner thread
     * @throws IllegalStateException if join was already called or the scope is closed
     */
    public R join() throws InterruptedException {
        checkOwner("join");
        Cancel why;
        Task t = ownerTask;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("task scope " + name + " is closed");
            }
            if (joined) {
                throw new IllegalStateException("task scope " + name + " has already been joined");
            }
            joined = true;
            if (t != null) {
                t.beginJoin();
            }
            try {
                while (!unfinished.isEmpty() && cancelled == null) {
                    changed.await();
                }
            } finally {
                if (t != null) {
                    t.endJoin();
                }
            }
            why = cancelled;
        } finally {
            lock.unlock();
        }
        if (why == Cancel.TIMEOUT) {
            throw new TaskScopeTimeoutException(name, Objects.requireNonNull(timeout));
        }
        if (why == Cancel.OWNER) {
            throw new CancelledException("task scope " + name + " was cancelled with the task that owns it");
        }
        try {
            Throwable policyError = joinerError;
            if (policyError != null) {
                throw policyError;
            }
            return joiner.result();
        } catch (Throwable e) {
            throw Failures.rethrow(e, "TaskScope.join");
        }
    }

    /**
     * Whether the scope has been cancelled (by its policy, its timeout, its owner's task or
     * close).
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        lock.lock();
        try {
            return cancelled != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels unfinished subtasks and waits for all of them to end (without a time limit: no
     * thread outlives its scope). Calling it again does nothing.
     *
     * @throws WrongThreadException if the caller is not the owner thread
     * @throws IllegalStateException after closing, if subtasks were forked but join was never
     *     called (a lost result is a bug)
     */
    @Override
    public void close() {
        checkOwner("close");
        lock.lock();
        try {
            if (closed) {
                return;
            }
        } finally {
            lock.unlock();
        }
        cancel(Cancel.CLOSE);
        boolean forgotJoin;
        List<Thread> started;
        lock.lock();
        try {
            while (!unfinished.isEmpty()) {
                changed.awaitUninterruptibly();
            }
            closed = true;
            forgotJoin = forkCount > 0 && !joined;
            started = List.copyOf(threads);
            threads.clear();
        } finally {
            lock.unlock();
        }
        for (Thread t : started) {
            TaskThreads.joinUninterruptibly(t);
        }
        stopTimer();
        Task t = ownerTask;
        if (t != null) {
            t.removeScope(link);
        }
        if (forgotJoin) {
            throw new IllegalStateException("task scope " + name + " was closed without join after forking "
                    + forkCount + " subtask(s)");
        }
    }

    private void stopTimer() {
        Thread th = timer;
        if (th != null) {
            th.interrupt();
            TaskThreads.joinUninterruptibly(th);
        }
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException(what + " may only be called by the thread that opened task scope " + name
                    + " (" + owner.getName() + "), not by " + Thread.currentThread().getName()
                    + "; a subtask that needs subtasks of its own opens a nested scope");
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "TaskScope[" + name + ", forked=" + forkCount + ", running=" + unfinished.size()
                    + (cancelled != null ? ", cancelled (" + cancelled + ")" : "") + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }

    /** The scope as the owner's task sees it. */
    private final class Link implements ScopeLink {
        @Override
        public void cancelFromOwner() {
            cancel(Cancel.OWNER);
        }

        @Override
        public void closeLeftOpen() {
            LOG.log(Level.WARNING, "task scope {0} was left open when its task ended; closing it", name);
            try {
                close();
            } catch (IllegalStateException forgotJoin) {
                LOG.log(Level.WARNING, forgotJoin.getMessage());
            }
        }
    }
}
