package net.threadpool.internal;

import java.util.Objects;
import java.util.concurrent.Callable;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.threadpool.internal.jfr.TaskEvent;
import org.jspecify.annotations.Nullable;

/**
 * One task started by {@code spawn}: blocking-style code on a new virtual thread bound to its
 * loop, and the Deferred that stands for it.
 *
 * <p>Cancelling that Deferred cancels the task, but must not fire the Deferred before the task
 * ends, which {@code Deferred.cancel()} would do: so, as Twisted's inlineCallbacks, the canceller
 * fires the current stage with a private marker, and the first step turns the marker into a new
 * pending stage that the chain then waits on. The stages are touched on the loop thread only.
 *
 * @param <T> the result type
 */
final class SpawnedTask<T extends @Nullable Object> {
    private final Task task;
    private @Nullable Deferred<T> current;

    private SpawnedTask(Task task) {
        this.task = task;
    }

    /**
     * Starts {@code work} as a task of {@code owner}.
     *
     * @param owner the loop's tasks
     * @param description says what the task does, in logs
     * @param work the blocking-style code
     * @param <T> the result type
     * @return fires on the loop thread with what the work returned or threw, once it has finished
     */
    static <T extends @Nullable Object> Deferred<T> start(LoopTasks owner, String description, Callable<T> work) {
        TaskThreads threads = owner.threads();
        RuntimeException refused = threads.refusal();
        if (refused != null) {
            return Deferred.fail(refused);
        }
        Task t = new Task(description, threads);
        SpawnedTask<T> spawned = new SpawnedTask<>(t);
        Deferred<T> d = spawned.newStage();
        threads.start(t, () -> spawned.run(owner, work));
        return d;
    }

    private void run(LoopTasks owner, Callable<T> work) {
        TaskEvent event = new TaskEvent();
        event.begin();
        Outcome<T> outcome;
        if (!task.start()) {
            outcome = Outcome.failed(new CancelledException("task " + task + " was cancelled before it started"));
        } else {
            try {
                outcome = Outcome.success(owner.callAsTask(task, work));
            } catch (Throwable e) {
                outcome = Outcome.failed(e);
            } finally {
                task.finish();
            }
        }
        Outcome<T> result = outcome;
        if (event.shouldCommit()) {
            event.loop = owner.name();
            event.task = task.toString();
            event.outcome = result instanceof Outcome.Failed<T> f ? outcomeOf(f.failure().value()) : "succeeded";
            event.commit();
        }
        try {
            owner.loop().callFromThread(() -> deliver(result));
        } finally {
            owner.threads().ended(task, result.isSuccess());
        }
    }

    private static String outcomeOf(Throwable error) {
        return error instanceof CancelledException ? "cancelled" : "failed: " + error.getClass().getName();
    }

    private Deferred<T> newStage() {
        Deferred<T> stage = new Deferred<>(this::cancelled);
        current = stage;
        return stage.addErrbackDeferred(f -> {
            if (f.value() instanceof RestartStage) {
                return newStage();
            }
            throw f.raiseException();
        });
    }

    private void cancelled(Deferred<T> stage) {
        task.cancel(false);
        if (!stage.called()) {
            stage.errback(RestartStage.INSTANCE);
        }
    }

    private void deliver(Outcome<T> outcome) {
        Deferred<T> d = Objects.requireNonNull(current);
        switch (outcome) {
            case Outcome.Success<T> s -> d.callback(s.value());
            case Outcome.Failed<T> f -> d.errback(f.failure());
        }
    }

    /** The marker a cancelled stage is fired with; never seen outside this class. */
    private static final class RestartStage extends RuntimeException {
        static final RestartStage INSTANCE = new RestartStage();

        private RestartStage() {
            super("spawned task cancelled; waiting for it to finish", null, false, false);
        }
    }
}
