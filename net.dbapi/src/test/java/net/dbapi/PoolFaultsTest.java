package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.deferred.Outcome;
import org.junit.jupiter.api.Test;

/** Lost connections, validation, failing rollbacks, cancellation and timeouts, on H2. */
class PoolFaultsTest {
    /** Ten billion rows: runs far longer than any test waits, and H2 checks for cancellation as it goes. */
    static final String LONG_QUERY = "SELECT SUM(X) FROM SYSTEM_RANGE(1, 10000000000)";

    private static ConnectionPoolOptions one() {
        return ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1);
    }

    private static Throwable failure(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    private static int sessionId(H2Fixture f) throws Exception {
        return f.await(() -> f.pool.runQuery("SELECT SESSION_ID()")).get(0).getInt(0);
    }

    /** Waits until the pool's session runs the long query (H2 shows it in INFORMATION_SCHEMA.SESSIONS). */
    private static void awaitRunning(H2Fixture f) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H2Fixture.WAIT_SECONDS);
        while (f.scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE EXECUTING_STATEMENT LIKE '%SYSTEM_RANGE(1, 10000000000)%'"
                + " AND SESSION_ID <> SESSION_ID()") == 0) {
            assertThat(System.nanoTime()).as("the long query started").isLessThan(deadline);
            Thread.sleep(5); // polling the database's own view: there is nothing to wait on
        }
    }

    /** Starts an interaction that reports its session id, then waits for the latch and runs a query. */
    private static CompletableFuture<Outcome<List<Row>>> pausedInteraction(H2Fixture f, Database db,
            CompletableFuture<Integer> sessionId, CountDownLatch proceed) {
        return f.future(() -> db.runInteraction(txn -> {
            int id = txn.query("SELECT SESSION_ID()").get(0).getInt(0);
            sessionId.complete(id);
            if (!proceed.await(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
            return txn.query("SELECT 1");
        }));
    }

    @Test
    void aLostConnectionFailsTheCallAndTheNextCallGetsAFreshOne() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            CompletableFuture<Integer> session = new CompletableFuture<>();
            CountDownLatch proceed = new CountDownLatch(1);
            CompletableFuture<Outcome<List<Row>>> call = pausedInteraction(f, f.pool, session, proceed);
            int first = session.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);

            f.sql("CALL ABORT_SESSION(" + first + ")");
            proceed.countDown();

            assertThat(failure(call.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)))
                    .isInstanceOf(DatabaseConnectionLostException.class);
            int second = sessionId(f);
            assertThat(second).isNotEqualTo(first);
            assertThat(f.pool.stats().openConnections()).isEqualTo(1);
        }
    }

    @Test
    void anIdempotentCallIsRunOnceMoreOnAFreshConnection() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            AtomicInteger attempts = new AtomicInteger();
            Database idempotent = f.pool.withOptions(CallOptions.defaults().withIdempotent(true));

            List<Row> rows = f.await(() -> idempotent.runInteraction(txn -> {
                int id = txn.query("SELECT SESSION_ID()").get(0).getInt(0);
                if (attempts.incrementAndGet() == 1) {
                    try (Connection admin = DriverManager.getConnection(f.url);
                            var s = admin.createStatement()) {
                        s.execute("CALL ABORT_SESSION(" + id + ")");
                    }
                }
                return txn.query("SELECT 42");
            }));

            assertThat(rows.get(0).getInt(0)).isEqualTo(42);
            assertThat(attempts.get()).isEqualTo(2);
        }
    }

    @Test
    void aCallNotMarkedIdempotentIsNeverRetried() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            AtomicInteger attempts = new AtomicInteger();

            Outcome<List<Row>> o = f.outcome(() -> f.pool.runInteraction(txn -> {
                attempts.incrementAndGet();
                int id = txn.query("SELECT SESSION_ID()").get(0).getInt(0);
                try (Connection admin = DriverManager.getConnection(f.url); var s = admin.createStatement()) {
                    s.execute("CALL ABORT_SESSION(" + id + ")");
                }
                return txn.query("SELECT 42");
            }));

            assertThat(failure(o)).isInstanceOf(DatabaseConnectionLostException.class);
            assertThat(attempts.get()).isEqualTo(1);
        }
    }

    @Test
    void anIdleConnectionThatFailsValidationIsReplacedBeforeUse() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        ConnectionPoolOptions options = one().withValidateAfterIdle(Duration.ZERO).withGoodSQL("SELECT * FROM health")
                .withOnConnect(c -> opened.incrementAndGet());
        try (H2Fixture f = new H2Fixture(options).start()) {
            f.sql("CREATE TABLE health(ok INT)");
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
            int before = opened.get();

            f.sql("DROP TABLE health"); // from now on every validation fails

            List<Row> rows = f.await(() -> f.pool.runQuery("SELECT 2"));

            // The call is not affected: the pool replaced the connection before lending it (a
            // connection it has just opened is not validated).
            assertThat(rows.get(0).getInt(0)).isEqualTo(2);
            assertThat(opened.get()).isEqualTo(before + 1);
        }
    }

    @Test
    void reconnectOnReplacesAConnectionKilledWhileIdle() throws Exception {
        try (H2Fixture f = new H2Fixture(one().withValidateAfterIdle(Duration.ZERO)).start()) {
            int first = sessionId(f);
            f.sql("CALL ABORT_SESSION(" + first + ")");

            int second = sessionId(f);

            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    void withReconnectOffConnectionsAreNotValidated() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        ConnectionPoolOptions options = one().withReconnect(false).withValidateAfterIdle(Duration.ZERO)
                .withGoodSQL("SELECT * FROM health").withOnConnect(c -> opened.incrementAndGet());
        try (H2Fixture f = new H2Fixture(options).start()) {
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
            int before = opened.get();

            // No "health" table: every validation would fail, but none runs.
            assertThat(f.await(() -> f.pool.runQuery("SELECT 2"))).hasSize(1);

            assertThat(opened.get()).isEqualTo(before);
        }
    }

    @Test
    void rollbackFailureIsAttachedAsSuppressedAndTheConnectionIsDiscarded() throws Exception {
        AtomicBoolean failRollback = new AtomicBoolean();
        AtomicInteger opened = new AtomicInteger();
        java.util.function.Function<String, ConnectionSource> faulty = url -> () -> {
            Connection real = DriverManager.getConnection(url);
            opened.incrementAndGet();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("rollback") && failRollback.get()) {
                            throw new SQLException("rollback refused", "08006");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
        try (H2Fixture f = new H2Fixture(one(), faulty).start()) {
            f.sql("CREATE TABLE t(v INT)");
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
            int openedBefore = opened.get();
            failRollback.set(true);
            IllegalArgumentException original = new IllegalArgumentException("bad input");

            Outcome<Object> o = f.outcome(() -> f.pool.runInteraction(txn -> {
                txn.update("INSERT INTO t VALUES (1)");
                throw original;
            }));

            Throwable e = failure(o);
            assertThat(e).isSameAs(original);
            assertThat(e.getSuppressed()).hasSize(1);
            assertThat(e.getSuppressed()[0]).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("rollback refused");
            assertThat(((DatabaseException) e.getSuppressed()[0]).sqlState()).isEqualTo("08006");
            failRollback.set(false);
            assertThat(f.await(() -> f.pool.runQuery("SELECT COUNT(*) FROM t")).get(0).getInt(0))
                    .as("the discarded connection's uncommitted insert is gone").isZero();
            assertThat(opened.get()).as("a fresh connection replaced the discarded one").isEqualTo(openedBefore + 1);
        }
    }

    @Test
    void cancellingARunningQueryCancelsTheStatementAndKeepsTheConnection() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            int before = sessionId(f);
            Deferred<?>[] running = new Deferred<?>[1];
            CompletableFuture<Outcome<List<Row>>> call = f.future(() -> {
                Deferred<List<Row>> d = f.pool.runQuery(LONG_QUERY);
                running[0] = d;
                return d;
            });
            awaitRunning(f);

            f.onReactor(() -> {
                running[0].cancel();
                return null;
            });

            assertThat(failure(call.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)))
                    .isInstanceOf(CancelledException.class);
            assertThat(sessionId(f)).as("same connection, still healthy").isEqualTo(before);
            assertThat(f.pool.stats().openConnections()).isEqualTo(1);
        }
    }

    @Test
    void cancellingARunningInteractionRollsItBack() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            f.sql("CREATE TABLE t(v INT)");
            Deferred<?>[] running = new Deferred<?>[1];
            CompletableFuture<Outcome<List<Row>>> call = f.future(() -> {
                Deferred<List<Row>> d = f.pool.runInteraction(txn -> {
                    txn.update("INSERT INTO t VALUES (1)");
                    return txn.query(LONG_QUERY);
                });
                running[0] = d;
                return d;
            });
            awaitRunning(f);

            f.onReactor(() -> {
                running[0].cancel();
                return null;
            });

            assertThat(failure(call.get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS)))
                    .isInstanceOf(CancelledException.class);
            assertThat(f.await(() -> f.pool.runQuery("SELECT COUNT(*) FROM t")).get(0).getInt(0))
                    .as("rolled back").isZero();
        }
    }

    @Test
    void aQueryTimeoutFailsTheCallAndKeepsTheConnection() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            int before = sessionId(f);
            Database quick = f.pool.withOptions(CallOptions.defaults().withQueryTimeout(Duration.ofMillis(300)));

            Outcome<List<Row>> o = f.outcome(() -> quick.runQuery(LONG_QUERY));

            assertThat(failure(o)).isInstanceOf(QueryTimeoutException.class);
            assertThat(((QueryTimeoutException) failure(o)).sqlState()).isEqualTo("57014");
            assertThat(sessionId(f)).isEqualTo(before);
        }
    }

    @Test
    void thePoolWideQueryTimeoutAppliesByDefault() throws Exception {
        try (H2Fixture f = new H2Fixture(one().withQueryTimeout(Duration.ofSeconds(1))).start()) {
            Outcome<List<Row>> o = f.outcome(() -> f.pool.runQuery(LONG_QUERY));

            assertThat(failure(o)).isInstanceOf(QueryTimeoutException.class);
        }
    }

    @Test
    void aDeferredTimeoutCancelsTheRunningStatement() throws Exception {
        try (H2Fixture f = new H2Fixture(one()).start()) {
            Outcome<List<Row>> o = f.outcome(() -> f.pool.runQuery(LONG_QUERY)
                    .addTimeout(Duration.ofMillis(200), f.reactor));

            assertThat(failure(o)).isInstanceOf(DeferredTimeoutException.class);
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void aStatementBlockedOnALockTimesOutAndItsConnectionIsReturned() throws Exception {
        ConnectionPoolOptions options = one().withQueryTimeout(Duration.ofSeconds(1)).withOnConnect(c -> {
            try (var s = c.createStatement()) {
                s.execute("SET LOCK_TIMEOUT 600000"); // H2's own lock timeout must not answer first
            }
        });
        try (H2Fixture f = new H2Fixture(options).start(); Connection holder = DriverManager.getConnection(f.url)) {
            f.await(() -> f.pool.runOperation("CREATE TABLE LOCKED(ID INT PRIMARY KEY, V INT)"));
            f.await(() -> f.pool.runOperation("INSERT INTO LOCKED VALUES (1, 0)"));
            int before = sessionId(f);
            holder.setAutoCommit(false);
            try (var s = holder.createStatement()) {
                assertThat(s.executeUpdate("UPDATE LOCKED SET V = 1 WHERE ID = 1")).isEqualTo(1); // holds the row lock
            }

            Outcome<Integer> o = f.outcome(() -> f.pool.runOperation("UPDATE LOCKED SET V = 2 WHERE ID = 1"));

            // H2 does not interrupt a lock wait for the JDBC query timeout: the pool's watchdog
            // fails the call a little after it and aborts the connection.
            assertThat(failure(o)).isInstanceOf(QueryTimeoutException.class)
                    .hasMessageContaining("ran past its query timeout of 1 s");
            holder.rollback();
            // The pool repaired itself: a fresh connection serves the next call.
            assertThat(sessionId(f)).as("the aborted connection was replaced").isNotEqualTo(before);
            assertThat(f.await(() -> f.pool.runOperation("UPDATE LOCKED SET V = 3 WHERE ID = 1"))).isEqualTo(1);
            assertThat(f.pool.stats().openConnections()).isEqualTo(1);
        }
    }
}
