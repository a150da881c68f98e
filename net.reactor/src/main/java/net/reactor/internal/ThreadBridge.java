package net.reactor.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.reactor.ReactorNotRunningException;
import net.threadpool.BlockingTasks;
import net.threadpool.VirtualThreadPool;

/**
 * The reactor's side of blocking work: {@code callInThread} and {@code deferToThread} run on a
 * bounded {@link VirtualThreadPool} and come back through {@code callFromThread};
 * {@code blockingCallFromThread} goes the other way and parks the calling thread.
 *
 * <p>{@code blockingCallFromThread} is the façade's {@code await} with the reactor named: when the
 * reactor stops, pending calls fail with {@link ReactorNotRunningException} (so no caller hangs,
 * unlike Twisted's issue #10124), as every {@code Blocking.await} does; the pool shuts down with a
 * bound.
 */
final class ThreadBridge {
    private final SelectReactor reactor;
    private final String name;
    private final VirtualThreadPool pool;
    private volatile boolean stopped;

    ThreadBridge(SelectReactor reactor, String name, int poolSize) {
        this.reactor = reactor;
        this.name = name;
        this.pool = new VirtualThreadPool(name + "-pool", poolSize);
    }

    VirtualThreadPool pool() {
        return pool;
    }

    void callInThread(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            pool.execute(new BoundTask(reactor.blockingTasks(), task));
        } catch (RejectedExecutionException e) {
            reactor.log().log(Level.DEBUG, "reactor {0} has stopped; ignoring callInThread task {1}", name, task);
        }
    }

    /**
     * deferToThread is the façade's deferToThreadPool on the reactor's own pool: one
     * implementation of "run on a pool thread, fire on the reactor thread", and the task gets the
     * reactor bound (so {@code Blocking.await} works inside it) and the façade's cancel actions.
     */
    <T> Deferred<T> deferToThread(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        if (stopped || pool.isShutdown()) {
            return Deferred.fail(new ReactorNotRunningException("reactor " + name + " has stopped; its thread pool"
                    + " accepts no more work"));
        }
        return reactor.blockingTasks().deferToThreadPool(pool, task);
    }

    /** callInThread's work, run with the reactor bound so the façade's await works inside it. */
    private record BoundTask(BlockingTasks tasks, Runnable task) implements Runnable {
        @Override
        public void run() {
            tasks.runBound(task);
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /**
     * Waits through the façade's one implementation of "wait off the loop for a Deferred of the
     * loop" ({@link BlockingTasks#await(ThrowingSupplier)}), so that blockingCallFromThread and
     * {@code Blocking.await} share their rules: failures (checked ones wrapped in
     * CheckedFailureException), interrupts, cancellation of the awaiting task, and failing at
     * shutdown, which the reactor's {@link net.threadpool.spi.TaskRegistry#shutdown} does for
     * every waiting thread.
     */
    <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        if (reactor.isReactorThread()) {
            throw new WrongThreadException("blockingCallFromThread was called on the reactor thread of " + name
                    + ", where waiting would deadlock; call the function directly and add callbacks to its Deferred");
        }
        if (stopped) {
            // The façade would refuse too, once the reactor has shut it down; this also covers the
            // stretch between the loop's end and that shutdown, with the reactor's own words.
            throw new ReactorNotRunningException("reactor " + name + " has stopped");
        }
        return reactor.blockingTasks().await(call);
    }

    /**
     * The reactor stopped: new blockingCallFromThread calls are refused at once. Calls already
     * waiting are failed by {@link net.threadpool.spi.TaskRegistry#shutdown}, which the reactor
     * calls next, along with every other thread waiting in the façade.
     */
    void failPendingCalls() {
        stopped = true;
    }

    /** Shuts the pool down, waiting at most {@code timeout} (twice: see VirtualThreadPool.shutdown). */
    void shutdownPool(Duration timeout) {
        if (!pool.shutdown(timeout)) {
            reactor.log().log(Level.WARNING, "reactor {0}: thread pool tasks still running after interrupt: {1}",
                    name, pool);
        }
    }
}
