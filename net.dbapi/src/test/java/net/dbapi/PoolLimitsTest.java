package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import org.junit.jupiter.api.Test;

/** Bounds of the pool: connection count, FIFO waiting, queue limit, acquire timeout. */
class PoolLimitsTest {

    /** A call that holds its connection until {@link #release()}. */
    static final class Holder {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Interaction<String> interaction() {
            return txn -> {
                started.countDown();
                if (!release.await(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                return "held";
            };
        }

        void awaitStarted() throws InterruptedException {
            assertThat(started.await(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).as("holder started").isTrue();
        }

        void release() {
            release.countDown();
        }
    }

    private static ConnectionPoolOptions one() {
        return ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1);
    }

    @Test
    void waitingCallsRunInTheOrderTheyWereMade() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            Holder h = new Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Outcome<Integer>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                calls.add(f.future(() -> f.pool.runInteraction(txn -> {
                    order.add(n);
                    return n;
                })));
            }
            assertThat(f.onReactor(() -> f.pool.stats().waitingCalls())).isEqualTo(20);

            h.release();

            for (CompletableFuture<Outcome<Integer>> c : calls) {
                assertThat(c.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
            }
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success("held"));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(i);
            }
            assertThat(order).isEqualTo(expected);
        }
    }

    @Test
    void manyConcurrentCallsNeverOpenMoreThanMaxConnections() throws Exception {
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(0).withMaxConnections(4);
        try (H2Fixture f = new H2Fixture(options).start()) {
            f.sql("CREATE TABLE t(v INT)");
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger maxConcurrent = new AtomicInteger();
            List<Deferred<Integer>> calls = new ArrayList<>();

            List<Integer> results = f.await(() -> {
                for (int i = 0; i < 500; i++) {
                    int n = i;
                    calls.add(f.pool.runInteraction(txn -> {
                        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                        try {
                            txn.update("INSERT INTO t VALUES (?)", n);
                            return n;
                        } finally {
                            concurrent.decrementAndGet();
                        }
                    }));
                }
                return Deferred.gatherResults(calls);
            });

            assertThat(results).hasSize(500);
            assertThat(f.scalar("SELECT COUNT(*) FROM t")).isEqualTo(500);
            assertThat(maxConcurrent.get()).isLessThanOrEqualTo(4);
            assertThat(f.pool.stats().peakOpenConnections()).isBetween(1, 4);
        }
    }

    @Test
    void callsBeyondTheQueueLimitFailAtOnce() throws Exception {
        try (H2Fixture f = new H2Fixture(one().withQueueLimit(2)).start()) {
            Holder h = new Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            CompletableFuture<Outcome<List<Row>>> w1 = f.future(() -> f.pool.runQuery("SELECT 1"));
            CompletableFuture<Outcome<List<Row>>> w2 = f.future(() -> f.pool.runQuery("SELECT 2"));

            Outcome<List<Row>> refused = f.outcome(() -> f.pool.runQuery("SELECT 3"));

            assertThat(((Outcome.Failed<List<Row>>) refused).failure().value())
                    .isInstanceOf(PoolExhaustedException.class).hasMessageContaining("queue limit 2");
            h.release();
            assertThat(w1.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
            assertThat(w2.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
        }
    }

    @Test
    void aCallThatWaitsLongerThanTheAcquireTimeoutFails() throws Exception {
        try (H2Fixture f = new H2Fixture(one().withAcquireTimeout(Duration.ofMillis(200))).start()) {
            Holder h = new Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();

            Outcome<List<Row>> timedOut = f.outcome(() -> f.pool.runQuery("SELECT 1"));

            assertThat(((Outcome.Failed<List<Row>>) timedOut).failure().value())
                    .isInstanceOf(AcquireTimeoutException.class);
            assertThat(f.pool.stats().waitingCalls()).isZero();
            h.release();
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void cancellingAWaitingCallRemovesItFromTheQueue() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            Holder h = new Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            AtomicInteger ran = new AtomicInteger();
            List<Deferred<Integer>> waiting = new ArrayList<>();
            CompletableFuture<Outcome<Integer>> cancelled = f.future(() -> {
                Deferred<Integer> d = f.pool.runInteraction(txn -> ran.incrementAndGet());
                waiting.add(d);
                return d;
            });
            CompletableFuture<Outcome<Integer>> after = f.future(() -> f.pool.runInteraction(txn -> 7));
            assertThat(f.onReactor(() -> f.pool.stats().waitingCalls())).isEqualTo(2);

            f.onReactor(() -> {
                waiting.get(0).cancel();
                return null;
            });

            assertThat(((Outcome.Failed<Integer>) cancelled.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).failure()
                    .value()).isInstanceOf(CancelledException.class);
            assertThat(f.onReactor(() -> f.pool.stats().waitingCalls())).isEqualTo(1);
            h.release();
            assertThat(after.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success(7));
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
            assertThat(ran.get()).as("the cancelled call never ran").isZero();
        }
    }

    @Test
    void statsCountBusyConnectionsAndWaitingCalls() throws Exception {
        try (H2Fixture f = new H2Fixture(ConnectionPoolOptions.defaults().withMinConnections(2)
                .withMaxConnections(2)).start()) {
            Holder a = new Holder();
            Holder b = new Holder();
            CompletableFuture<Outcome<String>> ha = f.future(() -> f.pool.runInteraction(a.interaction()));
            CompletableFuture<Outcome<String>> hb = f.future(() -> f.pool.runInteraction(b.interaction()));
            a.awaitStarted();
            b.awaitStarted();
            CompletableFuture<Outcome<List<Row>>> queued = f.future(() -> f.pool.runQuery("SELECT 1"));

            PoolStats stats = f.onReactor(() -> f.pool.stats());

            assertThat(stats).isEqualTo(new PoolStats(2, 2, 1, 2, 2));
            a.release();
            b.release();
            assertThat(queued.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
            ha.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);
            hb.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
