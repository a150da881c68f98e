package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool that cannot open its connections says so once, not once per connection, and says what
 * to do when no driver took the URL. The pool logs through System.Logger, whose default backend
 * is java.util.logging: the test listens there.
 */
class ConnectFailureLoggingTest {
    /** Held strongly: java.util.logging keeps loggers only weakly, and would drop the level set here. */
    private static final Logger POOL_LOG = Logger.getLogger("net.dbapi.ConnectionPool");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void listen() {
        previousLevel = POOL_LOG.getLevel();
        POOL_LOG.setLevel(Level.ALL); // DEBUG is FINE, below the default INFO
        handler.setLevel(Level.ALL);
        POOL_LOG.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        POOL_LOG.removeHandler(handler);
        POOL_LOG.setLevel(previousLevel);
    }

    /** The records of {@code pool} about opening connections at start. */
    private List<LogRecord> startFailures(String pool) {
        return records.stream()
                .filter(r -> r.getMessage().startsWith("pool " + pool + ": opening a connection at start failed"))
                .toList();
    }

    /** Waits (bounded) until {@code count} records about failed start-up connections have arrived. */
    private List<LogRecord> awaitStartFailures(String pool, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H2Fixture.WAIT_SECONDS);
        // Each connection of minConnections is opened by its own virtual thread: nothing to wait on but the log.
        while (startFailures(pool).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return startFailures(pool);
    }

    @Test
    void aJdbcURLNoDriverAcceptsIsReportedOnceWithTheHintAndAgainOnlyAtDebug() throws Exception {
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("badurl")
                .withShutdownTimeout(Duration.ofSeconds(10)));
        ConnectionPool pool = ConnectionPool.create(reactor, ConnectionSource.url("jdbc:nosuchdb://127.0.0.1/app"),
                ConnectionPoolOptions.defaults().withName("badurl-pool").withMinConnections(3).withMaxConnections(3));
        Thread loop = reactor.start("badurl-reactor");
        try {
            // Three attempts: one WARNING with its DEBUG stack trace, then two DEBUG repeats.
            List<LogRecord> logged = awaitStartFailures("badurl-pool", 4);

            List<LogRecord> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
            assertThat(warnings).hasSize(1);
            LogRecord warning = warnings.getFirst();
            assertThat(warning.getThrown()).as("no stack trace at WARNING").isNull();
            assertThat(warning.getMessage())
                    .contains("No suitable driver")
                    .contains("put the database's JDBC driver on the module path or the class path")
                    .contains("the same failure again is logged at DEBUG only");
            List<LogRecord> repeats = logged.stream().filter(r -> r.getMessage().contains("failed again")).toList();
            assertThat(repeats).hasSize(2).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.FINE));
            assertThat(repeats).anySatisfy(r -> assertThat(r.getMessage()).contains("(3 times in a row)"));
            assertThat(logged).hasSize(4).filteredOn(r -> r.getThrown() != null).hasSize(3)
                    .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.FINE));

            // A call tries again, and its failure carries the same hint.
            assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> pool.runQuery("SELECT 1")))
                    .isExactlyInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("could not open a connection to jdbc:nosuchdb://127.0.0.1/app")
                    .hasMessageContaining("on the module path or the class path");
            assertThat(startFailures("badurl-pool")).as("a call's failure is the caller's to report").hasSize(4);
        } finally {
            reactor.stop().toCompletableFuture().get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);
            loop.join(TimeUnit.SECONDS.toMillis(H2Fixture.WAIT_SECONDS));
        }
    }

    @Test
    void aDifferentFailureIsReportedWithoutTheDriverHint() throws Exception {
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("nodb")
                .withShutdownTimeout(Duration.ofSeconds(10)));
        // H2's driver takes the URL, but refuses to create the database.
        ConnectionPool pool = ConnectionPool.create(reactor,
                ConnectionSource.url("jdbc:h2:mem:spindle_no_such_db;IFEXISTS=TRUE"),
                ConnectionPoolOptions.defaults().withName("nodb-pool").withMinConnections(1).withMaxConnections(1));
        Thread loop = reactor.start("nodb-reactor");
        try {
            List<LogRecord> logged = awaitStartFailures("nodb-pool", 2);

            assertThat(logged).hasSize(2);
            assertThat(logged.getFirst().getLevel()).isEqualTo(Level.WARNING);
            assertThat(logged.getFirst().getMessage()).contains("spindle_no_such_db").doesNotContain("module path");
            assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> pool.runQuery("SELECT 1")))
                    .isExactlyInstanceOf(DatabaseUnavailableException.class).message().doesNotContain("module path");
        } finally {
            reactor.stop().toCompletableFuture().get(H2Fixture.WAIT_SECONDS, TimeUnit.SECONDS);
            loop.join(TimeUnit.SECONDS.toMillis(H2Fixture.WAIT_SECONDS));
        }
    }

    @Test
    void aRecoveryAfterAFailureAtStartIsReportedAtInfo() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1);
        try (H2Fixture f = new H2Fixture(options, url -> () -> {
            if (attempts.getAndIncrement() == 0) {
                throw new SQLException("the server is starting", "08001");
            }
            return DriverManager.getConnection(url);
        }).start()) {
            String pool = f.name + "-pool";
            // One worker: its opening attempt at start fails, then the call's attempt succeeds.
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);

            List<LogRecord> logged = records.stream().filter(r -> r.getMessage().startsWith("pool " + pool + ":"))
                    .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue()).toList();
            assertThat(logged).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
            assertThat(logged.get(0).getMessage()).contains("the server is starting");
            assertThat(logged.get(1).getMessage()).contains("opened a connection again, after 1 failed attempt(s)");
        }
    }
    @Test
    void callsThatCannotOpenAConnectionAreLoggedOncePerIntervalNotOncePerCall() throws Exception {
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(0).withMaxConnections(2);
        try (H2Fixture f = new H2Fixture(options, url -> () -> {
            throw new SQLException("Connection refused", "08001");
        }).start()) {
            String pool = f.name + "-pool";
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> f.await(() -> f.pool.runQuery("SELECT 1")))
                        .isExactlyInstanceOf(DatabaseUnavailableException.class);
            }
            long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            List<LogRecord> warnings = records.stream()
                    .filter(r -> r.getMessage().startsWith("pool " + pool + ": a call could not get a connection"))
                    .filter(r -> r.getLevel() == Level.WARNING).toList();
            // One line per 10 s interval (the pool's), however many calls failed in it: 20 calls on a
            // quiet machine make one line; a very slow one may cross into a second interval or more.
            assertThat(warnings).isNotEmpty().hasSizeLessThanOrEqualTo(1 + (int) (elapsedSeconds / 10));
            assertThat(warnings.getFirst().getMessage()).contains("Connection refused");
            assertThat(warnings.getFirst().getThrown()).as("the stack trace, the first time")
                    .isInstanceOf(DatabaseUnavailableException.class);
        }
    }
}
