package net.threadpool.internal;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.threadpool.PoolTask;
import net.threadpool.VirtualThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * One {@code deferToThreadPool} call: runs on a thread of a {@link VirtualThreadPool} with its
 * loop bound, and reports back through the loop. Cancelling its Deferred before it runs frees
 * its place in the pool's queue; once it runs, cancels the task (awaited Deferred, cancel action
 * or interrupt); either way the Deferred fails at once, as Twisted's {@code deferToThread}'s does,
 * and what the task produces later is dropped.
 *
 * @param <T> the result type
 */
final class PooledCall<T extends @Nullable Object> implements Runnable {
    private final LoopTasks owner;
    private final Task task;
    private final Callable<T> callable;
    private @Nullable Deferred<T> deferred;
    private volatile @Nullable PoolTask handle;

    private PooledCall(LoopTasks owner, Task task, Callable<T> callable) {
        this.owner = owner;
        this.task = task;
        this.callable = callable;
    }

    /**
     * Queues {@code work} on {@code pool}.
     *
     * @param owner the loop's tasks
     * @param pool the pool that runs the work
     * @param work the blocking work
     * @param <T> the result type
     * @return fires on the loop thread with the work's result or failure; fails with
     *     {@link RejectedExecutionException} if the pool is shut down
     */
    static <T extends @Nullable Object> Deferred<T> start(LoopTasks owner, VirtualThreadPool pool, Callable<T> work) {
        PooledCall<T> call = new PooledCall<>(owner, new Task(String.valueOf(work), owner.threads()), work);
        Deferred<T> d = new Deferred<>(ignored -> call.cancel());
        call.deferred = d;
        try {
            call.handle = pool.execute(call);
        } catch (RejectedExecutionException e) {
            return Deferred.fail(e);
        }
        return d;
    }

    @Override
    public void run() {
        if (!task.start()) {
            return; // cancelled while queued: the Deferred has already failed
        }
        Outcome<T> outcome;
        try {
            outcome = Outcome.success(owner.callAsTask(task, callable));
        } catch (Throwable e) {
            outcome = Outcome.failed(e);
        } finally {
            task.finish();
        }
        Outcome<T> result = outcome;
        owner.loop().callFromThread(() -> deliver(result));
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

    private void cancel() {
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
