package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.reactor.DelayedCall;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.threadpool.Blocking;
import net.threadpool.CheckedFailureException;
import org.junit.jupiter.api.Test;

/** callFromThread, the thread pool bridge, and timers on a running reactor. */
class ReactorThreadsTest {

    @Test
    void callFromThreadFromEightThreadsArrivesCompleteAndInPerThreadOrder() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        try (ReactorFixture f = new ReactorFixture().start()) {
            int[] next = new int[threads]; // touched only on the reactor thread
            AtomicInteger outOfOrder = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(threads * perThread);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                producers.add(Thread.ofPlatform().name("producer-" + t).start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int seq = i;
                        f.reactor.callFromThread(() -> {
                            if (next[id] != seq) {
                                outOfOrder.incrementAndGet();
                            }
                            next[id] = seq + 1;
                            all.countDown();
                        });
                    }
                }));
            }
            for (Thread p : producers) {
                p.join();
            }
            assertThat(all.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(outOfOrder.get()).isZero();
            assertThat(f.call(() -> next.clone())).containsOnly(perThread);
        }
    }

    @Test
    void callFromThreadOnTheReactorThreadRunsInALaterTurn() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            List<String> order = f.call(() -> {
                List<String> o = new ArrayList<>();
                f.reactor.callFromThread(() -> o.add("later"));
                o.add("now");
                return o;
            });
            f.run(() -> {});
            assertThat(f.call(() -> List.copyOf(order))).containsExactly("now", "later");
        }
    }

    @Test
    void manyTimersScheduledThenCancelledLeaveNothingBehind() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            int n = 1_000_000;
            int pending = f.call(() -> {
                DelayedCall[] calls = new DelayedCall[n];
                for (int i = 0; i < n; i++) {
                    calls[i] = f.reactor.callLater(Duration.ofSeconds(60 + i % 1000), () -> {});
                }
                int scheduled = f.reactor.pendingTimerCount();
                for (DelayedCall c : calls) {
                    c.cancel();
                }
                assertThat(scheduled).isEqualTo(n);
                return f.reactor.pendingTimerCount();
            });
            assertThat(pending).isZero();
        }
    }

    @Test
    void timersDueTogetherRunInSchedulingOrderOnTheReactorThread() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            List<String> order = new ArrayList<>();
            CompletableFuture<List<String>> done = new CompletableFuture<>();
            for (int i = 0; i < 5; i++) {
                String label = "t" + i;
                f.reactor.callLater(Duration.ofMillis(5), () -> order.add(label + f.reactor.isReactorThread()));
            }
            f.reactor.callLater(Duration.ofMillis(5), () -> done.complete(List.copyOf(order)));
            DelayedCall cancelled = f.reactor.callLater(Duration.ZERO, () -> order.add("cancelled"));
            cancelled.cancel();
            assertThatThrownBy(cancelled::cancel).isInstanceOf(IllegalStateException.class);
            f.start();
            assertThat(await(done)).containsExactly("t0true", "t1true", "t2true", "t3true", "t4true");
        }
    }

    @Test
    void deferToThreadFiresOnTheReactorThread() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            CompletableFuture<String> result = new CompletableFuture<>();
            f.run(() -> f.reactor.deferToThread(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform")
                    .addCallback(v -> result.complete(v + " " + f.reactor.isReactorThread())));
            assertThat(await(result)).isEqualTo("virtual true");
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            IOException boom = new IOException("disk on fire");
            f.run(() -> f.reactor.<String>deferToThread(() -> {
                throw boom;
            }).addErrback(fl -> {
                failure.complete(fl.value());
                return "handled";
            }));
            assertThat(await(failure)).isSameAs(boom);
        }
    }

    @Test
    void deferToThreadAndCallInThreadRunWithTheReactorBound() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            // Blocking.await names no reactor: it works only because the pool thread has it bound.
            CompletableFuture<Integer> deferred = new CompletableFuture<>();
            f.run(() -> f.reactor.deferToThread(() -> Blocking.await(() -> Deferred.succeed(41)) + 1)
                    .addCallback(deferred::complete));
            assertThat(await(deferred)).isEqualTo(42);
            CompletableFuture<String> inThread = new CompletableFuture<>();
            f.reactor.callInThread(() -> inThread.complete(Blocking.await(() -> Deferred.succeed("bound"))));
            assertThat(await(inThread)).isEqualTo("bound");
        }
    }

    @Test
    void cancellingDeferToThreadInterruptsTheTask() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Deferred<String> d = f.call(() -> List.of(f.reactor.deferToThread(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                    return "never";
                } catch (InterruptedException e) {
                    interrupted.complete(true);
                    throw e;
                }
            }))).get(0);
            assertThat(started.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Throwable> reason = new CompletableFuture<>();
            f.run(() -> {
                d.addErrback(fl -> {
                    reason.complete(fl.value());
                    return null;
                });
                d.cancel();
            });
            assertThat(await(interrupted)).isTrue();
            assertThat(await(reason)).isInstanceOf(CancelledException.class);
        }
    }

    @Test
    void blockingCallFromThreadReturnsValuesAndRethrowsFailures() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            assertThat(f.reactor.blockingCallFromThread(() -> Deferred.succeed(f.reactor.isReactorThread())))
                    .isTrue();
            IllegalStateException sync = new IllegalStateException("thrown by the call");
            assertThatThrownBy(() -> f.reactor.blockingCallFromThread(() -> {
                throw sync;
            })).isSameAs(sync);
            IllegalArgumentException async = new IllegalArgumentException("failed Deferred");
            assertThatThrownBy(() -> f.reactor.<String>blockingCallFromThread(() -> {
                Deferred<String> d = new Deferred<>();
                f.reactor.callLater(Duration.ofMillis(1), () -> d.errback(async));
                return d;
            })).isSameAs(async);
            CompletableFuture<Throwable> onReactor = new CompletableFuture<>();
            f.reactor.callFromThread(() -> {
                try {
                    f.reactor.blockingCallFromThread(() -> Deferred.succeed(1));
                    onReactor.complete(null);
                } catch (WrongThreadException e) {
                    onReactor.complete(e);
                }
            });
            assertThat(await(onReactor)).isInstanceOf(WrongThreadException.class)
                    .hasMessageContaining("deadlock");
        }
    }

    @Test
    void blockingCallFromThreadWrapsCheckedFailuresAsBlockingAwaitDoes() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            IOException async = new IOException("failed Deferred");
            Throwable fromDeferred = catching(() -> f.reactor.<String>blockingCallFromThread(() -> {
                Deferred<String> d = new Deferred<>();
                f.reactor.callLater(Duration.ofMillis(1), () -> d.errback(async));
                return d;
            }));
            assertThat(fromDeferred).isInstanceOf(CheckedFailureException.class).hasCause(async);
            IOException sync = new IOException("thrown by the call");
            Throwable fromCall = catching(() -> f.reactor.<String>blockingCallFromThread(() -> {
                throw sync;
            }));
            assertThat(fromCall).isInstanceOf(CheckedFailureException.class).hasCause(sync);
            // The same failure through Blocking.await is thrown the same way: one rule.
            Throwable fromAwait = catching(() -> Blocking.on(f.reactor).await(() -> Deferred.fail(async)));
            assertThat(fromAwait).isInstanceOf(CheckedFailureException.class).hasCause(async);
            AssertionError error = new AssertionError("an Error");
            assertThat(catching(() -> f.reactor.blockingCallFromThread(() -> Deferred.fail(error)))).isSameAs(error);
        }
    }

    private static Throwable catching(Runnable action) {
        try {
            action.run();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("nothing was thrown");
    }

    @Test
    void interruptingABlockingCallFromThreadCancelsItsDeferred() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            CompletableFuture<String> cancelledOn = new CompletableFuture<>();
            CountDownLatch issued = new CountDownLatch(1);
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().name("blocking-caller").start(() -> {
                try {
                    f.reactor.blockingCallFromThread(() -> {
                        issued.countDown();
                        return new Deferred<String>(d -> cancelledOn.complete(Thread.currentThread().getName()));
                    });
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
                flagAfter.complete(Thread.currentThread().isInterrupted());
            });
            assertThat(issued.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            assertThat(await(cancelledOn)).isEqualTo(f.name + "-loop");
            assertThat(await(thrown)).isInstanceOf(CancelledException.class);
            assertThat(await(flagAfter)).as("the interrupt was reported by the exception").isFalse();
            caller.join();
        }
    }

    @Test
    void blockingCallFromThreadOnAnotherReactorsThreadIsRefused() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start(); ReactorFixture other = new ReactorFixture().start()) {
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            other.reactor.callFromThread(() -> refused.complete(
                    catching(() -> f.reactor.blockingCallFromThread(() -> Deferred.succeed(1)))));
            assertThat(await(refused)).isInstanceOf(WrongThreadException.class);
        }
    }

    @Test
    void blockingCallsPendingAtShutdownFailAndLaterOnesAreRefused() throws Exception {
        ReactorFixture f = new ReactorFixture().start();
        CompletableFuture<Throwable> pending = new CompletableFuture<>();
        CountDownLatch issued = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                f.reactor.blockingCallFromThread(() -> {
                    issued.countDown();
                    return new Deferred<String>(); // never fires
                });
                pending.complete(null);
            } catch (RuntimeException e) {
                pending.complete(e);
            }
        });
        assertThat(issued.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        f.close();
        assertThat(await(pending)).isInstanceOf(ReactorNotRunningException.class);
        caller.join();
        assertThatThrownBy(() -> f.reactor.blockingCallFromThread(() -> Deferred.succeed(1)))
                .isInstanceOf(ReactorNotRunningException.class);
    }

    @Test
    void suggestThreadPoolSizeBoundsConcurrentWork() throws Exception {
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults().withThreadPoolSize(10)).start()) {
            f.reactor.suggestThreadPoolSize(2);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(12);
            for (int i = 0; i < 12; i++) {
                f.reactor.callInThread(() -> {
                    int now = running.incrementAndGet();
                    peak.accumulateAndGet(now, Math::max);
                    Thread.yield();
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(peak.get()).isBetween(1, 2);
            assertThatThrownBy(() -> f.reactor.suggestThreadPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A task that re-posts itself forever and a timer that re-arms itself forever starve nothing. */
    @Test
    void selfReschedulingTasksAndTimersDoNotStarveIO() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            int port = f.listen(net.reactor.Factory.forProtocol(ReactorFixture.Echo::new));
            ReactorFixture.Prepared<ReactorFixture.Recorder> client =
                    new ReactorFixture.Prepared<>(ReactorFixture.Recorder::new);
            f.connect(port, client);
            boolean[] spinning = {true};
            Runnable[] again = new Runnable[2];
            again[0] = () -> {
                if (spinning[0]) {
                    f.reactor.callFromThread(again[0]);
                }
            };
            again[1] = () -> {
                if (spinning[0]) {
                    f.reactor.callLater(Duration.ZERO, again[1]);
                }
            };
            f.reactor.callFromThread(again[0]);
            f.reactor.callLater(Duration.ZERO, again[1]);
            f.start();
            ReactorFixture.Recorder c = await(await(client.firstBuilt).made);
            for (int i = 1; i <= 100; i++) {
                int n = i;
                CompletableFuture<byte[]> echoed = f.call(() -> {
                    c.transport().write(new byte[] {(byte) n});
                    return c.receivedAtLeast(n);
                });
                assertThat(await(echoed)).hasSize(n);
            }
            f.run(() -> spinning[0] = false);
        }
    }
}
