package spindle.it.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import net.dbapi.CallOptions;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.Database;
import net.dbapi.DatabaseConnectionLostException;
import net.dbapi.DatabaseException;
import net.dbapi.PoolClosedException;
import net.dbapi.PoolExhaustedException;
import net.dbapi.QueryTimeoutException;
import net.dbapi.Row;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's behaviour against a real database server, written once and run against each
 * (PostgreSQL, MariaDB, H2): subclasses say how their database sleeps, names and kills a session,
 * and counts connections.
 */
abstract class PoolContract {
    static final long WAIT_SECONDS = 30;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final DatabaseServer server = server();
    final String table = "spindle_it_" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    String tag;
    Reactor reactor;
    Connection monitor;
    private RunningReactor running;

    // ------------------------------------------------------------------ what differs per database

    abstract DatabaseServer server();

    /** A query that runs about {@code seconds} and can be cancelled. */
    abstract String sleepQuery(int seconds);

    /** The id of the calling session. */
    abstract String sessionIdQuery();

    /** Ends session {@code id} from the monitor connection, as an administrator would. */
    abstract void kill(long id) throws SQLException;

    /** The sessions of the pools tagged {@code tag} that the server sees. */
    abstract long serverConnections() throws SQLException;

    /** The session of the pool running {@link #sleepQuery}, or -1 if none runs it yet. */
    abstract long sessionRunningSleep() throws SQLException;

    /** The SQLState of a unique-key violation. */
    abstract String uniqueViolationState();

    /**
     * The statement that makes the current transaction fail with a serialization error under
     * concurrent updates, or {@code null} if the database has no such mode.
     */
    abstract String serializableTransaction();

    /** Whether the client notices only by a round trip that its session was killed while idle. */
    boolean killedIdleSessionUnnoticed() {
        return true;
    }

    // ------------------------------------------------------------------ set-up

    @BeforeEach
    void setUp() throws Exception {
        server.assumeReachable();
        monitor = server.connect();
        tag = "spindle-it-" + COUNTER.incrementAndGet() + "-" + ProcessHandle.current().pid();
        exec("DROP TABLE IF EXISTS " + table);
        exec("CREATE TABLE " + table + " (id INT PRIMARY KEY, balance INT NOT NULL)");
        running = RunningReactor.start(Reactor.create(ReactorOptions.defaults().withName(tag)), tag + "-reactor");
        reactor = running.reactor();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (running != null) {
            running.close();
        }
        if (monitor != null) {
            try {
                awaitServerConnections(0);
                exec("DROP TABLE IF EXISTS " + table);
            } finally {
                monitor.close();
            }
        }
    }

    ConnectionPool pool(ConnectionPoolOptions options) throws Exception {
        return onReactor(() -> ConnectionPool.create(reactor, server.source(tag), options.withName(tag)));
    }

    void exec(String sql) throws SQLException {
        try (Statement s = monitor.createStatement()) {
            s.execute(sql);
        }
    }

    long scalar(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = monitor.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Waits (bounded) until the server sees {@code n} connections of this test's pools. */
    void awaitServerConnections(long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (serverConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10); // the server's own view: a backend ends shortly after its client closes
        }
        assertThat(serverConnections()).as("connections the server sees").isEqualTo(n);
    }

    long awaitSleepingSession() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long id;
        while ((id = sessionRunningSleep()) < 0) {
            assertThat(System.nanoTime()).as("the sleep query started").isLessThan(deadline);
            Thread.sleep(5); // the server's view of what runs: nothing to wait on
        }
        return id;
    }

    // ------------------------------------------------------------------ reactor helpers

    <T> CompletableFuture<Outcome<T>> future(Supplier<Deferred<T>> call) {
        return running.outcomeLater(call::get);
    }

    <T> Outcome<T> outcome(Supplier<Deferred<T>> call) throws Exception {
        return running.outcome(call::get);
    }

    <T> T await(Supplier<Deferred<T>> call) throws Exception {
        return running.await(call::get);
    }

    <T> T onReactor(Supplier<T> action) throws Exception {
        return running.call(action::get);
    }

    static Throwable failure(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    long sessionId(Database db) throws Exception {
        return await(() -> db.runQuery(sessionIdQuery())).get(0).getLong(0);
    }

    static ConnectionPoolOptions sized(int max) {
        return ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(max);
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void interactionsCommitOnReturnAndRollBackOnThrow() throws Exception {
        ConnectionPool pool = pool(sized(2));
        await(() -> pool.runOperation("INSERT INTO " + table + " VALUES (?, ?)", 1, 100));

        await(() -> pool.runInteraction(txn -> txn.update("UPDATE " + table + " SET balance = balance + 1")));
        Outcome<Integer> failed = outcome(() -> pool.runInteraction(txn -> {
            txn.update("UPDATE " + table + " SET balance = 0");
            throw new IllegalStateException("changed my mind");
        }));

        assertThat(failure(failed)).isInstanceOf(IllegalStateException.class);
        assertThat(scalar("SELECT balance FROM " + table + " WHERE id = 1")).isEqualTo(101);
        List<Row> rows = await(() -> pool.runQuery("SELECT id, balance FROM " + table + " WHERE id = ?", 1));
        assertThat(rows.get(0).getInt("balance")).isEqualTo(101);
    }

    @Test
    void aConstraintViolationSurfacesItsSQLState() throws Exception {
        ConnectionPool pool = pool(sized(1));
        await(() -> pool.runOperation("INSERT INTO " + table + " VALUES (?, ?)", 1, 100));

        Outcome<Integer> o = outcome(() -> pool.runOperation("INSERT INTO " + table + " VALUES (?, ?)", 1, 5));

        DatabaseException e = (DatabaseException) failure(o);
        assertThat(e.sqlState()).isEqualTo(uniqueViolationState());
        assertThat(e.getMessage()).contains(uniqueViolationState());
        assertThat(await(() -> pool.runQuery("SELECT COUNT(*) FROM " + table)).get(0).getLong(0))
                .as("the connection is still usable").isEqualTo(1);
    }

    @Test
    void aSessionKilledDuringACallFailsThatCallAndTheNextCallGetsAFreshConnection() throws Exception {
        ConnectionPool pool = pool(sized(1));
        long first = sessionId(pool);
        CompletableFuture<Outcome<List<Row>>> call = future(() -> pool.runQuery(sleepQuery(10)));
        long running = awaitSleepingSession();
        assertThat(running).isEqualTo(first);

        kill(running);

        assertThat(failure(call.get(WAIT_SECONDS, TimeUnit.SECONDS)))
                .isInstanceOf(DatabaseConnectionLostException.class);
        long second = sessionId(pool);
        assertThat(second).isNotEqualTo(first);
        assertThat(pool.stats().openConnections()).isEqualTo(1);
    }

    @Test
    void withReconnectOffASessionKilledWhileIdleFailsTheNextCallOnly() throws Exception {
        assumeTrue(killedIdleSessionUnnoticed(), "the driver notices a killed idle session by itself");
        ConnectionPool pool = pool(sized(1).withReconnect(false));
        long first = sessionId(pool);

        kill(first);
        awaitServerConnections(0);

        assertThat(failure(outcome(() -> pool.runQuery("SELECT 1"))))
                .isInstanceOf(DatabaseConnectionLostException.class);
        assertThat(sessionId(pool)).isNotEqualTo(first);
    }

    @Test
    void withReconnectOnASessionKilledWhileIdleIsReplacedBeforeUse() throws Exception {
        ConnectionPool pool = pool(sized(1).withValidateAfterIdle(Duration.ZERO));
        long first = sessionId(pool);

        kill(first);
        awaitServerConnections(0);

        assertThat(sessionId(pool)).isNotEqualTo(first);
    }

    @Test
    void aSleepCancelledAfter100msStopsOnTheServerAndTheConnectionIsReused() throws Exception {
        ConnectionPool pool = pool(sized(1));
        long session = sessionId(pool);
        Outcome<List<Row>> o = outcome(() -> {
            Deferred<List<Row>> d = pool.runQuery(sleepQuery(10));
            reactor.callLater(Duration.ofMillis(100), d::cancel);
            return d;
        });

        assertThat(failure(o)).isInstanceOf(CancelledException.class);
        // The pool has one connection: the next call can run only once the sleep has stopped on
        // the server, and must do so well within the 10 s the sleep would have taken.
        Outcome<List<Row>> next = future(() -> pool.runQuery(sessionIdQuery())).get(5, TimeUnit.SECONDS);
        assertThat(next).isInstanceOf(Outcome.Success.class);
        assertThat(((Outcome.Success<List<Row>>) next).value().get(0).getLong(0)).as("same, healthy connection")
                .isEqualTo(session);
        assertThat(sessionRunningSleep()).isEqualTo(-1);
    }

    @Test
    void aQueryTimeoutFailsTheCallAndKeepsTheConnection() throws Exception {
        ConnectionPool pool = pool(sized(1));
        long session = sessionId(pool);
        Database quick = pool.withOptions(CallOptions.defaults().withQueryTimeout(Duration.ofSeconds(1)));

        assertThat(failure(outcome(() -> quick.runQuery(sleepQuery(10))))).isInstanceOf(QueryTimeoutException.class);
        assertThat(sessionId(pool)).isEqualTo(session);
    }

    @Test
    void aThousandConcurrentCallsThroughTenConnectionsAllCompleteAndNeverExceedTen() throws Exception {
        ConnectionPool pool = pool(sized(10).withMinConnections(0));
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong maxSeen = new AtomicLong();
        AtomicReference<Exception> watchFailed = new AtomicReference<>();
        Thread watcher = Thread.ofVirtual().name(tag + "-watcher").start(() -> {
            try (Connection c = server.connect()) {
                while (!done.get()) {
                    maxSeen.accumulateAndGet(countWith(c), Math::max);
                }
                // An in-memory database can answer all the calls between two samples; the pool's
                // connections are still open right after, so one more sample always sees them.
                maxSeen.accumulateAndGet(countWith(c), Math::max);
            } catch (Exception e) {
                watchFailed.set(e);
            }
        });
        List<Deferred<List<Row>>> calls = new ArrayList<>();

        List<List<Row>> results;
        try {
            results = await(() -> {
                for (int i = 0; i < 1000; i++) {
                    calls.add(pool.runQuery("SELECT ? AS n", i));
                }
                return Deferred.gatherResults(calls);
            });
        } finally {
            done.set(true);
            watcher.join();
        }

        assertThat(watchFailed.get()).as("the watcher counting the server's sessions failed").isNull();
        assertThat(results).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(results.get(i).get(0).getInt("n")).isEqualTo(i);
        }
        assertThat(maxSeen.get()).as("connections the server saw at once").isBetween(1L, 10L);
        assertThat(pool.stats().peakOpenConnections()).isBetween(1, 10);
    }

    /** {@link #serverConnections()} on another connection (the watcher's). */
    abstract long countWith(Connection c) throws SQLException;

    @Test
    void callsBeyondTheQueueLimitFailAtOnce() throws Exception {
        ConnectionPool pool = pool(sized(2).withQueueLimit(3));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        List<CompletableFuture<Outcome<Integer>>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(future(() -> pool.runInteraction(txn -> {
                started.countDown();
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return txn.query("SELECT 1").size();
            })));
        }
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Outcome<List<Row>>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(future(() -> pool.runQuery("SELECT 1")));
        }

        Outcome<List<Row>> refused = outcome(() -> pool.runQuery("SELECT 1"));

        assertThat(failure(refused)).isInstanceOf(PoolExhaustedException.class);
        release.countDown();
        for (CompletableFuture<Outcome<List<Row>>> w : waiting) {
            assertThat(w.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(Outcome.Success.class);
        }
        for (CompletableFuture<Outcome<Integer>> h : held) {
            assertThat(h.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success(1));
        }
    }

    @Test
    void closeWithWorkInFlightFinishesItThenClosesEveryConnection() throws Exception {
        ConnectionPool pool = pool(sized(2));
        List<CompletableFuture<Outcome<List<Row>>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(future(() -> pool.runQuery(sleepQuery(1))));
        }
        awaitSleepingSession();

        CompletableFuture<Outcome<Void>> closed = future(pool::close);
        Outcome<List<Row>> late = outcome(() -> pool.runQuery("SELECT 1"));

        assertThat(failure(late)).isInstanceOf(PoolClosedException.class);
        assertThat(closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Outcome.success(null));
        for (CompletableFuture<Outcome<List<Row>>> c : calls) {
            assertThat(c).as("every accepted call finished before the pool closed").isDone();
            assertThat(c.get()).isInstanceOf(Outcome.Success.class);
        }
        assertThat(pool.stats().openConnections()).isZero();
        awaitServerConnections(0);
    }

    @Test
    void stoppingTheReactorClosesThePool() throws Exception {
        ConnectionPool pool = pool(sized(3).withMinConnections(3));
        await(() -> pool.runQuery("SELECT 1"));
        awaitServerConnections(3);

        reactor.stop().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(pool.isClosed()).isTrue();
        assertThat(pool.stats().openConnections()).isZero();
        awaitServerConnections(0);
    }

    @Test
    void aSerializationFailureUnderConcurrentUpdatesRollsBackCleanly() throws Exception {
        String serializable = serializableTransaction();
        assumeTrue(serializable != null, "no serializable mode that fails concurrent updates");
        ConnectionPool pool = pool(sized(2));
        await(() -> pool.runOperation("INSERT INTO " + table + " VALUES (?, ?)", 1, 100));
        await(() -> pool.runOperation("INSERT INTO " + table + " VALUES (?, ?)", 2, 0));
        CyclicBarrier bothRead = new CyclicBarrier(2);

        List<CompletableFuture<Outcome<Integer>>> txns = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int amount = 10 * (i + 1);
            txns.add(future(() -> pool.runInteraction(txn -> {
                txn.update(serializable);
                int balance = txn.query("SELECT balance FROM " + table + " WHERE id = 1").get(0).getInt(0);
                txn.update("INSERT INTO " + table + " VALUES (?, ?)", 10 + amount, amount);
                bothRead.await(WAIT_SECONDS, TimeUnit.SECONDS);
                // Both read the same balance; one of these updates must lose.
                txn.update("UPDATE " + table + " SET balance = ? WHERE id = 1", balance - amount);
                return amount;
            })));
        }

        List<Outcome<Integer>> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome<Integer>> t : txns) {
            outcomes.add(t.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        List<Integer> winners = new ArrayList<>();
        List<DatabaseException> losers = new ArrayList<>();
        for (Outcome<Integer> o : outcomes) {
            switch (o) {
                case Outcome.Success<Integer> s -> winners.add(s.value());
                case Outcome.Failed<Integer> f -> losers.add((DatabaseException) f.failure().value());
            }
        }
        assertThat(winners).hasSize(1);
        assertThat(losers).hasSize(1);
        assertThat(losers.get(0).isTransactionRollback()).as("SQLState " + losers.get(0).sqlState()).isTrue();
        int won = winners.get(0);
        int lost = won == 10 ? 20 : 10;
        assertThat(scalar("SELECT balance FROM " + table + " WHERE id = 1")).isEqualTo(100 - won);
        assertThat(scalar("SELECT COUNT(*) FROM " + table + " WHERE id = ?", 10 + won)).isEqualTo(1);
        assertThat(scalar("SELECT COUNT(*) FROM " + table + " WHERE id = ?", 10 + lost))
                .as("the loser's insert was rolled back").isZero();
        for (int i = 0; i < 2; i++) {
            assertThat(await(() -> pool.runQuery("SELECT COUNT(*) FROM " + table)).get(0).getLong(0))
                    .as("the connections still work").isEqualTo(3);
        }
    }
}
