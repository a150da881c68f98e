package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.threadpool.Blocking;
import org.junit.jupiter.api.Test;

/**
 * Every way a call can fail because of the database or the pool is a {@link DatabaseException}:
 * one {@code failure.trap(DatabaseException.class)}, or one {@code catch}, handles them all.
 */
class DatabaseFailuresTest {

    private static ConnectionPoolOptions one() {
        return ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1);
    }

    /**
     * Makes {@code call} on the reactor thread with an errback that traps DatabaseException, and
     * returns what the trapped exception was (or the call's failure, if the trap let it through).
     */
    private static <T> Outcome<Object> trapped(H2Fixture f, Supplier<Deferred<T>> call) throws Exception {
        return f.outcome(() -> call.get().<Object>addCallback(v -> "no failure").addErrback(failure -> {
            failure.trap(DatabaseException.class);
            return failure.value();
        }));
    }

    private static Object trappedValue(Outcome<Object> o) {
        assertThat(o).as("the trap let the failure through").isInstanceOf(Outcome.Success.class);
        return ((Outcome.Success<Object>) o).value();
    }

    @Test
    void theRefusalsOfThePoolAreDatabaseExceptionsWithoutSQLState() {
        for (DatabaseException e : List.of(new PoolExhaustedException("full"), new AcquireTimeoutException("slow"),
                new PoolClosedException("closed"))) {
            assertThat(e.sqlState()).isNull();
            assertThat(e.vendorCode()).isZero();
            assertThat((Object) e.sqlException()).isNull();
            assertThat(e.isTransactionRollback()).isFalse();
            assertThat(e.getCause()).isNull();
        }
        assertThat(new DatabaseException("plain").sqlState()).isNull();
    }

    @Test
    void oneTrapHandlesAnSQLErrorAndEachRefusalOfThePool() throws Exception {
        try (H2Fixture f = new H2Fixture(one().withQueueLimit(1).withAcquireTimeout(Duration.ofMillis(300))).start()) {
            assertThat(trappedValue(trapped(f, () -> f.pool.runQuery("SELECT * FROM no_such_table"))))
                    .isExactlyInstanceOf(DatabaseException.class);

            PoolLimitsTest.Holder h = new PoolLimitsTest.Holder();
            CompletableFuture<Outcome<String>> held = f.future(() -> f.pool.runInteraction(h.interaction()));
            h.awaitStarted();
            // The one connection is held: the next call waits (then times out), the one after is refused.
            CompletableFuture<Outcome<Object>> waiting = f.future(() -> f.pool.runQuery("SELECT 1")
                    .<Object>addCallback(v -> "no failure").addErrback(failure -> {
                        failure.trap(DatabaseException.class);
                        return failure.value();
                    }));
            Outcome<Object> exhausted = trapped(f, () -> f.pool.runQuery("SELECT 2"));

            assertThat(trappedValue(exhausted)).isInstanceOf(PoolExhaustedException.class);
            assertThat(trappedValue(waiting.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)))
                    .isInstanceOf(AcquireTimeoutException.class);
            h.release();
            assertThat(held.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success("held"));

            f.await(() -> f.pool.close());
            assertThat(trappedValue(trapped(f, () -> f.pool.runQuery("SELECT 3"))))
                    .isInstanceOf(PoolClosedException.class);
        }
    }

    @Test
    void theTrapLetsAFailureOfTheCallersOwnCodeThrough() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Outcome<Object> o = trapped(f, () -> f.pool.runInteraction(txn -> {
                throw new UnsupportedOperationException("not a database failure");
            }));

            assertThat(o).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed<Object>) o).failure().value()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void oneCatchInBlockingCodeHandlesAnSQLErrorAndAClosedPool() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            List<Class<?>> caught = f.await(() -> Blocking.spawn(f.reactor, () -> {
                List<Class<?>> types = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    try {
                        Blocking.await(() -> f.pool.runQuery("SELECT * FROM no_such_table"));
                    } catch (DatabaseException e) {
                        types.add(e.getClass());
                    }
                    if (i == 0) {
                        Blocking.await(() -> f.pool.close());
                    }
                }
                return types;
            }));

            assertThat(caught).containsExactly(DatabaseException.class, PoolClosedException.class);
        }
    }
}
