package net.threadpool.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import net.deferred.ThrowingRunnable;
import org.jspecify.annotations.Nullable;

/**
 * One cancellable piece of blocking-style work on one thread: a spawned task, a
 * deferToThreadPool call or a task-scope subtask.
 *
 * <p>Cancelling it cancels the task scopes its thread has open; then, if the thread waits in an
 * await, the awaited Deferred is cancelled (its canceller runs and the failure surfaces at the
 * await); if it waits in a scope's join, the scope's cancellation wakes it; otherwise the cancel
 * action the task installed runs, or, with none, the thread is interrupted.
 *
 * <p>A plain cancel is one-shot (as Twisted's: the task may catch the CancelledException and
 * carry on). A scope's cancel is sticky: every later await of the task fails at once.
 */
public final class Task {
    private static final System.Logger LOG = System.getLogger("net.threadpool");
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final String name;
    private final CancelRunner cancelRunner;
    private final ReentrantLock lock = new ReentrantLock();
    private int state = NEW;
    private @Nullable Thread thread;
    private boolean cancelledBeforeStart;
    private boolean sticky;
    private @Nullable Wait<?> waiting;
    private int joining;
    private @Nullable ThrowingRunnable cancelAction;
    private final List<ScopeLink> scopes = new ArrayList<>(0);

    /**
     * Creates a task that has not started.
     *
     * @param name describes the task in logs
     * @param cancelRunner runs the task's cancel action (off the reactor thread)
     */
    public Task(String name, CancelRunner cancelRunner) {
        this.name = name;
        this.cancelRunner = cancelRunner;
    }

    /**
     * The task's description.
     *
     * @return the name given at creation
     */
    public String name() {
        return name;
    }

    /**
     * On the task's own thread, before running the work.
     *
     * @return false if the task was cancelled before it started: do not run the work
     */
    public boolean start() {
        lock.lock();
        try {
            if (cancelledBeforeStart) {
                state = DONE;
                return false;
            }
            state = RUNNING;
            thread = Thread.currentThread();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the task's own thread, after the work: closes scopes the work left open, then marks the
     * task done so that no later cancel interrupts the thread (which a pool may reuse).
     */
    public void finish() {
        List<ScopeLink> left;
        lock.lock();
        try {
            left = List.copyOf(scopes);
        } finally {
            lock.unlock();
        }
        for (int i = left.size() - 1; i >= 0; i--) {
            left.get(i).closeLeftOpen();
        }
        lock.lock();
        try {
            state = DONE;
            waiting = null;
            scopes.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels the task (any thread).
     *
     * @param stickyCancel true for a scope's cancel: later awaits of the task fail at once
     * @return true if the task had not started, so it never will
     */
    public boolean cancel(boolean stickyCancel) {
        List<ScopeLink> open;
        Wait<?> w;
        boolean inJoin;
        lock.lock();
        try {
            if (state == DONE) {
                return false;
            }
            if (stickyCancel) {
                sticky = true;
            }
            if (state == NEW) {
                cancelledBeforeStart = true;
                return true;
            }
            open = List.copyOf(scopes);
            w = waiting;
            inJoin = joining > 0;
        } finally {
            lock.unlock();
        }
        for (ScopeLink s : open) {
            s.cancelFromOwner();
        }
        if (w != null) {
            w.cancelForTask(this);
        } else if (!inJoin || open.isEmpty()) {
            interruptOrRunCancelAction();
        }
        return false;
    }

    /** Interrupts the running thread, or runs the installed cancel action instead. */
    void interruptOrRunCancelAction() {
        ThrowingRunnable action;
        lock.lock();
        try {
            if (state != RUNNING) {
                return;
            }
            action = cancelAction;
            if (action == null) {
                // Under the lock, and only while RUNNING: a pooled thread is never interrupted
                // after finish(), so the interrupt cannot leak into the pool's next task.
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        cancelRunner.run(name, action);
    }

    /**
     * Runs a cancel action, logging what it throws.
     *
     * @param name the task's name, for the log
     * @param action the action
     */
    public static void runCancelAction(String name, ThrowingRunnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "the cancel action of task " + name + " failed", e);
        }
    }

    /**
     * On the task's thread: an await begins.
     *
     * @param w the wait
     * @return true if the task was cancelled by its scope: cancel the awaited Deferred at once
     */
    public boolean beginWait(Wait<?> w) {
        lock.lock();
        try {
            waiting = w;
            return sticky;
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the task's thread: the await has its result.
     *
     * @param w the wait that ended
     */
    public void endWait(Wait<?> w) {
        lock.lock();
        try {
            if (waiting == w) {
                waiting = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** On the task's thread: it starts waiting in a scope's join. */
    public void beginJoin() {
        lock.lock();
        try {
            joining++;
        } finally {
            lock.unlock();
        }
    }

    /** On the task's thread: the join returned. */
    public void endJoin() {
        lock.lock();
        try {
            joining--;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Installs the action that cancelling runs instead of interrupting.
     *
     * @param action the action, or null to go back to interrupting
     * @return the previous action
     */
    public @Nullable ThrowingRunnable setCancelAction(@Nullable ThrowingRunnable action) {
        lock.lock();
        try {
            ThrowingRunnable previous = cancelAction;
            cancelAction = action;
            return previous;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a scope opened by this task's thread.
     *
     * @param scope the scope
     * @return false if the task is already cancelled by its scope: cancel the new scope at once
     */
    public boolean addScope(ScopeLink scope) {
        lock.lock();
        try {
            scopes.add(scope);
            return !sticky;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets a closed scope.
     *
     * @param scope the scope
     */
    public void removeScope(ScopeLink scope) {
        lock.lock();
        try {
            scopes.remove(scope);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The thread running the task, for diagnostics.
     *
     * @return the thread, or null before it started
     */
    public @Nullable Thread thread() {
        lock.lock();
        try {
            return thread;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
