package net.threadpool.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.threadpool.BlockingTasks;
import net.threadpool.LoopExecutor;
import net.threadpool.VirtualThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link BlockingTasks}: the blocking façade of one loop, put together
 * from its parts ({@link Awaits} for waiting, {@link SpawnedTask} and {@link TaskThreads} for
 * spawning, {@link PooledCall} for pool calls) and bound to the threads that run its work, as
 * {@link Context#LOOP}. Created by {@code net.threadpool.spi.TaskRegistry}, which keeps the
 * loop's own operations (marking its thread, shutdown).
 */
public final class LoopTasks implements BlockingTasks {
    private final String name;
    private final LoopExecutor loop;
    private final Awaits awaits;
    private final TaskThreads threads;

    /**
     * Puts the façade of a loop together.
     *
     * @param name the loop's name
     * @param loop the loop
     * @param awaits the loop's waits
     * @param threads the loop's task threads
     */
    public LoopTasks(String name, LoopExecutor loop, Awaits awaits, TaskThreads threads) {
        this.name = name;
        this.loop = loop;
        this.awaits = awaits;
        this.threads = threads;
    }

    @Override
    public <T extends @Nullable Object> T await(Deferred<T> deferred) {
        Objects.requireNonNull(deferred, "deferred");
        return awaits.await(deferred, null);
    }

    @Override
    public <T extends @Nullable Object> T await(Deferred<T> deferred, Duration timeout) {
        Objects.requireNonNull(deferred, "deferred");
        return awaits.await(deferred, Timeouts.check(timeout));
    }

    @Override
    public <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        return awaits.await(call, null);
    }

    @Override
    public <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call, Duration timeout) {
        Objects.requireNonNull(call, "call");
        return awaits.await(call, Timeouts.check(timeout));
    }

    @Override
    public <T extends @Nullable Object> Deferred<T> spawn(Callable<T> task) {
        return spawn(String.valueOf(task), task);
    }

    @Override
    public <T extends @Nullable Object> Deferred<T> spawn(String description, Callable<T> task) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(task, "task");
        ThreadRules.checkDeferredThread(loop, "spawn");
        return SpawnedTask.start(this, description, task);
    }

    @Override
    public <T extends @Nullable Object> Deferred<T> deferToThreadPool(VirtualThreadPool pool, Callable<T> task) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(task, "task");
        ThreadRules.checkDeferredThread(loop, "deferToThreadPool");
        return PooledCall.start(this, pool, task);
    }

    @Override
    public <T extends @Nullable Object> T callBound(Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        return ScopedValue.where(Context.LOOP, this).call(task::call);
    }

    @Override
    public void runBound(Runnable task) {
        Objects.requireNonNull(task, "task");
        ScopedValue.where(Context.LOOP, this).run(task);
    }

    @Override
    public Stats stats() {
        return threads.stats(awaits.count());
    }

    /**
     * The loop's name (in task events and logs).
     *
     * @return the name given at creation
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

    /**
     * Runs the cancel actions of this loop's tasks (and of task scopes opened in them) off the
     * loop thread.
     *
     * @return the runner
     */
    public CancelRunner cancelRunner() {
        return threads;
    }

    /** Runs {@code work} on the calling thread as task {@code t}, with this loop bound. */
    <T extends @Nullable Object> T callAsTask(Task t, Callable<T> work) throws Exception {
        return ScopedValue.where(Context.LOOP, this).where(Context.TASK, t).call(work::call);
    }

    TaskThreads threads() {
        return threads;
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "BlockingTasks[" + name + ", running=" + s.running() + ", waiting=" + s.waiting() + "]";
    }
}
