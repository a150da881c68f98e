package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

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
    private Thread thread;

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
        thread = reactor.start(name + "-reactor");
        return this;
    }

    /** Runs {@code call} on the reactor thread and waits for the Deferred it returns. */
    <T> T await(Supplier<Deferred<T>> call) throws Exception {
        Outcome<T> o = outcome(call);
        return switch (o) {
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failed<T> f -> throw asException(f.failure().value());
        };
    }

    private static Exception asException(Throwable t) {
        if (t instanceof Exception e) {
            return e;
        }
        throw (Error) t;
    }

    /** Runs {@code call} on the reactor thread and waits for its outcome. */
    <T> Outcome<T> outcome(Supplier<Deferred<T>> call) throws Exception {
        return future(call).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code call} on the reactor thread; the future completes with its Deferred's outcome. */
    <T> CompletableFuture<Outcome<T>> future(Supplier<Deferred<T>> call) {
        CompletableFuture<Outcome<T>> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                call.get().addBoth(o -> {
                    f.complete(o);
                    return null;
                });
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Runs {@code action} on the reactor thread and waits for it. */
    <T> T onReactor(Supplier<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                f.complete(action.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw asException(e.getCause());
        }
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
            if (thread != null) {
                reactor.stop().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
                thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                assertThat(thread.isAlive()).as("reactor thread ended").isFalse();
            }
            assertThat(pool.isClosed() || thread == null).as("pool closed with the reactor").isTrue();
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
