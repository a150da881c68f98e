package net.threadpool;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import net.threadpool.internal.Conditions;
import org.jspecify.annotations.Nullable;

/**
 * Runs blocking work on virtual threads, at most {@link #maxThreads()} at a time; work beyond the
 * bound waits in FIFO order. A virtual thread that finishes a task takes the next waiting one, so
 * a burst of work does not start more threads than the bound.
 *
 * <p>Threads are named {@code <name>-<n>}. An exception thrown by a task is logged (with its
 * stack trace, through {@link System.Logger}) and does not affect other tasks.
 *
 * <p>{@link #shutdown(Duration)} is orderly and bounded: new work is refused, work already
 * accepted (running or waiting) may finish within the timeout; whatever remains is then
 * cancelled (waiting work is dropped, running work interrupted).
 *
 * <p><b>Threading:</b> every method is safe from any thread.
 *
 * {@snippet :
 * VirtualThreadPool pool = new VirtualThreadPool("db", 10);
 * pool.execute(() -> runBlockingQuery());
 * pool.shutdown(Duration.ofSeconds(5));
 * }
 */
public final class VirtualThreadPool {
    private static final System.Logger LOG = System.getLogger(VirtualThreadPool.class.getName());

    private final String name;
    private final ThreadFactory threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Task> waiting = new ArrayDeque<>();
    private final Set<Task> running = new HashSet<>();
    private int maxThreads;
    private boolean shutdown;
    private long submitted;
    private long completed;
    private long failed;
    private long cancelled;

    /**
     * Creates a pool. No thread starts until work arrives.
     *
     * @param name prefix of the worker threads' names
     * @param maxThreads how many tasks may run at once, at least 1
     * @throws IllegalArgumentException if {@code maxThreads} is below 1
     */
    public VirtualThreadPool(String name, int maxThreads) {
        this.name = Objects.requireNonNull(name, "name");
        this.maxThreads = checkMax(maxThreads);
        this.threads = Thread.ofVirtual().name(name + "-", 1).factory();
    }

    private static int checkMax(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1, got " + maxThreads);
        }
        return maxThreads;
    }

    /**
     * The pool's name, the prefix of its threads' names.
     *
     * @return the name given at construction
     */
    public String name() {
        return name;
    }

    /**
     * Queues {@code work} to run on a virtual thread, at once if fewer than {@link #maxThreads()}
     * tasks run, otherwise after the tasks queued before it.
     *
     * @param work the blocking work
     * @return a handle to cancel the work
     * @throws RejectedExecutionException if the pool is shut down
     */
    public PoolTask execute(Runnable work) {
        Objects.requireNonNull(work, "work");
        Task task = new Task(work);
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("thread pool " + name + " is shut down");
            }
            submitted++;
            if (running.size() < maxThreads) {
                prepareWorker(task);
            } else {
                waiting.add(task);
                return task;
            }
        } finally {
            lock.unlock();
        }
        startWorker(task);
        return task;
    }

    /** Marks {@code first} running on a new (not yet started) thread; caller holds the lock. */
    private void prepareWorker(Task first) {
        first.state = Task.RUNNING;
        first.thread = threads.newThread(() -> workerLoop(first));
        running.add(first);
    }

    private void startWorker(Task first) {
        try {
            Thread t = first.thread;
            if (t == null) {
                throw new IllegalStateException("worker not prepared");
            }
            t.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            lock.lock();
            try {
                running.remove(first);
                first.state = Task.DONE;
                failed++;
                idle.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    private void workerLoop(Task first) {
        Task task = first;
        while (task != null) {
            boolean ok = runOne(task);
            task = finishAndTakeNext(task, ok);
        }
    }

    private boolean runOne(Task task) {
        try {
            task.work.run();
            return true;
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "task in thread pool " + name + " failed", e);
            return false;
        }
    }

    private @Nullable Task finishAndTakeNext(Task done, boolean ok) {
        lock.lock();
        try {
            // Clear an interrupt aimed at the finished task, under the lock that cancel() takes,
            // so it cannot leak into the next task this thread runs.
            Thread.interrupted();
            running.remove(done);
            if (done.state == Task.RUNNING) {
                done.state = Task.DONE;
            }
            if (ok) {
                completed++;
            } else {
                failed++;
            }
            Task next = running.size() < maxThreads ? waiting.poll() : null;
            if (next != null) {
                next.state = Task.RUNNING;
                next.thread = Thread.currentThread();
                running.add(next);
            } else if (running.isEmpty() && waiting.isEmpty()) {
                idle.signalAll();
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes how many tasks may run at once. Raising it starts waiting work at once; lowering it
     * lets running tasks finish and starts no new ones until fewer than the bound run.
     *
     * @param maxThreads the new bound, at least 1
     * @throws IllegalArgumentException if {@code maxThreads} is below 1
     */
    public void setMaxThreads(int maxThreads) {
        checkMax(maxThreads);
        ArrayDeque<Task> toStart = new ArrayDeque<>();
        lock.lock();
        try {
            this.maxThreads = maxThreads;
            while (running.size() < maxThreads && !waiting.isEmpty()) {
                Task t = waiting.poll();
                prepareWorker(t);
                toStart.add(t);
            }
        } finally {
            lock.unlock();
        }
        for (Task t : toStart) {
            startWorker(t);
        }
    }

    /**
     * How many tasks may run at once.
     *
     * @return the bound
     */
    public int maxThreads() {
        lock.lock();
        try {
            return maxThreads;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many tasks are running now.
     *
     * @return the number of busy virtual threads
     */
    public int activeCount() {
        lock.lock();
        try {
            return running.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many tasks wait for a thread.
     *
     * @return the queue length
     */
    public int queuedCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot of the pool's counters.
     *
     * @return the counters now
     */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(submitted, completed, failed, cancelled, running.size(), waiting.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counters of a {@link VirtualThreadPool}.
     *
     * @param submitted tasks accepted by {@link #execute}
     * @param completed tasks that returned normally
     * @param failed tasks that threw
     * @param cancelled tasks cancelled before they ran
     * @param active tasks running now
     * @param queued tasks waiting now
     */
    public record Stats(long submitted, long completed, long failed, long cancelled, int active, int queued) {}

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return true once the pool refuses new work
     */
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new work and waits up to {@code timeout} for running and waiting work to finish;
     * then drops what still waits, interrupts what still runs, and waits up to {@code timeout}
     * again for those threads to end. Calling it again waits again.
     *
     * @param timeout how long to wait in each of the two steps
     * @return true if no task runs or waits any more
     */
    public boolean shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        lock.lock();
        try {
            shutdown = true;
            if (awaitIdle(timeout)) {
                return true;
            }
            int dropped = waiting.size();
            for (Task t : waiting) {
                t.state = Task.CANCELLED;
                cancelled++;
            }
            waiting.clear();
            for (Task t : running) {
                Thread th = t.thread;
                if (th != null) {
                    th.interrupt();
                }
            }
            LOG.log(Level.WARNING, "thread pool {0}: {1} task(s) still running after {2}, interrupted;"
                    + " {3} waiting task(s) dropped", name, running.size(), timeout, dropped);
            if (awaitIdle(timeout)) {
                return true;
            }
            for (Task t : running) {
                Thread th = t.thread;
                Throwable where = new Throwable("stack of " + (th == null ? "its thread" : th.getName()));
                if (th != null) {
                    where.setStackTrace(th.getStackTrace());
                }
                LOG.log(Level.WARNING, "thread pool " + name + ": task " + t.work + " is still running "
                        + timeout + " after it was interrupted; it ignores interruption", where);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no task runs or waits, for at most {@code timeout}.
     *
     * @param timeout the bound
     * @return true if the pool is idle
     */
    public boolean awaitIdle(Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            return Conditions.awaitUninterruptibly(idle, () -> running.isEmpty() && waiting.isEmpty(), nanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "VirtualThreadPool[" + name + ", max=" + maxThreads() + ", active=" + s.active() + ", queued="
                + s.queued() + "]";
    }

    /** One submitted task; its state is guarded by the pool's lock. */
    private final class Task implements PoolTask {
        static final int WAITING = 0;
        static final int RUNNING = 1;
        static final int DONE = 2;
        static final int CANCELLED = 3;

        final Runnable work;
        int state = WAITING;
        @Nullable Thread thread;

        Task(Runnable work) {
            this.work = work;
        }

        @Override
        public boolean cancel() {
            lock.lock();
            try {
                switch (state) {
                    case WAITING -> {
                        waiting.remove(this);
                        state = CANCELLED;
                        cancelled++;
                        if (running.isEmpty() && waiting.isEmpty()) {
                            idle.signalAll();
                        }
                        return true;
                    }
                    case RUNNING -> {
                        state = CANCELLED;
                        Thread t = thread;
                        if (t != null) {
                            t.interrupt();
                        }
                        return true;
                    }
                    default -> {
                        return false;
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isDone() {
            lock.lock();
            try {
                return state == DONE || state == CANCELLED && !running.contains(this);
            } finally {
                lock.unlock();
            }
        }
    }
}
