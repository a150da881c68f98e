package net.threadpool.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * One thread waiting for one Deferred. The Deferred is only touched on the loop thread: the
 * waiting thread asks the loop to {@link #attach()} (obtain the Deferred and add the callback
 * that delivers its result) and, when interrupted or timed out, to {@link #cancelOnLoop()} it.
 *
 * @param <T> the result type
 */
public final class Wait<T extends @Nullable Object> {
    private final LoopExecutor loop;
    private final ThrowingSupplier<? extends Deferred<T>> call;
    private final CompletableFuture<Outcome<T>> result = new CompletableFuture<>();

    // Loop thread only.
    private @Nullable Deferred<T> deferred;
    private boolean attached;
    private boolean cancelWhenAttached;

    // Waiting thread only.
    private boolean interrupted;
    private boolean timedOut;

    /**
     * Creates the wait.
     *
     * @param loop the loop the Deferred belongs to
     * @param call runs on the loop thread and returns the Deferred to wait for
     */
    public Wait(LoopExecutor loop, ThrowingSupplier<? extends Deferred<T>> call) {
        this.loop = loop;
        this.call = call;
    }

    /** Loop thread: obtains the Deferred and adds the callback that delivers its result. */
    public void attach() {
        attached = true;
        Deferred<T> d;
        try {
            d = Objects.requireNonNull(call.get(), "the call to await returned null instead of a Deferred");
        } catch (Throwable e) {
            deliver(Outcome.failed(e));
            return;
        }
        // The waiting thread consumes the result, as Twisted's inlineCallbacks does: the
        // Deferred's result becomes null, so a failure handed to the thread is not also
        // reported as unhandled.
        try {
            d.addBoth(outcome -> {
                deliver(outcome);
                return null;
            });
        } catch (IllegalStateException stale) {
            // A stale reference: the waiting thread gets the explanation, the loop goes on.
            deliver(Outcome.failed(stale));
            return;
        }
        deferred = d;
        if (cancelWhenAttached) {
            d.cancel();
        }
    }

    /**
     * Loop thread: cancels the Deferred unless its result has already arrived.
     *
     * @return false if the result had already arrived (nothing was cancelled)
     */
    public boolean cancelOnLoop() {
        if (result.isDone()) {
            return false;
        }
        Deferred<T> d = deferred;
        if (!attached || d == null) {
            cancelWhenAttached = true;
        } else {
            d.cancel();
        }
        return true;
    }

    /** Any thread: cancels the Deferred on the loop thread (at once when called there). */
    public void requestCancel() {
        if (loop.isReactorThread()) {
            cancelOnLoop();
        } else {
            loop.callFromThread(this::cancelOnLoopQuietly);
        }
    }

    private void cancelOnLoopQuietly() {
        cancelOnLoop();
    }

    /**
     * Any thread: cancels the Deferred for a task that is being cancelled; if the result has
     * already arrived (so the task is about to run on), {@code task} is interrupted instead.
     *
     * @param task the task that waits here
     */
    public void cancelForTask(Task task) {
        Runnable r = () -> {
            if (!cancelOnLoop()) {
                task.interruptOrRunCancelAction();
            }
        };
        if (loop.isReactorThread()) {
            r.run();
        } else {
            loop.callFromThread(r);
        }
    }

    /**
     * Any thread: completes the wait (first call wins).
     *
     * @param outcome the result
     */
    public void deliver(Outcome<T> outcome) {
        result.complete(outcome);
    }

    /**
     * Waiting thread: parks until the result arrives. An interrupt or the timeout cancels the
     * Deferred, and the wait goes on until the Deferred has fired in answer.
     *
     * @param timeoutNanos how long to wait before cancelling, negative for no limit
     * @return the result
     */
    public Outcome<T> await(long timeoutNanos) {
        boolean timed = timeoutNanos >= 0;
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0L;
        while (true) {
            try {
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    return result.get(left, TimeUnit.NANOSECONDS);
                }
                return result.get();
            } catch (InterruptedException e) {
                interrupted = true;
                requestCancel();
            } catch (TimeoutException e) {
                timed = false;
                timedOut = true;
                requestCancel();
            } catch (ExecutionException e) {
                // The future is only ever completed normally, with an Outcome.
                throw new IllegalStateException("await's future failed", e);
            }
        }
    }

    /**
     * Whether the waiting thread was interrupted while it waited.
     *
     * @return true after an interrupt
     */
    public boolean wasInterrupted() {
        return interrupted;
    }

    /**
     * Whether the timeout passed before the result arrived.
     *
     * @return true after a timeout
     */
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public String toString() {
        return "await(" + call + ")";
    }
}
