package net.threadpool;

import static net.threadpool.Until.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.threadpool.testing.LiveThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskScopeTest {
    private static final AtomicInteger SCOPES = new AtomicInteger();

    private final TestLoop loop = new TestLoop();
    /** A unique scope name per test, so leaked subtask threads can be found by name. */
    private final String scopeName = "scope" + SCOPES.incrementAndGet();

    @AfterEach
    void close() throws Exception {
        loop.close();
        LiveThreads.assertNoneLeft(scopeName);
    }

    private <T, R> TaskScope<T, R> open(Joiner<? super T, ? extends R> joiner) {
        return TaskScope.open(joiner, cf -> cf.withName(scopeName));
    }

    private <T> Outcome<T> outcome(Deferred<T> d) throws Exception {
        CompletableFuture<Outcome<T>> f = new CompletableFuture<>();
        loop.run(() -> d.addBoth(o -> {
            f.complete(o);
            return null;
        }));
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void allSucceedByDefaultAndSubtasksRunOnNamedVirtualThreads() throws Exception {
        try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
            Subtask<String> a = scope.fork(() -> "a on " + Thread.currentThread().getName());
            Subtask<String> b = scope.fork(() -> "b virtual=" + Thread.currentThread().isVirtual());
            assertThat(scope.join()).isNull();
            assertThat(a.state()).isEqualTo(Subtask.State.SUCCESS);
            assertThat(a.get()).startsWith("a on " + scopeName + "-");
            assertThat(b.get()).isEqualTo("b virtual=true");
        }
        LiveThreads.assertNoneLeft(scopeName);
    }

    @Test
    void defaultOpenUsesTheOwnerThreadsNameAndAllMustSucceed() throws Exception {
        IllegalStateException boom = new IllegalStateException("one failed");
        try (var scope = TaskScope.open()) {
            assertThat(scope.name()).isEqualTo(Thread.currentThread().getName() + "-scope");
            scope.fork(() -> "fine");
            scope.fork(() -> {
                throw boom;
            });
            assertThatThrownBy(scope::join).isSameAs(boom);
        }
    }

    @Test
    void theFirstFailureCancelsTheOthersAndIsThrownByJoin() throws Exception {
        AtomicBoolean siblingDeferredCancelled = new AtomicBoolean();
        Deferred<String> never = loop.call(() -> new Deferred<>(x -> siblingDeferredCancelled.set(true)));
        CountDownLatch siblingWaiting = new CountDownLatch(1);
        IOException failure = new IOException("disk on fire");
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
                Subtask<String> sibling = scope.fork(() -> {
                    siblingWaiting.countDown();
                    return Blocking.await(never);
                });
                scope.fork(() -> {
                    siblingWaiting.await();
                    until("the sibling's await is attached", () -> loop.blockingTasks().stats().waiting() == 1);
                    throw failure;
                });
                try {
                    scope.join();
                    return "join returned";
                } catch (CheckedFailureException e) {
                    scope.close(); // waits for the cancelled sibling
                    return "join threw " + (e.getCause() == failure) + ", sibling " + sibling.state();
                }
            }
        }));
        assertThat(outcome(d)).isEqualTo(Outcome.success("join threw true, sibling UNAVAILABLE"));
        assertThat(siblingDeferredCancelled).isTrue();
    }

    @Test
    void firstSuccessWinsAndTheRestAreCancelled() throws Exception {
        CompletableFuture<Throwable> loserSaw = new CompletableFuture<>();
        try (TaskScope<String, String> scope = open(Joiner.anySuccessfulResultOrThrow())) {
            scope.fork(() -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    loserSaw.complete(e);
                    throw e;
                }
                return "slow";
            });
            scope.fork(() -> "fast");
            assertThat(scope.join()).isEqualTo("fast");
            assertThat(scope.isCancelled()).isTrue();
        }
        assertThat(loserSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void anySuccessfulThrowsTheFirstFailureWhenAllFailAndNoSuchElementWithNone() throws Exception {
        IllegalArgumentException first = new IllegalArgumentException("first");
        try (TaskScope<String, String> scope = open(Joiner.anySuccessfulResultOrThrow())) {
            scope.fork(() -> {
                throw first;
            });
            assertThatThrownBy(scope::join).isSameAs(first);
        }
        try (TaskScope<String, String> scope = open(Joiner.anySuccessfulResultOrThrow())) {
            assertThatThrownBy(scope::join).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void allSuccessfulReturnsResultsInForkOrder() throws Exception {
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        try (TaskScope<Integer, List<Integer>> scope = open(Joiner.allSuccessfulOrThrow())) {
            scope.fork(() -> {
                firstMayFinish.await();
                return 1;
            });
            scope.fork(() -> {
                firstMayFinish.countDown(); // the second finishes first
                return 2;
            });
            assertThat(scope.join()).containsExactly(1, 2);
        }
    }

    @Test
    void awaitAllWaitsForEveryOutcomeAndCancelsNothing() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch failed = new CountDownLatch(1);
        try (TaskScope<String, Void> scope = open(Joiner.awaitAll())) {
            Subtask<String> bad = scope.fork(() -> {
                failed.countDown();
                throw boom;
            });
            Subtask<String> good = scope.fork(() -> {
                failed.await(); // still runs after its sibling failed
                return "good";
            });
            assertThat(scope.join()).isNull();
            assertThat(scope.isCancelled()).isFalse();
            assertThat(bad.state()).isEqualTo(Subtask.State.FAILED);
            assertThat(bad.exception()).isSameAs(boom);
            assertThat(good.get()).isEqualTo("good");
            assertThatThrownBy(bad::get).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(good::exception).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aCustomJoinerDecidesWhenToCancel() throws Exception {
        // Cancel once two subtasks have succeeded; join returns how many did.
        class TwoIsEnough implements Joiner<String, Integer> {
            private int successes;

            @Override
            public boolean onComplete(Subtask<? extends String> subtask) {
                return subtask.state() == Subtask.State.SUCCESS && ++successes == 2;
            }

            @Override
            public Integer result() {
                return successes;
            }
        }
        try (TaskScope<String, Integer> scope = open(new TwoIsEnough())) {
            scope.fork(() -> "one");
            scope.fork(() -> "two");
            scope.fork(() -> {
                new CountDownLatch(1).await();
                return "never";
            });
            assertThat(scope.join()).isEqualTo(2);
            assertThat(scope.isCancelled()).isTrue();
        }
    }

    @Test
    void theTimeoutCancelsTheScopeAndJoinThrows() throws Exception {
        AtomicBoolean awaitedCancelled = new AtomicBoolean();
        AtomicBoolean subtaskStarted = new AtomicBoolean();
        Deferred<String> never = loop.call(() -> new Deferred<>(x -> awaitedCancelled.set(true)));
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (TaskScope<String, Void> scope = TaskScope.open(Joiner.awaitAllSuccessfulOrThrow(),
                    cf -> cf.withName(scopeName).withTimeout(Duration.ofMillis(50)))) {
                Subtask<String> s = scope.fork(() -> {
                    subtaskStarted.set(true);
                    return Blocking.await(never);
                });
                try {
                    scope.join();
                    return "joined";
                } catch (TaskScopeTimeoutException e) {
                    scope.close();
                    return "timed out after " + e.timeout().toMillis() + " ms, cancelled=" + scope.isCancelled()
                            + ", subtask " + s.state();
                }
            }
        }));
        assertThat(outcome(d)).isEqualTo(Outcome.success("timed out after 50 ms, cancelled=true, subtask UNAVAILABLE"));
        // A subtask that had started was cancelled through its await (a sticky scope cancel makes
        // even an await begun after the cancel cancel its Deferred); one that had not, never ran.
        assertThat(awaitedCancelled.get()).isEqualTo(subtaskStarted.get());
    }

    @Test
    void onlyTheOwnerMayForkJoinAndClose() throws Exception {
        try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
            CompletableFuture<List<Throwable>> errors = new CompletableFuture<>();
            Thread other = Thread.ofPlatform().name("not-the-owner").start(() -> {
                List<Throwable> seen = new java.util.ArrayList<>();
                for (Runnable r : List.<Runnable>of(() -> scope.fork(() -> "x"), () -> {
                    try {
                        scope.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }, scope::close)) {
                    try {
                        r.run();
                    } catch (Throwable e) {
                        seen.add(e);
                    }
                }
                errors.complete(seen);
            });
            other.join();
            assertThat(errors.get()).hasSize(3).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(WrongThreadException.class).hasMessageContaining("not-the-owner")
                    .hasMessageContaining(Thread.currentThread().getName()));
            scope.join();
        }
    }

    @Test
    void closeCancelsRunningSubtasksWaitsForThemAndReportsAMissingJoin() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> subtaskThread = new AtomicReference<>();
        TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow());
        Subtask<String> s = scope.fork(() -> {
            subtaskThread.set(Thread.currentThread());
            started.countDown();
            new CountDownLatch(1).await();
            return "never";
        });
        started.await();
        assertThatThrownBy(scope::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("without join");
        assertThat(subtaskThread.get().isAlive()).as("the subtask's thread ended before close returned").isFalse();
        assertThat(s.state()).isEqualTo(Subtask.State.UNAVAILABLE);
        scope.close(); // a second close does nothing
        assertThatThrownBy(() -> scope.fork(() -> "late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void joinMayBeCalledOnceAndForkNotAfterIt() throws Exception {
        try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
            scope.join();
            assertThatThrownBy(scope::join).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> scope.fork(() -> "x")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSubtaskForkedAfterCancellationNeverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (TaskScope<String, String> scope = open(Joiner.anySuccessfulResultOrThrow())) {
            scope.fork(() -> "winner");
            until("the scope is cancelled by the winner", scope::isCancelled);
            Subtask<String> late = scope.fork(() -> {
                ran.set(true);
                return "late";
            });
            assertThat(late.state()).isEqualTo(Subtask.State.UNAVAILABLE);
            assertThat(scope.join()).isEqualTo("winner");
        }
        assertThat(ran).isFalse();
    }

    @Test
    void checkedFailuresAreWrappedAndUncheckedOnesThrownAsTheyAre() throws Exception {
        Exception checked = new Exception("checked");
        try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
            scope.fork(() -> {
                throw checked;
            });
            assertThatThrownBy(scope::join).isInstanceOf(CheckedFailureException.class).hasCause(checked);
        }
    }

    @Test
    void scopesNestAndAnOuterFailureCancelsTheInnerSubtasks() throws Exception {
        AtomicBoolean innerAwaitCancelled = new AtomicBoolean();
        Deferred<String> never = loop.call(() -> new Deferred<>(x -> innerAwaitCancelled.set(true)));
        CountDownLatch innerWaiting = new CountDownLatch(1);
        IllegalStateException outerFailure = new IllegalStateException("outer sibling failed");
        CompletableFuture<Throwable> innerJoinSaw = new CompletableFuture<>();
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (TaskScope<String, Void> outer = open(Joiner.awaitAllSuccessfulOrThrow())) {
                outer.fork(() -> {
                    try (TaskScope<String, Void> inner = TaskScope.open(Joiner.awaitAllSuccessfulOrThrow(),
                            cf -> cf.withName(scopeName + "-inner"))) {
                        inner.fork(() -> {
                            innerWaiting.countDown();
                            return Blocking.await(never);
                        });
                        try {
                            inner.join();
                        } catch (Throwable e) {
                            innerJoinSaw.complete(e);
                            throw e;
                        }
                        return "inner joined";
                    }
                });
                outer.fork(() -> {
                    innerWaiting.await();
                    until("the inner await is attached", () -> loop.blockingTasks().stats().waiting() == 1);
                    throw outerFailure;
                });
                try {
                    outer.join();
                    return "outer joined";
                } catch (IllegalStateException e) {
                    return e == outerFailure ? "outer failed as expected" : e.toString();
                }
            }
        }));
        assertThat(outcome(d)).isEqualTo(Outcome.success("outer failed as expected"));
        assertThat(innerAwaitCancelled).isTrue();
        assertThat(innerJoinSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
        LiveThreads.assertNoneLeft(scopeName);
    }

    @Test
    void cancellingASpawnCancelsTheScopeItOpened() throws Exception {
        AtomicInteger cancelledAwaits = new AtomicInteger();
        Deferred<String> a = loop.call(() -> new Deferred<>(x -> cancelledAwaits.incrementAndGet()));
        Deferred<String> b = loop.call(() -> new Deferred<>(x -> cancelledAwaits.incrementAndGet()));
        CompletableFuture<Throwable> joinSaw = new CompletableFuture<>();
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
                scope.fork(() -> Blocking.await(a));
                scope.fork(() -> Blocking.await(b));
                try {
                    scope.join();
                } catch (CancelledException e) {
                    joinSaw.complete(e);
                    throw e;
                }
                return "joined";
            }
        }));
        until("both subtasks await", () -> loop.blockingTasks().stats().waiting() == 2);
        loop.run(() -> {});
        loop.run(d::cancel);
        Outcome<String> o = outcome(d);
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<String>) o).failure().value()).isInstanceOf(CancelledException.class)
                .isSameAs(joinSaw.get(30, TimeUnit.SECONDS));
        assertThat(cancelledAwaits).hasValue(2);
        LiveThreads.assertNoneLeft(scopeName);
    }

    @Test
    void aScopeCannotBeOpenedOnAReactorThread() {
        Throwable thrown = loop.call(() -> {
            try (var scope = TaskScope.open()) {
                return new AssertionError("opened " + scope);
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(thrown).isInstanceOf(WrongThreadException.class).hasMessageContaining("reactor thread");
    }

    @Test
    void subtasksInheritTheOwnersLoopButAPlainOwnerHasNone() throws Exception {
        try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
            Subtask<String> s = scope.fork(() -> String.valueOf(Blocking.currentLoop().isPresent()));
            scope.join();
            assertThat(s.get()).isEqualTo("false");
        }
        String bound = loop.blockingTasks().callBound(() -> {
            try (TaskScope<String, Void> scope = open(Joiner.awaitAllSuccessfulOrThrow())) {
                Subtask<String> s = scope.fork(() -> Blocking.await(() -> Deferred.succeed("awaited from a subtask")));
                scope.join();
                return s.get();
            }
        });
        assertThat(bound).isEqualTo("awaited from a subtask");
    }
}
