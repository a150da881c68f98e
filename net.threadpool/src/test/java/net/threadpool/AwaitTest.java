package net.threadpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.deferred.Outcome;
import net.threadpool.internal.WaitedHere;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AwaitTest {
    private final TestLoop loop = new TestLoop();

    @AfterEach
    void close() throws Exception {
        loop.close();
    }

    /** Runs {@code body} on a new platform thread (which has no loop bound) and returns its outcome. */
    private static <T> CompletableFuture<T> onPlatformThread(java.util.concurrent.Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().name("await-test-platform").start(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void awaitFromPlatformThreadReturnsValueFiredLaterOnTheLoop() throws Exception {
        Deferred<String> d = loop.call(Deferred::new);
        AtomicReference<String> returned = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().name("await-test-platform").start(() -> {
            try {
                returned.set(Blocking.on(loop).await(d));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        // Fire only once the thread is parked in await and its callback is on the Deferred, so
        // the value arrives through the "fired later" path, not through an already-fired one.
        awaitWaiting(1, waiter, thrown);
        assertThat(returned.get()).as("await returned before the Deferred fired").isNull();
        AtomicBoolean firedOnLoop = new AtomicBoolean();
        loop.run(() -> {
            firedOnLoop.set(loop.isReactorThread());
            d.callback("late value");
        });
        assertThat(waiter.join(Duration.ofSeconds(30))).as("await returned once the Deferred fired").isTrue();
        assertThat(thrown.get()).isNull();
        assertThat(returned.get()).isEqualTo("late value");
        assertThat(firedOnLoop).isTrue();
    }

    @Test
    void awaitFromVirtualThreadUsesTheBoundLoop() throws Exception {
        Deferred<Integer> d = loop.call(Deferred::new);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Deferred<Integer> spawned = loop.call(() -> Blocking.spawn(loop, () -> {
            seen.complete(Thread.currentThread().isVirtual() + " " + Blocking.currentLoop().orElseThrow().equals(loop));
            return Blocking.await(d) + 1;
        }));
        assertThat(get(seen)).isEqualTo("true true");
        loop.run(() -> d.callback(41));
        assertThat(get(loop.call(spawned::toCompletableFuture))).isEqualTo(42);
    }

    @Test
    void awaitOnTheLoopThreadIsRefusedAtOnce() {
        Deferred<String> d = loop.call(Deferred::new);
        Throwable explicit = loop.call(() -> catching(() -> Blocking.on(loop).await(d)));
        assertThat(explicit).isInstanceOf(WrongThreadException.class)
                .hasMessageContaining("reactor thread").hasMessageContaining("add callbacks")
                .hasMessageContaining("Blocking.spawn");
        // Without a bound loop the reactor thread is still recognised (the loop marks its thread).
        Throwable unbound = loop.call(() -> catching(() -> Blocking.await(d)));
        assertThat(unbound).isInstanceOf(WrongThreadException.class).hasMessageContaining("reactor thread");
        // The Deferred was never touched: it is still pending, with no callback added.
        loop.run(() -> assertThat(d.called()).isFalse());
    }

    @Test
    void awaitWithNoBoundLoopNamesTheExplicitForm() throws Exception {
        Deferred<String> d = Deferred.succeed("x");
        assertThatThrownBy(() -> Blocking.await(d)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Blocking.on(reactor).await(");
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return new AssertionError("no exception");
        } catch (Throwable e) {
            return e;
        }
    }

    @Test
    void uncheckedFailureIsRethrownAsItIsWithTheWaitSiteSuppressed() throws Exception {
        IllegalArgumentException original = new IllegalArgumentException("bad input");
        StackTraceElement[] originalStack = original.getStackTrace().clone();
        Deferred<String> d = loop.call(() -> Deferred.fail(original));
        CompletableFuture<String> result = onPlatformThread(() -> Blocking.on(loop).await(d));
        Throwable thrown = catching(() -> join(result));
        assertThat(thrown).isSameAs(original);
        assertThat(thrown.getStackTrace()).containsExactly(originalStack);
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(WaitedHere.class)
                .satisfies(s -> assertThat(s.getMessage()).contains("await-test-platform"));
    }

    @Test
    void checkedFailureIsWrappedWithTheOriginalAsCause() throws Exception {
        IOException original = new IOException("disk on fire");
        Deferred<String> d = loop.call(() -> Deferred.fail(original));
        CompletableFuture<String> result = onPlatformThread(() -> Blocking.on(loop).await(d));
        Throwable thrown = catching(() -> join(result));
        assertThat(thrown).isInstanceOf(CheckedFailureException.class).hasCause(original);
        assertThat(thrown.getStackTrace()).anySatisfy(
                e -> assertThat(e.getClassName()).isEqualTo(AwaitTest.class.getName()));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void supplierRunsOnTheLoopThreadAndItsExceptionIsThrown() throws Exception {
        CompletableFuture<String> result = onPlatformThread(
                () -> Blocking.on(loop).await(() -> Deferred.succeed("on loop: " + loop.isReactorThread())));
        assertThat(get(result)).isEqualTo("on loop: true");

        IllegalStateException boom = new IllegalStateException("supplier failed");
        CompletableFuture<String> failing = onPlatformThread(() -> Blocking.on(loop).await(() -> {
            throw boom;
        }));
        assertThat(catching(() -> join(failing))).isSameAs(boom);
    }

    @Test
    void timeoutCancelsTheDeferredAndThrowsDeferredTimeoutException() throws Exception {
        AtomicReference<String> cancellerThread = new AtomicReference<>();
        Deferred<String> d = loop.call(() -> new Deferred<>(x -> cancellerThread.set(Thread.currentThread().getName())));
        CompletableFuture<String> result = onPlatformThread(
                () -> Blocking.on(loop).await(d, Duration.ofMillis(1)));
        Throwable thrown = catching(() -> join(result));
        assertThat(thrown).isInstanceOf(DeferredTimeoutException.class).hasCauseInstanceOf(CancelledException.class);
        assertThat(((DeferredTimeoutException) thrown).timeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(cancellerThread.get()).isEqualTo(loop.thread().getName());
    }

    @Test
    void timeoutWhoseCancellerProducesAValueReturnsIt() throws Exception {
        Deferred<String> d = loop.call(() -> new Deferred<>(x -> x.callback("fallback")));
        CompletableFuture<String> result = onPlatformThread(
                () -> Blocking.on(loop).await(d, Duration.ZERO));
        assertThat(get(result)).isEqualTo("fallback");
    }

    @Test
    void interruptingAWaitingThreadCancelsTheAwaitedDeferred() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        Deferred<String> d = loop.call(() -> new Deferred<>(x -> cancelled.countDown()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().name("await-test-interrupted").start(() -> {
            waiting.countDown();
            try {
                Blocking.on(loop).await(d);
            } catch (Throwable e) {
                thrown.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        waiting.await();
        awaitWaiting(1, t, thrown);
        t.interrupt();
        assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();
        t.join();
        assertThat(thrown.get()).isInstanceOf(CancelledException.class);
        assertThat(flagAfter).as("the interrupt was reported by the exception, so it is consumed").isFalse();
    }

    /**
     * Waits until {@code n} threads wait in await on the loop and {@code waiter} is parked there
     * (conditions, not a duration), then until the loop has attached the wait to its Deferred.
     */
    private void awaitWaiting(int n, Thread waiter, AtomicReference<Throwable> thrown) {
        Until.until(n + " thread(s) waiting, " + waiter.getName() + " parked", () -> {
            assertThat(waiter.isAlive()).as("the waiting thread is still alive; it threw %s", thrown.get()).isTrue();
            Thread.State state = waiter.getState();
            // A wait registers, then hands its callback to the loop, then parks: once the thread
            // is registered and parked, that callback is queued on the loop.
            return loop.blockingTasks().stats().waiting() >= n
                    && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING);
        });
        // The loop runs tasks in order: once this no-op has run, so has the queued callback.
        loop.run(() -> {});
    }

    @Test
    void interruptBeforeAwaitOfAFiredDeferredKeepsTheFlag() throws Exception {
        Deferred<String> d = loop.call(() -> Deferred.succeed("ready"));
        CompletableFuture<String> result = onPlatformThread(() -> {
            Thread.currentThread().interrupt();
            String v = Blocking.on(loop).await(d);
            return v + " interrupted=" + Thread.currentThread().isInterrupted();
        });
        assertThat(get(result)).isEqualTo("ready interrupted=true");
    }

    @Test
    void awaitOfAStaleReferenceThrowsTheExplanationAndTheLoopGoesOn() throws Exception {
        Deferred<String> d = loop.call(() -> {
            Deferred<String> start = new Deferred<>();
            start.addCallback(String::length);
            return start;
        });
        CompletableFuture<String> result = onPlatformThread(() -> Blocking.on(loop).await(d));
        assertThat(catching(() -> join(result))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("continued by addCallback");
        assertThat(loop.call(() -> "still running")).isEqualTo("still running");
    }

    @Test
    void awaitConsumesTheResultAsTwistedYieldDoes() throws Exception {
        Deferred<String> d = loop.call(() -> Deferred.fail(new IllegalStateException("handled by await")));
        CompletableFuture<String> result = onPlatformThread(() -> Blocking.on(loop).await(d));
        assertThat(catching(() -> join(result))).hasMessage("handled by await");
        // The chain holds null now; d itself is spent (await added the chain's last step), but
        // describing the chain works through any reference.
        assertThat(loop.call(d::toString)).endsWith("[current result: null]");
    }

    @Test
    void shutdownFailsPendingAwaitsAndLaterOnesWithTheLoopsReason() throws Exception {
        TestLoop other = new TestLoop();
        Deferred<String> never = other.call(Deferred::new);
        CompletableFuture<String> pending = onPlatformThread(() -> Blocking.on(other).await(never));
        Until.until("a thread waiting", () -> pending.isDone() || other.blockingTasks().stats().waiting() >= 1);
        other.close();
        assertThat(catching(() -> join(pending))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped");
        CompletableFuture<String> later = onPlatformThread(() -> Blocking.on(other).await(Deferred.succeed("x")));
        assertThat(catching(() -> join(later))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped");
        assertThat(other.registry().isShutdown()).isTrue();
    }

    @Test
    void runBoundAndCallBoundBindTheLoopForAPlainThread() throws Exception {
        Deferred<String> d = loop.call(() -> Deferred.succeed("bound"));
        CompletableFuture<String> viaRun = new CompletableFuture<>();
        CompletableFuture<String> result = onPlatformThread(() -> {
            loop.blockingTasks().runBound(() -> viaRun.complete(Blocking.await(d) + " by runBound"));
            assertThat(Blocking.currentLoop()).as("the binding ends with the call").isEmpty();
            return loop.blockingTasks().callBound(() -> Blocking.await(() -> Deferred.succeed("by callBound")));
        });
        assertThat(get(result)).isEqualTo("by callBound");
        assertThat(get(viaRun)).isEqualTo("bound by runBound");
    }

    @Test
    void negativeTimeoutIsRejected() {
        assertThatThrownBy(() -> Blocking.on(loop).await(Deferred.succeed("x"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
