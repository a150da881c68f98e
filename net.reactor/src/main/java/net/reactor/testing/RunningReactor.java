package net.reactor.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import org.jspecify.annotations.Nullable;

/**
 * A real reactor running on a thread of its own for the length of a test, used from the test's
 * thread: the calls below run code on the reactor thread and wait for its result, at most
 * {@link #DEFAULT_WAIT}, so that a test that goes wrong fails instead of hanging. Where
 * {@link MemoryReactor} fakes the reactor, this runs the real one, for tests that need real
 * sockets, real threads or a real database.
 *
 * {@snippet :
 * try (RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("t1"))) {
 *     ConnectionPool pool = running.call(() -> ConnectionPool.create(running.reactor(), source));
 *     List<Row> rows = running.await(() -> pool.runQuery("SELECT 1"));   // on the reactor thread
 *     Outcome<List<Row>> o = running.outcome(() -> pool.runQuery("SELECT nonsense"));
 * }   // stops the reactor and waits for its thread to end
 * }
 *
 * <p><b>Threading:</b> every method may be called from any thread except the reactor thread
 * (waiting there for the reactor thread would never end).
 */
public final class RunningReactor implements AutoCloseable {
    /** How long each call waits for the reactor thread, and {@link #close()} for the stop. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Reactor reactor;
    private final Thread thread;

    private RunningReactor(Reactor reactor, Thread thread) {
        this.reactor = reactor;
        this.thread = thread;
    }

    /**
     * Creates a reactor with {@code options} and starts it on a thread named after it
     * ({@code options.name() + "-loop"}).
     *
     * @param options the reactor's settings
     * @return the running reactor
     */
    public static RunningReactor start(ReactorOptions options) {
        Objects.requireNonNull(options, "options");
        return start(Reactor.create(options), options.name() + "-loop");
    }

    /**
     * Starts {@code reactor}, which the calling thread created and may have set up (listening,
     * connecting, creating a pool on it), on a thread named {@code threadName}.
     *
     * @param reactor a reactor that has not run
     * @param threadName the name of its thread
     * @return the running reactor
     * @throws net.reactor.ReactorAlreadyRunningException if it runs already
     * @throws net.reactor.ReactorNotRestartableException if it has run before
     */
    public static RunningReactor start(Reactor reactor, String threadName) {
        Objects.requireNonNull(reactor, "reactor");
        return new RunningReactor(reactor, reactor.start(Objects.requireNonNull(threadName, "threadName")));
    }

    /**
     * The reactor.
     *
     * @return the reactor, running until {@link #close()}
     */
    public Reactor reactor() {
        return reactor;
    }

    /**
     * The reactor's thread.
     *
     * @return the thread {@code start} put the reactor on
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Runs {@code call} on the reactor thread; the future completes (on that thread) with the
     * outcome of the Deferred it returns. A call that throws gives a failed outcome, as a
     * {@link ThrowingSupplier} given to a Deferred would.
     *
     * @param call returns the Deferred to wait for
     * @param <T> the result type
     * @return the outcome, later; this method does not wait
     */
    public <T extends @Nullable Object> CompletableFuture<Outcome<T>> outcomeLater(
            ThrowingSupplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<Outcome<T>> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            Deferred<T> d;
            try {
                d = Objects.requireNonNull(call.get(), "the call returned null instead of a Deferred");
            } catch (Throwable e) {
                result.complete(Outcome.failed(e));
                return;
            }
            d.addBoth(outcome -> {
                result.complete(outcome);
                return null; // consumed: the test looks at it
            });
        });
        return result;
    }

    /**
     * Runs {@code call} on the reactor thread and waits for the outcome of the Deferred it
     * returns.
     *
     * @param call returns the Deferred to wait for
     * @param <T> the result type
     * @return its outcome
     * @throws TimeoutException if it has not fired within {@link #DEFAULT_WAIT}
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws WrongThreadException on the reactor thread, which would wait for itself
     */
    public <T extends @Nullable Object> Outcome<T> outcome(ThrowingSupplier<? extends Deferred<T>> call)
            throws TimeoutException, InterruptedException {
        checkNotReactorThread("outcome, await, call and run");
        return waitFor(outcomeLater(call));
    }

    /**
     * Runs {@code call} on the reactor thread and waits for the result of the Deferred it
     * returns.
     *
     * @param call returns the Deferred to wait for
     * @param <T> the result type
     * @return its result
     * @throws Exception the Deferred's failure (or what the call threw) as it is
     * @throws TimeoutException if it has not fired within {@link #DEFAULT_WAIT}
     */
    public <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call) throws Exception {
        return switch (outcome(call)) {
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failed<T> f -> throw asException(f.failure().value());
        };
    }

    /**
     * Runs {@code action} on the reactor thread and waits for its result.
     *
     * @param action what to run there
     * @param <T> the result type
     * @return what it returned
     * @throws Exception what it threw, as it is
     * @throws TimeoutException if it has not run within {@link #DEFAULT_WAIT}
     */
    public <T extends @Nullable Object> T call(ThrowingSupplier<T> action) throws Exception {
        Objects.requireNonNull(action, "action");
        return await(() -> Deferred.succeed(action.get()));
    }

    /**
     * Runs {@code action} on the reactor thread and waits until it has run.
     *
     * @param action what to run there
     * @throws Exception what it threw, as it is
     * @throws TimeoutException if it has not run within {@link #DEFAULT_WAIT}
     */
    public void run(Runnable action) throws Exception {
        Objects.requireNonNull(action, "action");
        call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Stops the reactor and waits for the stop and for its thread to end, each at most
     * {@link #DEFAULT_WAIT}. Calling it again waits again.
     *
     * @throws TimeoutException if the stop did not complete in time
     * @throws IllegalStateException if the thread is still alive after the stop, or the waiting
     *     thread was interrupted (its interrupt status is set again)
     * @throws WrongThreadException on the reactor thread, which would wait for itself
     */
    @Override
    public void close() throws TimeoutException {
        checkNotReactorThread("close");
        try {
            if (thread.isAlive()) {
                reactor.stop().toCompletableFuture().get(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            thread.join(DEFAULT_WAIT);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the reactor's stop failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reactor " + thread.getName() + " to stop", e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the reactor thread " + thread.getName() + " is still alive after the stop");
        }
    }

    @Override
    public String toString() {
        return "RunningReactor[" + thread.getName() + (thread.isAlive() ? "" : ", stopped") + "]";
    }

    private void checkNotReactorThread(String what) {
        if (reactor.isReactorThread()) {
            throw new WrongThreadException("RunningReactor's " + what + " cannot be called on the reactor thread,"
                    + " which they would wait for; use the reactor directly there");
        }
    }

    private static <V> V waitFor(CompletableFuture<V> future) throws TimeoutException, InterruptedException {
        try {
            return future.get(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Nothing completes these futures exceptionally.
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            TimeoutException t = new TimeoutException("the reactor thread gave no result within " + DEFAULT_WAIT);
            t.initCause(e);
            throw t;
        }
    }

    private static Exception asException(Throwable failure) {
        if (failure instanceof Exception e) {
            return e;
        }
        throw (Error) failure;
    }
}
