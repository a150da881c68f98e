package net.threadpool.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import net.threadpool.BlockingTasks;
import net.threadpool.LoopExecutor;
import net.threadpool.internal.Awaits;
import net.threadpool.internal.Context;
import net.threadpool.internal.LoopTasks;
import net.threadpool.internal.TaskThreads;
import net.threadpool.internal.Timeouts;

/**
 * The blocking work of one loop, as the loop that owns it sees it: the loop creates it, hands
 * out its {@link #tasks()} (the user's view) from {@link LoopExecutor#blockingTasks()}, runs its
 * event loop inside {@link #runAsReactorThread}, and calls {@link #shutdown} when it stops.
 * None of this is for users, so this package is exported to {@code net.reactor} only.
 *
 * {@snippet :
 * private final TaskRegistry blockingTasks = new TaskRegistry(name, this);
 *
 * public BlockingTasks blockingTasks() { return blockingTasks.tasks(); }
 *
 * void loop() { blockingTasks.runAsReactorThread(this::runLoop); }
 *
 * void stopped() { blockingTasks.shutdown(timeout, () -> new ReactorNotRunningException("...")); }
 * }
 *
 * <p><b>Threading:</b> {@link #runAsReactorThread} on the loop's thread; the rest on any thread.
 */
public final class TaskRegistry {
    private final Awaits awaits;
    private final TaskThreads threads;
    private final LoopTasks tasks;

    /**
     * Creates the registry of a loop; the loop calls this once.
     *
     * @param name prefix of the names of the threads started for the loop, normally its name
     * @param loop the loop
     */
    public TaskRegistry(String name, LoopExecutor loop) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loop, "loop");
        this.awaits = new Awaits(loop);
        this.threads = new TaskThreads(name, loop);
        this.tasks = new LoopTasks(name, loop, awaits, threads);
    }

    /**
     * The loop's blocking façade, for {@link LoopExecutor#blockingTasks()}.
     *
     * @return the same object on every call
     */
    public BlockingTasks tasks() {
        return tasks;
    }

    /**
     * Runs the loop's body on the calling thread, marked as a reactor thread: the façade then
     * refuses to block it ({@link WrongThreadException} from await, join and task scopes) even
     * for another loop's Deferreds, and runs cancel actions started on it on other threads.
     *
     * @param loopBody the event loop
     */
    public void runAsReactorThread(Runnable loopBody) {
        Objects.requireNonNull(loopBody, "loopBody");
        ScopedValue.where(Context.LOOP_THREAD, tasks).run(loopBody);
    }

    /**
     * Called by the loop when it stops (after its last turn): every thread waiting in an await
     * gets {@code reason}, and later spawns and awaits fail with it; then spawned tasks get up to
     * {@code timeout} to finish, the rest are cancelled (their awaited Deferred, their cancel
     * action, or an interrupt) and get {@code timeout} again; a task still running after that is
     * logged, by name and with its thread's stack, as a warning. Calling it again waits again.
     *
     * @param timeout how long each of the two waits may take
     * @param reason makes the exception that pending and later awaits fail with, such as the
     *     reactor's ReactorNotRunningException
     * @return true if no spawned task runs any more
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean shutdown(Duration timeout, Supplier<? extends RuntimeException> reason) {
        Timeouts.check(timeout);
        Objects.requireNonNull(reason, "reason");
        threads.stop(reason);
        // Fails pending awaits first: a spawned task that awaits can then end within the wait.
        awaits.stop(reason);
        if (threads.awaitIdle(timeout)) {
            threads.joinExiting();
            return true;
        }
        threads.cancelAll();
        if (threads.awaitIdle(timeout)) {
            threads.joinExiting();
            return true;
        }
        threads.logStillRunning(timeout);
        return false;
    }

    /**
     * Waits until no spawned task (and no cancel action) runs, for at most {@code timeout}.
     *
     * @param timeout the bound
     * @return true if none runs
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean awaitIdle(Duration timeout) {
        return threads.awaitIdle(timeout);
    }

    /**
     * Whether {@link #shutdown} was called.
     *
     * @return true once spawn and await are refused
     */
    public boolean isShutdown() {
        return awaits.isStopped();
    }

    @Override
    public String toString() {
        return "TaskRegistry[" + tasks + "]";
    }
}
