package net.reactor.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import net.deferred.Canceller;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.reactor.ReactorNotRunningException;
import net.threadpool.PoolTask;
import net.threadpool.VirtualThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The reactor's side of blocking work: {@code callInThread} and {@code deferToThread} run on a
 * bounded {@link VirtualThreadPool} and come back through {@code callFromThread};
 * {@code blockingCallFromThread} goes the other way and parks the calling thread.
 *
 * <p>When the reactor stops, pending {@code blockingCallFromThread} calls fail with
 * {@link ReactorNotRunningException} (so no caller hangs, unlike Twisted's issue #10124) and the
 * pool shuts down with a bound.
 */
final class ThreadBridge {
    private final SelectReactor reactor;
    private final String name;
    private final VirtualThreadPool pool;
    /** Waiting blockingCallFromThread calls, failed when the reactor stops. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
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
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            reactor.log().log(Level.DEBUG, "reactor {0} has stopped; ignoring callInThread task {1}", name, task);
        }
    }

    <T> Deferred<T> deferToThread(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        ThreadTask<T> work = new ThreadTask<>(task);
        Deferred<T> d = new Deferred<>(work);
        work.deferred = d;
        try {
            work.handle = pool.execute(work);
        } catch (RejectedExecutionException e) {
            return Deferred.fail(new ReactorNotRunningException("reactor " + name + " has stopped; its thread pool"
                    + " accepts no more work"));
        }
        return d;
    }

    /** deferToThread's work: runs on a pool thread, reports back through callFromThread. */
    private final class ThreadTask<T> implements Runnable, Canceller<T> {
        private final Callable<T> callable;
        @Nullable Deferred<T> deferred;
        @Nullable PoolTask handle;

        ThreadTask(Callable<T> callable) {
            this.callable = callable;
        }

        @Override
        public void run() {
            Outcome<T> outcome;
            try {
                outcome = Outcome.success(callable.call());
            } catch (Throwable e) {
                outcome = Outcome.failed(e);
            }
            Outcome<T> result = outcome;
            reactor.callFromThread(() -> deliver(result));
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

        @Override
        public void cancel(Deferred<T> d) {
            PoolTask h = handle;
            if (h != null) {
                h.cancel();
            }
        }

        @Override
        public String toString() {
            return "deferToThread(" + callable + ")";
        }
    }

    <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        if (reactor.isReactorThread()) {
            throw new WrongThreadException("blockingCallFromThread was called on the reactor thread of " + name
                    + ", where waiting would deadlock; call the function directly and add callbacks to its Deferred");
        }
        CompletableFuture<Outcome<T>> result = new CompletableFuture<>();
        pending.add(result);
        try {
            // Read after adding: either stop() sees this call and fails it, or this sees the stop.
            if (stopped) {
                throw new ReactorNotRunningException("reactor " + name + " has stopped");
            }
            AtomicReference<@Nullable Deferred<T>> running = new AtomicReference<>();
            reactor.callFromThread(() -> {
                Deferred<T> d;
                try {
                    d = call.get();
                } catch (Throwable e) {
                    result.complete(Outcome.failed(e));
                    return;
                }
                running.set(d);
                d.addBoth(o -> {
                    result.complete(o);
                    return null;
                });
            });
            return awaitOutcome(result, running).valueOrThrow();
        } finally {
            pending.remove(result);
        }
    }

    private <T> Outcome<T> awaitOutcome(CompletableFuture<Outcome<T>> result,
            AtomicReference<@Nullable Deferred<T>> running) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        // Interrupting the waiting thread cancels the Deferred it waits for.
                        reactor.callFromThread(() -> {
                            Deferred<T> d = running.get();
                            if (d != null) {
                                d.cancel();
                            }
                        });
                    }
                } catch (ExecutionException e) {
                    return Outcome.failed(Objects.requireNonNull(e.getCause()));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The reactor stopped: fail every waiting blockingCallFromThread and refuse new ones. */
    void failPendingCalls() {
        stopped = true;
        ReactorNotRunningException gone = new ReactorNotRunningException(
                "reactor " + name + " stopped before the call completed");
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(gone);
        }
    }

    /** Shuts the pool down, waiting at most {@code timeout} (twice: see VirtualThreadPool.shutdown). */
    void shutdownPool(Duration timeout) {
        if (!pool.shutdown(timeout)) {
            reactor.log().log(Level.WARNING, "reactor {0}: thread pool tasks still running after interrupt: {1}",
                    name, pool);
        }
    }
}
