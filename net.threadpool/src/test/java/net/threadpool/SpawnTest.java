package net.threadpool;

import static net.threadpool.Until.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpawnTest {
    private final TestLoop loop = new TestLoop();

    @AfterEach
    void close() throws Exception {
        loop.close();
    }

    /** The outcome of a Deferred of the loop, waited for from the test thread. */
    private <T> Outcome<T> outcome(Deferred<T> d) throws Exception {
        CompletableFuture<Outcome<T>> f = new CompletableFuture<>();
        loop.run(() -> d.addBoth(o -> {
            f.complete(o);
            return null;
        }));
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Throwable failure(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    /** Waits until the spawned thread waits in await and the loop has attached its callback. */
    private void untilAwaiting(int n) {
        until(n + " await(s)", () -> loop.blockingTasks().stats().waiting() >= n);
        loop.run(() -> {});
    }

    @Test
    void spawnRunsOnANamedVirtualThreadAndFiresOnTheLoopThread() throws Exception {
        AtomicBoolean firedOnLoop = new AtomicBoolean();
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> Thread.currentThread().getName()
                + " virtual=" + Thread.currentThread().isVirtual()));
        Deferred<String> end = loop.call(() -> d.addCallback(v -> {
            firedOnLoop.set(loop.isReactorThread());
            return v;
        }));
        assertThat(outcome(end)).isEqualTo(Outcome.success(loop.name + "-spawn-1 virtual=true"));
        assertThat(firedOnLoop).isTrue();
        until("the task counted", () -> loop.blockingTasks().stats().completed() == 1);
        assertThat(loop.blockingTasks().stats()).isEqualTo(new BlockingTasks.Stats(1, 1, 0, 0, 0));
    }

    @Test
    void anExceptionInTheTaskFailsItsDeferredWithTheSameInstance() throws Exception {
        IllegalStateException boom = new IllegalStateException("task failed");
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            throw boom;
        }));
        assertThat(failure(outcome(d))).isSameAs(boom);
    }

    @Test
    void cancellingWhileTheTaskAwaitsCancelsTheAwaitedDeferredSynchronouslyAndDoesNotInterrupt()
            throws Exception {
        AtomicBoolean innerCancelled = new AtomicBoolean();
        Deferred<String> inner = loop.call(() -> new Deferred<>(x -> innerCancelled.set(true)));
        AtomicReference<Throwable> seenByTask = new AtomicReference<>();
        AtomicBoolean interruptedInTask = new AtomicBoolean(true);
        CountDownLatch release = new CountDownLatch(1);
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try {
                return Blocking.await(inner);
            } catch (CancelledException e) {
                seenByTask.set(e);
                interruptedInTask.set(Thread.currentThread().isInterrupted());
                release.await();
                throw e;
            }
        }));
        untilAwaiting(1);
        // Twisted's rule: D.cancel() cancels the Deferred the task waits on, within the call.
        String afterCancel = loop.call(() -> {
            d.cancel();
            return "inner cancelled=" + innerCancelled.get() + " spawn result=" + d.hasResult();
        });
        assertThat(afterCancel).isEqualTo("inner cancelled=true spawn result=false");
        until("the task saw the cancel", () -> seenByTask.get() != null);
        assertThat(interruptedInTask).isFalse();
        // The spawn's Deferred fires only once the task has finished.
        assertThat(loop.call(d::hasResult)).isFalse();
        release.countDown();
        assertThat(failure(outcome(d))).isSameAs(seenByTask.get());
    }

    @Test
    void aTaskMayCatchTheCancellationAndReturnAValue() throws Exception {
        Deferred<String> inner = loop.call(Deferred::new);
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try {
                return Blocking.await(inner);
            } catch (CancelledException e) {
                return "recovered";
            }
        }));
        untilAwaiting(1);
        loop.run(d::cancel);
        assertThat(outcome(d)).isEqualTo(Outcome.success("recovered"));
    }

    @Test
    void aSecondCancelCancelsTheNextAwait() throws Exception {
        Deferred<String> first = loop.call(Deferred::new);
        Deferred<String> second = loop.call(Deferred::new);
        List<String> seen = new CopyOnWriteArrayList<>();
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try {
                Blocking.await(first);
            } catch (CancelledException e) {
                seen.add("first cancelled");
            }
            try {
                return Blocking.await(second);
            } catch (CancelledException e) {
                seen.add("second cancelled");
                return "done";
            }
        }));
        untilAwaiting(1);
        loop.run(d::cancel);
        until("the task waits on the second Deferred", () -> seen.size() == 1);
        untilAwaiting(1);
        loop.run(d::cancel);
        assertThat(outcome(d)).isEqualTo(Outcome.success("done"));
        assertThat(seen).containsExactly("first cancelled", "second cancelled");
    }

    @Test
    void cancellingATaskThatIsNotAwaitingInterruptsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            started.countDown();
            new CountDownLatch(1).await(); // blocks until interrupted
            return "not reached";
        }));
        started.await();
        loop.run(d::cancel);
        assertThat(failure(outcome(d))).isInstanceOf(InterruptedException.class);
    }

    @Test
    void anInstalledCancelActionRunsOffTheLoopInsteadOfAnInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> actionThread = new AtomicReference<>();
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (Blocking.CancelRegistration ignored = Blocking.cancelWith(() -> {
                actionThread.set(Thread.currentThread().getName());
                release.countDown(); // as Statement.cancel() makes the running query return
            })) {
                started.countDown();
                release.await();
            }
            return "stopped by the action, interrupted=" + Thread.currentThread().isInterrupted();
        }));
        started.await();
        loop.run(d::cancel);
        assertThat(outcome(d)).isEqualTo(Outcome.success("stopped by the action, interrupted=false"));
        assertThat(actionThread.get()).startsWith(loop.name + "-cancel-");
    }

    @Test
    void closingTheRegistrationRestoresInterrupting() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (Blocking.CancelRegistration ignored = Blocking.cancelWith(() -> { })) {
                // the action would apply only inside this block
            }
            started.countDown();
            new CountDownLatch(1).await();
            return "not reached";
        }));
        started.await();
        loop.run(d::cancel);
        assertThat(failure(outcome(d))).isInstanceOf(InterruptedException.class);
    }

    @Test
    void cancelWithOutsideATaskIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Blocking.cancelWith(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("runs no task");
    }

    @Test
    void aTaskIgnoringCancellationKeepsItsDeferredPendingUntilItFinishes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            started.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    gate.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return "finished anyway, interrupted=" + interrupted;
        }));
        started.await();
        loop.run(d::cancel);
        assertThat(loop.call(d::hasResult)).isFalse();
        gate.countDown();
        assertThat(outcome(d)).isEqualTo(Outcome.success("finished anyway, interrupted=true"));
    }

    @Test
    void spawnFromBlockingCodeIsRefusedButWorksThroughAwait() throws Exception {
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            String refused;
            try {
                Blocking.spawn(loop, () -> 1);
                refused = "not refused";
            } catch (WrongThreadException e) {
                refused = e.getMessage().contains("TaskScope.fork") ? "refused" : e.getMessage();
            }
            int viaLoop = Blocking.await(() -> Blocking.spawn(loop, () -> 20 + 1));
            return refused + " " + viaLoop;
        }));
        assertThat(outcome(d)).isEqualTo(Outcome.success("refused 21"));
    }

    @Test
    void shutdownCancelsRunningTasksAndNamesOneThatIgnoresIt() throws Exception {
        TestLoop other = new TestLoop();
        CapturedLog warnings = new CapturedLog("net.threadpool");
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch politeWasInterrupted = new CountDownLatch(1);
        try {
            other.run(() -> {
                other.blockingTasks().spawn("polite task", () -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        politeWasInterrupted.countDown();
                    }
                    return null;
                });
                other.blockingTasks().spawn("stubborn task", () -> {
                    started.countDown();
                    while (true) {
                        try {
                            gate.await();
                            return null;
                        } catch (InterruptedException ignored) {
                            // keeps waiting: ignores cancellation
                        }
                    }
                });
            });
            started.await();
            boolean idle = other.registry().shutdown(Duration.ofMillis(1), () -> new IllegalStateException("stop"));
            assertThat(idle).isFalse();
            assertThat(politeWasInterrupted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(warnings.records).anySatisfy(r -> {
                assertThat(r.getMessage()).contains("stubborn task").contains("still running");
                assertThat(r.getThrown().getStackTrace()).isNotEmpty();
            });
            // Later spawns fail at once with the loop's reason.
            Outcome<String> late = other.call(() -> other.blockingTasks().spawn(() -> "x").peek());
            assertThat(failure(late)).hasMessage("stop");
        } finally {
            warnings.close();
            gate.countDown();
            other.close();
        }
    }

    // ---------------------------------------------------------------------------------------
    // deferToThreadPool

    @Test
    void deferToThreadPoolRunsOnThePoolWithTheLoopBound() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(loop.name + "-pool", 2);
        try {
            Deferred<String> inner = loop.call(() -> Deferred.succeed("inner"));
            Deferred<String> d = loop.call(() -> Blocking.deferToThreadPool(loop, pool,
                    () -> Blocking.await(inner) + " on " + Thread.currentThread().getName()));
            assertThat(outcome(d)).isEqualTo(Outcome.success("inner on " + loop.name + "-pool-1"));
        } finally {
            assertThat(pool.shutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void cancellingAQueuedCallRemovesItFromThePool() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(loop.name + "-pool", 1);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();
        try {
            Deferred<String> first = loop.call(() -> Blocking.deferToThreadPool(loop, pool, () -> {
                busy.countDown();
                release.await();
                return "first";
            }));
            busy.await();
            Deferred<String> queued = loop.call(() -> Blocking.deferToThreadPool(loop, pool, () -> {
                queuedRan.set(true);
                return "queued";
            }));
            assertThat(pool.queuedCount()).isEqualTo(1);
            loop.run(queued::cancel);
            assertThat(failure(outcome(queued))).isInstanceOf(CancelledException.class);
            assertThat(pool.stats().cancelled()).isEqualTo(1);
            assertThat(pool.queuedCount()).isZero();
            release.countDown();
            assertThat(outcome(first)).isEqualTo(Outcome.success("first"));
        } finally {
            release.countDown();
            assertThat(pool.shutdown(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(queuedRan).isFalse();
    }

    @Test
    void cancellingARunningCallInterruptsItAndFailsAtOnce() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(loop.name + "-pool", 1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> taskSaw = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        try {
            Deferred<String> d = loop.call(() -> Blocking.deferToThreadPool(loop, pool, () -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    taskSaw.complete(e);
                    release.await(); // still running when its Deferred fails
                }
                return "late";
            }));
            started.await();
            loop.run(d::cancel);
            assertThat(failure(outcome(d))).isInstanceOf(CancelledException.class);
            assertThat(taskSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        } finally {
            release.countDown();
            assertThat(pool.shutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aPooledCallsCancelActionRunsInsteadOfAnInterrupt() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(loop.name + "-pool", 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch statementCancelled = new CountDownLatch(1);
        CompletableFuture<String> taskEnded = new CompletableFuture<>();
        try {
            Deferred<String> d = loop.call(() -> Blocking.deferToThreadPool(loop, pool, () -> {
                try (Blocking.CancelRegistration ignored = Blocking.cancelWith(statementCancelled::countDown)) {
                    started.countDown();
                    statementCancelled.await(); // as a query that Statement.cancel() ends
                }
                taskEnded.complete("ended, interrupted=" + Thread.currentThread().isInterrupted());
                return "late";
            }));
            started.await();
            loop.run(d::cancel);
            assertThat(failure(outcome(d))).isInstanceOf(CancelledException.class);
            assertThat(taskEnded.get(30, TimeUnit.SECONDS)).isEqualTo("ended, interrupted=false");
        } finally {
            assertThat(pool.shutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void deferToThreadPoolOnAShutDownPoolFails() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(loop.name + "-pool", 1);
        assertThat(pool.shutdown(Duration.ofSeconds(1))).isTrue();
        Deferred<String> d = loop.call(() -> Blocking.deferToThreadPool(loop, pool, () -> "never"));
        assertThat(failure(outcome(d))).isInstanceOf(RejectedExecutionException.class);
    }
}
