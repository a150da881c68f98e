package net.threadpool.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.deferred.Failure;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of waiting off the loop for a Deferred of the loop: {@code Blocking.await}
 * (bound or with the reactor named), and the reactor's {@code blockingCallFromThread}, all come
 * here. It keeps the threads waiting for one loop, so that the loop's shutdown can fail them.
 *
 * <p>The rules: a reactor thread is refused; an interrupt before or during the wait cancels the
 * Deferred (and is consumed if the Deferred then fails); a cancelled task cancels the Deferred
 * it awaits; a timeout cancels it and, if that made it fail with a CancelledException, throws
 * {@link DeferredTimeoutException}; a failure is rethrown by {@link Failures#rethrow}.
 *
 * <p><b>Threading:</b> {@link #await} on any thread but a reactor's; the rest on any thread.
 */
public final class Awaits {
    private static final String AWAIT = "Blocking.await";

    private final LoopExecutor loop;
    private final Set<Wait<?>> waiting = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Supplier<? extends RuntimeException> stopped;

    /**
     * Creates the waits of a loop.
     *
     * @param loop the loop whose Deferreds are waited for
     */
    public Awaits(LoopExecutor loop) {
        this.loop = loop;
    }

    /**
     * Runs {@code call} on the loop thread and parks the calling thread until the Deferred it
     * returns fires.
     *
     * @param call runs on the loop thread and returns the Deferred to wait for
     * @param timeout how long to wait before cancelling the Deferred, or null for no limit (checked
     *     by the caller with {@link Timeouts#check})
     * @param <T> the result type
     * @return the Deferred's result
     */
    public <T extends @Nullable Object> T await(ThrowingSupplier<? extends Deferred<T>> call,
            @Nullable Duration timeout) {
        ThreadRules.checkMayWait(loop, AWAIT);
        long nanos = timeout == null ? -1 : Timeouts.nanos(timeout);
        Wait<T> w = new Wait<>(loop, call);
        // An interrupt that arrived before the wait counts as one during it.
        boolean cancelNow = Thread.interrupted();
        boolean interruptConsumed = cancelNow;
        Task task = Context.boundOrNull(Context.TASK);
        // Registered before reading stopped (and stop sets stopped before reading the set), so a
        // wait either sees the loop stopped or is failed by stop.
        waiting.add(w);
        try {
            Supplier<? extends RuntimeException> stop = stopped;
            if (stop != null) {
                w.deliver(Outcome.failed(stop.get()));
            } else {
                if (task != null && task.beginWait(w)) {
                    cancelNow = true;
                }
                loop.callFromThread(w::attach);
                if (cancelNow) {
                    w.requestCancel();
                }
            }
            Outcome<T> outcome = w.await(nanos);
            interruptConsumed |= w.wasInterrupted();
            return switch (outcome) {
                case Outcome.Success<T> s -> {
                    if (interruptConsumed) {
                        // The interrupt was not reported by an exception: keep it for later code.
                        Thread.currentThread().interrupt();
                    }
                    yield s.value();
                }
                case Outcome.Failed<T> f -> throw failure(f.failure(), w, timeout);
            };
        } finally {
            if (task != null) {
                task.endWait(w);
            }
            waiting.remove(w);
        }
    }

    /**
     * Like {@link #await(ThrowingSupplier, Duration)}, for a Deferred the caller already has.
     *
     * @param deferred a Deferred of the loop
     * @param timeout how long to wait before cancelling it, or null for no limit
     * @param <T> the result type
     * @return the Deferred's result
     */
    public <T extends @Nullable Object> T await(Deferred<T> deferred, @Nullable Duration timeout) {
        return await(new Given<>(deferred), timeout);
    }

    private static RuntimeException failure(Failure failure, Wait<?> w, @Nullable Duration timeout) {
        Throwable error = failure.value();
        if (timeout != null && w.timedOut() && error instanceof CancelledException) {
            return new DeferredTimeoutException(timeout, error);
        }
        return Failures.rethrow(error, AWAIT);
    }

    /**
     * The loop stopped: every thread waiting now gets {@code reason}, and so does every later
     * await. The first reason given is the one later awaits get.
     *
     * @param reason makes the exception waits fail with
     */
    public void stop(Supplier<? extends RuntimeException> reason) {
        if (stopped == null) {
            stopped = reason;
        }
        for (Wait<?> w : waiting) {
            w.deliver(Outcome.failed(reason.get()));
        }
    }

    /**
     * Whether {@link #stop} was called.
     *
     * @return true once awaits are refused
     */
    public boolean isStopped() {
        return stopped != null;
    }

    /**
     * How many threads wait now.
     *
     * @return the number of waits in progress
     */
    public int count() {
        return waiting.size();
    }

    /** await's call for a Deferred the caller already has. */
    private record Given<T extends @Nullable Object>(Deferred<T> deferred) implements ThrowingSupplier<Deferred<T>> {
        @Override
        public Deferred<T> get() {
            return deferred;
        }

        @Override
        public String toString() {
            // Not deferred.toString(): a Deferred's state belongs to the loop thread.
            return "Deferred@" + Integer.toHexString(System.identityHashCode(deferred));
        }
    }
}
