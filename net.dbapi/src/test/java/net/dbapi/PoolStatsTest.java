package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Outcome;
import org.junit.jupiter.api.Test;

/** PoolStats' call totals: each kind of outcome counted once, readable from any thread. */
class PoolStatsTest {

    @Test
    void countsSucceededFailedRefusedAndTimedOutCalls() throws Exception {
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1)
                .withQueueLimit(1).withAcquireTimeout(Duration.ofMillis(50));
        try (H2Fixture f = new H2Fixture(options).start()) {
            assertThat(f.future(() -> f.pool.runQuery("SELECT 1")).get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(Outcome.Success.class);
            assertThat(f.future(() -> f.pool.runQuery("SELECT no_such_column")).get(H2Fixture.WAIT_SECONDS,
                    TimeUnit.SECONDS)).isInstanceOf(Outcome.Failed.class);

            // The one connection held: the next call waits and gives up, the one after is refused.
            PoolLimitsTest.Holder h = new PoolLimitsTest.Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            CompletableFuture<Outcome<List<Row>>> waits = f.future(() -> f.pool.runQuery("SELECT 2"));
            CompletableFuture<Outcome<List<Row>>> refused = f.future(() -> f.pool.runQuery("SELECT 3"));
            assertThat(((Outcome.Failed<List<Row>>) refused.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).failure()
                    .value()).isInstanceOf(PoolExhaustedException.class);
            assertThat(((Outcome.Failed<List<Row>>) waits.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).failure()
                    .value()).isInstanceOf(AcquireTimeoutException.class);

            PoolStats during = f.pool.stats(); // from the test thread: safe from any thread
            assertThat(during.busyConnections()).isEqualTo(1);
            assertThat(during.idleConnections()).isZero();
            h.release();
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);

            PoolStats after = f.onReactor(() -> f.pool.stats());
            assertThat(after.succeededCalls()).isEqualTo(2); // SELECT 1 and the holder
            assertThat(after.failedCalls()).isEqualTo(1);
            assertThat(after.queryTimeouts()).isZero();
            assertThat(after.acquireTimeouts()).isEqualTo(1);
            assertThat(after.refusedCalls()).isEqualTo(1);
            assertThat(after.idleConnections()).isEqualTo(after.openConnections() - after.busyConnections());
        }
    }
}
