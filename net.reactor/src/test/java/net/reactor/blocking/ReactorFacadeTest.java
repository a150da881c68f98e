package net.reactor.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.threadpool.Blocking;
import net.threadpool.TaskScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The façade on the real reactor: the reactor thread is refused, and shutdown is bounded. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReactorFacadeTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Test
    void theReactorThreadRefusesToWaitEvenWithoutABoundReactor() throws Exception {
        try (BlockingFixture f = new BlockingFixture()) {
            Deferred<String> never = f.call(() -> java.util.List.of(new Deferred<String>())).get(0);
            Throwable await = f.call(() -> catching(() -> Blocking.await(never)));
            assertThat(await).isInstanceOf(WrongThreadException.class).hasMessageContaining("reactor thread")
                    .hasMessageContaining("Blocking.spawn");
            Throwable explicit = f.call(() -> catching(() -> Blocking.on(f.reactor).await(never)));
            assertThat(explicit).isInstanceOf(WrongThreadException.class);
            Throwable scope = f.call(() -> catching(() -> TaskScope.open().close()));
            assertThat(scope).isInstanceOf(WrongThreadException.class).hasMessageContaining("task scope");
        }
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return new AssertionError("nothing thrown");
        } catch (Throwable e) {
            return e;
        }
    }

    @Test
    void stoppingFailsPendingAwaitsAndIsBoundedByATaskThatIgnoresCancellation() throws Exception {
        String name = "facade-stop" + COUNTER.incrementAndGet();
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName(name)
                .withShutdownTimeout(Duration.ofMillis(50)));
        Thread loop = reactor.start(name + "-loop");
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch stubbornStarted = new CountDownLatch(1);
        CompletableFuture<Throwable> spawnedAwait = new CompletableFuture<>();
        CompletableFuture<Throwable> platformAwait = new CompletableFuture<>();
        Thread[] stubborn = new Thread[1];
        try {
            // Pending Deferreds of the reactor that nothing will fire, one per waiter: an await
            // adds the chain's last step, so two waiters cannot share one reference.
            java.util.List<Deferred<String>> never = reactor.blockingCallFromThread(
                    () -> Deferred.succeed(java.util.List.of(new Deferred<String>(), new Deferred<String>())));
            reactor.callFromThread(() -> {
                Blocking.spawn(reactor, () -> {
                    try {
                        return Blocking.await(never.get(0));
                    } catch (RuntimeException e) {
                        spawnedAwait.complete(e);
                        throw e;
                    }
                });
                Blocking.spawn(reactor, () -> {
                    stubborn[0] = Thread.currentThread();
                    stubbornStarted.countDown();
                    while (true) {
                        try {
                            gate.await();
                            return "released";
                        } catch (InterruptedException ignored) {
                            // ignores cancellation
                        }
                    }
                });
            });
            Thread platform = Thread.ofPlatform().name(name + "-platform-waiter").start(() -> {
                try {
                    Blocking.on(reactor).await(never.get(1));
                } catch (Throwable e) {
                    platformAwait.complete(e);
                }
            });
            stubbornStarted.await();
            BlockingFixture.until("both awaits registered", () -> reactor.blockingTasks().stats().waiting() == 2);
            reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(spawnedAwait.get(30, TimeUnit.SECONDS)).isInstanceOf(ReactorNotRunningException.class);
            assertThat(platformAwait.get(30, TimeUnit.SECONDS)).isInstanceOf(ReactorNotRunningException.class);
            platform.join();
            assertThat(stubborn[0].isAlive()).as("the stop did not wait for it forever").isTrue();
            assertThat(catching(() -> Blocking.on(reactor).await(Deferred.succeed("too late"))))
                    .as("a later await fails with the reactor's reason").isInstanceOf(ReactorNotRunningException.class);
        } finally {
            gate.countDown();
            loop.join(TimeUnit.SECONDS.toMillis(60));
        }
        stubborn[0].join();
        BlockingFixture.until("the stubborn task counted as ended", () -> reactor.blockingTasks().stats().running() == 0);
    }
}
