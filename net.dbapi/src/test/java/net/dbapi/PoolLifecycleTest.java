package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.threadpool.Blocking;
import org.junit.jupiter.api.Test;

/** Start, close and reactor shutdown, and the thread rule. */
class PoolLifecycleTest {

    private static ConnectionPoolOptions one() {
        return ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1);
    }

    private static Throwable failure(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    @Test
    void callsMadeBeforeTheReactorRunsWaitAndRunOnceItStarts() throws Exception {
        try (H2Fixture f = new H2Fixture()) {
            // Before run(), the creating thread sets the reactor up: it may call the pool.
            CompletableFuture<List<Row>> early = f.pool.runQuery("SELECT 1").toCompletableFuture();
            assertThat(early).isNotDone();

            f.start();

            assertThat(early.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void theMinimumConnectionsOpenWhenThePoolStarts() throws Exception {
        try (H2Fixture f = new H2Fixture(ConnectionPoolOptions.defaults().withMinConnections(3)
                .withMaxConnections(5)).start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H2Fixture.WAIT_SECONDS);
            while (f.pool.stats().openConnections() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5); // connections open in the background: nothing to wait on but the count
            }
            assertThat(f.pool.stats().openConnections()).isEqualTo(3);
            assertThat(f.poolSessions()).isEqualTo(3);
        }
    }

    @Test
    void aPlatformThreadIsRefusedAndToldToUseBlockingCallFromThread() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.await(() -> f.pool.runQuery("SELECT 1")); // the reactor runs

            assertThatThrownBy(() -> f.pool.runQuery("SELECT 1")).isInstanceOf(WrongThreadException.class)
                    .hasMessageContaining("ConnectionPool.runQuery must be called on the reactor thread")
                    .hasMessageContaining("reactor.blockingCallFromThread(() -> pool.runQuery(...))")
                    .hasMessageNotContaining("Blocking.await");
            // The advice works.
            assertThat(f.reactor.<List<Row>>blockingCallFromThread(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void aVirtualThreadOfBlockingSpawnIsRefusedAndToldToUseBlockingAwait() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            List<Object> seen = f.await(() -> Blocking.spawn(f.reactor, () -> {
                String message;
                try {
                    f.pool.runInteraction(txn -> 1);
                    message = "not refused";
                } catch (WrongThreadException e) {
                    message = e.getMessage();
                }
                // The advice works.
                List<Row> rows = Blocking.await(() -> f.pool.runQuery("SELECT 1"));
                return List.of(message, rows.size());
            }));

            assertThat((String) seen.get(0))
                    .contains("ConnectionPool.runInteraction must be called on the reactor thread")
                    .contains("bound to the pool's reactor")
                    .contains("Blocking.await(() -> pool.runInteraction(...))")
                    .doesNotContain("Blocking.on(reactor)")
                    .doesNotContain("blockingCallFromThread");
            assertThat(seen.get(1)).isEqualTo(1);
        }
    }

    @Test
    void aVirtualThreadWithNoReactorBoundIsToldToNameTheReactor() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.await(() -> f.pool.runQuery("SELECT 1")); // the reactor runs
            CompletableFuture<List<Object>> seen = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    String message;
                    try {
                        f.pool.runOperation("SELECT 1");
                        message = "not refused";
                    } catch (WrongThreadException e) {
                        message = e.getMessage();
                    }
                    // The advice works.
                    List<Row> rows = Blocking.on(f.reactor).await(() -> f.pool.runQuery("SELECT 1"));
                    seen.complete(List.of(message, rows.size()));
                } catch (Throwable t) {
                    seen.completeExceptionally(t);
                }
            });

            List<Object> result = seen.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat((String) result.get(0))
                    .contains("from a virtual thread")
                    .contains("Blocking.on(reactor).await(() -> pool.runOperation(...))")
                    .contains("Blocking.await(() -> pool.runOperation(...))")
                    .doesNotContain("bound to the pool's reactor")
                    .doesNotContain("blockingCallFromThread");
            assertThat(result.get(1)).isEqualTo(1);
        }
    }

    @Test
    void closeLetsAcceptedCallsFinishThenClosesEveryConnection() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            PoolLimitsTest.Holder h = new PoolLimitsTest.Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            List<CompletableFuture<Outcome<List<Row>>>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(f.future(() -> f.pool.runQuery("SELECT 1")));
            }

            CompletableFuture<Outcome<Void>> closed = f.future(() -> f.pool.close());
            Outcome<List<Row>> refused = f.outcome(() -> f.pool.runQuery("SELECT 2"));

            assertThat(failure(refused)).isInstanceOf(PoolClosedException.class);
            assertThat(closed).isNotDone();
            h.release();
            assertThat(closed.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success(null));
            assertThat(held).isCompletedWithValue(Outcome.success("held"));
            for (CompletableFuture<Outcome<List<Row>>> w : waiting) {
                assertThat(w).isDone();
                assertThat(w.get()).isInstanceOf(Outcome.Success.class);
            }
            f.assertNoPoolThreads();
        }
    }

    @Test
    void closeTwiceFiresBothDeferreds() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.await(() -> f.pool.runQuery("SELECT 1"));

            CompletableFuture<Outcome<Void>> first = f.future(() -> f.pool.close());
            CompletableFuture<Outcome<Void>> second = f.future(() -> f.pool.close());

            assertThat(first.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success(null));
            assertThat(second.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success(null));
            assertThat(f.outcome(() -> f.pool.close())).isEqualTo(Outcome.success(null));
        }
    }

    @Test
    void closeBeforeTheReactorRunsFailsQueuedCalls() throws Exception {
        try (H2Fixture f = new H2Fixture()) {
            CompletableFuture<List<Row>> queued = f.pool.runQuery("SELECT 1").toCompletableFuture();

            CompletableFuture<Void> closed = f.pool.close().toCompletableFuture();

            assertThat(closed).isCompleted();
            assertThat(queued).isCompletedExceptionally();
            assertThatThrownBy(queued::join).hasCauseInstanceOf(PoolClosedException.class);
            f.start();
            assertThat(failure(f.outcome(() -> f.pool.runQuery("SELECT 1")))).isInstanceOf(PoolClosedException.class);
        }
    }

    @Test
    void reactorStopClosesThePoolAfterRunningCallsFinish() throws Exception {
        H2Fixture f = new H2Fixture(one()).start();
        try {
            PoolLimitsTest.Holder h = new PoolLimitsTest.Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            CompletableFuture<Outcome<List<Row>>> waiting = f.future(() -> f.pool.runQuery("SELECT 1"));
            assertThat(f.onReactor(() -> f.pool.stats().waitingCalls())).isEqualTo(1);

            CompletableFuture<Void> stopped = f.reactor.stop().toCompletableFuture();
            assertThat(failure(waiting.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)))
                    .as("a call still waiting when the reactor stops").isInstanceOf(PoolClosedException.class);
            h.release();

            stopped.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success("held"));
            assertThat(f.pool.isClosed()).isTrue();
            f.assertNoPoolThreads();
        } finally {
            f.close();
        }
    }

    @Test
    void reactorStopCancelsCallsThatRunPastTheShutdownTimeout() throws Exception {
        H2Fixture f = new H2Fixture(one().withShutdownTimeout(Duration.ofMillis(100))).start();
        try {
            Deferred<?>[] running = new Deferred<?>[1];
            CompletableFuture<Outcome<List<Row>>> call = f.future(() -> {
                Deferred<List<Row>> d = f.pool.runQuery(PoolFaultsTest.LONG_QUERY);
                running[0] = d;
                return d;
            });
            // Wait until the query really runs on the connection: stopping while it still waits
            // for the connection to open is a different case (PoolClosedException).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H2Fixture.WAIT_SECONDS);
            while (f.await(() -> Deferred.succeed(f.pool.stats().busyConnections())) == 0) {
                assertThat(System.nanoTime()).as("the query started running").isLessThan(deadline);
                Thread.sleep(10);
            }

            f.reactor.stop().toCompletableFuture().get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(failure(call.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)))
                    .isInstanceOf(CancelledException.class);
            f.assertNoPoolThreads();
        } finally {
            f.close();
        }
    }
}
