package net.threadpool.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import net.deferred.ThrowingRunnable;
import net.threadpool.BlockingTasks;
import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The threads one loop starts for blocking work, tracked so that the loop's shutdown can wait
 * for them, cancel them, and name those that ignore cancelling: spawned tasks (on threads named
 * {@code <name>-spawn-<n>}) and cancel actions that had to leave the loop thread
 * ({@code <name>-cancel-<n>}). It is the {@link CancelRunner} of the loop's tasks.
 *
 * <p><b>Threading:</b> every method is safe from any thread; {@link #ended} runs on the task's
 * own thread.
 */
public final class TaskThreads implements CancelRunner {
    private static final System.Logger LOG = System.getLogger("net.threadpool");

    private final String name;
    private final LoopExecutor loop;
    private final ThreadFactory spawnThreads;
    private final ThreadFactory cancelThreads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Task> running = new LinkedHashSet<>();
    private final Set<Thread> cancelling = new HashSet<>();
    /** Threads of ended tasks that may still be unwinding; shutdown joins them. */
    private final Set<Thread> exiting = new HashSet<>();
    private final IdleCondition idle = new IdleCondition(lock, () -> running.isEmpty() && cancelling.isEmpty());
    private volatile @Nullable Supplier<? extends RuntimeException> stopped;
    private long spawned;
    private long completed;
    private long failed;

    /**
     * Creates the tracker of a loop's task threads.
     *
     * @param name prefix of the threads' names, normally the loop's name
     * @param loop the loop, whose thread never runs a cancel action
     */
    public TaskThreads(String name, LoopExecutor loop) {
        this.name = name;
        this.loop = loop;
        this.spawnThreads = Thread.ofVirtual().name(name + "-spawn-", 1).factory();
        this.cancelThreads = Thread.ofVirtual().name(name + "-cancel-", 1).factory();
    }

    /**
     * Why new tasks are refused, once the loop has stopped.
     *
     * @return the exception to fail a new task with, or null while tasks may start
     */
    public @Nullable RuntimeException refusal() {
        Supplier<? extends RuntimeException> stop = stopped;
        return stop == null ? null : stop.get();
    }

    /**
     * Starts {@code body}, the work of task {@code t}, on a new virtual thread; the task counts as
     * running until {@code body} calls {@link #ended}.
     *
     * @param t the task
     * @param body runs the task and ends with {@link #ended}
     */
    public void start(Task t, Runnable body) {
        Thread thread = spawnThreads.newThread(body);
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
            lock.lock();
            try {
                running.remove(t);
                failed++;
                idle.signalIfIdle();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /**
     * On the task's thread, as its last step: the task no longer counts as running.
     *
     * @param t the task
     * @param ok whether it returned a value (rather than threw)
     */
    public void ended(Task t, boolean ok) {
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
            idle.signalIfIdle();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run(String taskName, ThrowingRunnable action) {
        if (!ThreadRules.onReactorThread(loop)) {
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
                    idle.signalIfIdle();
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

    /**
     * A snapshot of the counters.
     *
     * @param waiting how many threads wait in an await of the loop now
     * @return the counters, with {@code waiting}
     */
    public BlockingTasks.Stats stats(int waiting) {
        lock.lock();
        try {
            return new BlockingTasks.Stats(spawned, completed, failed, running.size(), waiting);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no task and no cancel action runs, for at most {@code timeout}.
     *
     * @param timeout the bound
     * @return true if none runs
     */
    public boolean awaitIdle(Duration timeout) {
        return idle.await(timeout);
    }

    /**
     * The loop stopped: later tasks are refused with {@code reason} (the first reason given
     * stays).
     *
     * @param reason makes the exception new tasks fail with
     */
    public void stop(Supplier<? extends RuntimeException> reason) {
        if (stopped == null) {
            stopped = reason;
        }
    }

    /** Cancels every running task (as cancelling its Deferred would). */
    public void cancelAll() {
        for (Task t : runningTasks()) {
            t.cancel(false);
        }
    }

    /**
     * Logs each task still running, by name and with its thread's stack, as a warning.
     *
     * @param timeout how long shutdown waited before and after cancelling, for the message
     */
    public void logStillRunning(Duration timeout) {
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
    }

    /** Waits for the threads of ended tasks to terminate, so none outlives the shutdown. */
    public void joinExiting() {
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
                joinUninterruptibly(t);
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

    /**
     * Joins a thread that has finished (or is about to); keeps an interrupt for later.
     *
     * @param t the thread
     */
    public static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
