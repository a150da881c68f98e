package net.deferred;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** Bridges to java.util.concurrent. */
class CompletionStageTest {
    /** Stands in for the reactor's callFromThread: tasks run when the test drains them. */
    private final Queue<Runnable> reactorTasks = new ArrayDeque<>();
    private final Executor fireOn = reactorTasks::add;

    private void drain() {
        Runnable task;
        while ((task = reactorTasks.poll()) != null) {
            task.run();
        }
    }

    @Test
    void toCompletableFutureCompletesWithTheValueAndPassesItOn() throws Exception {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> future = d.toCompletableFuture();
        assertThat(future).isNotDone();
        d.callback("v");
        assertThat(future.get(10, SECONDS)).isEqualTo("v");
        assertThat(d.peek()).isEqualTo(Outcome.success("v"));
    }

    @Test
    void toCompletableFutureFailsWithTheOriginalExceptionAndKeepsTheFailure() {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> future = d.toCompletableFuture();
        IOException e = new IOException("boom");
        d.errback(e);
        assertThatThrownBy(() -> future.get(10, SECONDS)).isInstanceOf(ExecutionException.class).hasCause(e);
        assertThat(d.peek()).isEqualTo(Outcome.failed(new Failure(e)));
        d.addErrback(f -> null);
    }

    @Test
    void toCompletableFutureReflectsThePointOfTheChainWhereItWasTaken() throws Exception {
        Deferred<Integer> d = new Deferred<>();
        CompletableFuture<Integer> before = d.toCompletableFuture();
        CompletableFuture<Integer> after = d.addCallback(x -> x * 2).toCompletableFuture();
        d.callback(21);
        assertThat(before.get(10, SECONDS)).isEqualTo(21);
        assertThat(after.get(10, SECONDS)).isEqualTo(42);
    }

    @Test
    void fromCompletionStageFiresThroughTheExecutor() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(future, fireOn);
        future.complete("v");
        assertThat(d.called()).isFalse();
        drain();
        assertThat(d.peek()).isEqualTo(Outcome.success("v"));
    }

    @Test
    void fromCompletionStageOfACompletedStage() {
        Deferred<String> d = Deferred.fromCompletionStage(CompletableFuture.completedStage("done"), fireOn);
        drain();
        assertThat(d.peek()).isEqualTo(Outcome.success("done"));
    }

    @Test
    void fromCompletionStageUnwrapsCompletionException() {
        IOException e = new IOException("async failure");
        CompletableFuture<String> future = CompletableFuture.<String>supplyAsync(() -> "x", Runnable::run)
                .thenApply(x -> {
                    throw new CompletionException(e);
                });
        Deferred<String> d = Deferred.fromCompletionStage(future.thenApply(x -> x), fireOn);
        drain();
        assertThat(Recorder.on(d).onlyFailure().value()).isSameAs(e);
    }

    @Test
    void fromCompletionStageKeepsAPlainFailure() {
        IOException e = new IOException();
        Deferred<String> d = Deferred.fromCompletionStage(CompletableFuture.failedFuture(e), fireOn);
        drain();
        assertThat(Recorder.on(d).onlyFailure().value()).isSameAs(e);
    }

    @Test
    void cancellingTheDeferredCancelsTheFutureAndIgnoresItsLateCompletion() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(future, fireOn);
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(future).isCancelled();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
        drain(); // the future's cancellation arrives late and is ignored
        assertThat(r.failures).hasSize(1);
    }

    @Test
    void cancellingADeferredOfANonFutureStageStillFailsIt() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(future.minimalCompletionStage(), fireOn);
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        future.complete("late");
        drain();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
        assertThat(future).isCompleted();
    }

    @Test
    void stageCompletedOnAnotherThreadIsFiredOnTheExecutorsThread() throws Exception {
        BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> future = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), worker);
            Deferred<String> d = Deferred.fromCompletionStage(future, inbox::add);
            Runnable task = inbox.poll(10, SECONDS);
            assertThat(task).isNotNull();
            assertThat(d.called()).isFalse();
            task.run(); // on the test thread, which plays the reactor
            assertThat(d.peek()).isInstanceOf(Outcome.Success.class);
            assertThat(Thread.currentThread().getName()).isNotEqualTo(d.peek().valueOrThrow());
        } finally {
            worker.shutdown();
            assertThat(worker.awaitTermination(10, SECONDS)).isTrue();
        }
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThatThrownBy(() -> Deferred.fromCompletionStage(null, fireOn)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Deferred.fromCompletionStage(new CompletableFuture<String>(), null))
                .isInstanceOf(NullPointerException.class);
    }
}
