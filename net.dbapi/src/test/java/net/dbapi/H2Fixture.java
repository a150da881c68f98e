package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;

/**
 * A running reactor with a pool over a private in-memory H2 database, for one test. Calls are
 * made on the reactor thread and awaited (bounded) from the test thread.
 */
final class H2Fixture implements AutoCloseable {
    static final long WAIT_SECONDS = 30;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String name;
    final String url;
    final Reactor reactor;
    final ConnectionPool pool;
    private final Connection keepAlive;
    private RunningReactor running;

    H2Fixture() throws SQLException {
        this(ConnectionPoolOptions.defaults());
    }

    H2Fixture(ConnectionPoolOptions options) throws SQLException {
        this(options, null);
    }

    /** A pool whose connections come from {@code source}, given the database's URL. */
    H2Fixture(ConnectionPoolOptions options, java.util.function.Function<String, ConnectionSource> source)
            throws SQLException {
        name = "h2t" + COUNTER.incrementAndGet();
        url = "jdbc:h2:mem:" + name;
        // Keeps the in-memory database alive for the whole test, and lets the test look at it.
        keepAlive = DriverManager.getConnection(url);
        reactor = Reactor.create(ReactorOptions.defaults().withName(name).withShutdownTimeout(Duration.ofSeconds(10)));
        pool = ConnectionPool.create(reactor, source != null ? source.apply(url) : ConnectionSource.url(url),
                options.withName(name + "-pool"));
    }

    H2Fixture start() {
        running = RunningReactor.start(reactor, name + "-reactor");
        return this;
    }

    /** Runs {@code call} on the reactor thread and waits for the Deferred it returns. */
    <T> T await(Supplier<Deferred<T>> call) throws Exception {
        return running.await(call::get);
    }

    /** Runs {@code call} on the reactor thread and waits for its outcome. */
    <T> Outcome<T> outcome(Supplier<Deferred<T>> call) throws Exception {
        return running.outcome(call::get);
    }

    /** Runs {@code call} on the reactor thread; the future completes with its Deferred's outcome. */
    <T> CompletableFuture<Outcome<T>> future(Supplier<Deferred<T>> call) {
        return running.outcomeLater(call::get);
    }

    /** Runs {@code action} on the reactor thread and waits for it. */
    <T> T onReactor(Supplier<T> action) throws Exception {
        return running.call(action::get);
    }

    /** Runs SQL on the test's own connection (not the pool's). */
    void sql(String sql) throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute(sql);
        }
    }

    long scalar(String sql) throws SQLException {
        try (Statement s = keepAlive.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sessions of this database other than the test's own. */
    long poolSessions() throws SQLException {
        return scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()");
    }

    @Override
    public void close() throws Exception {
        try {
            if (running != null) {
                running.close();
            }
            assertThat(pool.isClosed() || running == null).as("pool closed with the reactor").isTrue();
            assertNoPoolThreads();
        } finally {
            sql("SHUTDOWN");
            keepAlive.close();
        }
    }

    /** Every connection of the pool is closed, as the pool and as the database see it. */
    void assertNoPoolThreads() throws SQLException {
        assertThat(pool.stats().openConnections()).as("open connections after close").isZero();
        assertThat(pool.stats().busyConnections()).as("busy connections after close").isZero();
        assertThat(poolSessions()).as("database sessions of the pool after close").isZero();
    }
}
