package spindle.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.DatabaseConnectionLostException;
import net.dbapi.DatabaseUnavailableException;
import net.dbapi.PoolStats;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.Reactor;

/**
 * Issue 20 §3, "the database killed under load", for any {@link KillableDatabase}: 64 callers
 * use a pool of 8 connections, the server is killed mid-load, kept down at least
 * {@link #MIN_OUTAGE}, and restarted on the same data directory and port. What every such test
 * asserts, in one place:
 * <ul>
 * <li>calls in flight at the kill fail with {@link DatabaseConnectionLostException} (as does a
 * call that next meets a connection that died idle: at most one call per connection), calls made
 * while the server is away with {@link DatabaseUnavailableException}, and nothing else fails;</li>
 * <li>the pool recovers by itself: calls started after the restart succeed, and none started
 * {@link #RECOVERY_BOUND} or more after it fails;</li>
 * <li>the pool's WARNING lines stay few (rate-limited), however many calls fail;</li>
 * <li>no session leaks: the server's count of the pool's sessions equals the pool's open
 * connections, and is 0 after {@code close()};</li>
 * <li>a well-behaved echo client on the same reactor keeps being served.</li>
 * </ul>
 * Timings are recorded (in {@code target/fault-suite-results.txt} and on standard output), not
 * asserted, except the recovery bound, which is generous: the restart is awaited first.
 */
final class DatabaseKilledUnderLoad {
    static final int CALLERS = 64;
    static final int CONNECTIONS = 8;
    /** The server stays down at least this long, so calls meet it gone, not only the in-flight ones. */
    static final Duration MIN_OUTAGE = Duration.ofMillis(1500);
    /** No call started this long after the restart (which returns once the server accepts connections) may fail. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
    /**
     * The most WARNING lines the pool may write in the whole run: a line per distinct failure
     * (class and message) per 10 s. A run of well under a minute has a few distinct failures
     * (MariaDB's driver names the connection in its message, so a lost connection is one line per
     * connection: at most {@link #CONNECTIONS}), far below this; a line per failed call
     * (thousands) would not be.
     */
    static final int MAX_WARNINGS = 30;
    private static final Set<String> EXPECTED_FAILURES = Set.of(
            DatabaseConnectionLostException.class.getSimpleName(), DatabaseUnavailableException.class.getSimpleName());
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private static final Logger POOL_LOG = Logger.getLogger("net.dbapi.ConnectionPool");

    private DatabaseKilledUnderLoad() {
    }

    /** What one run observed, for the results table. */
    record Observed(long servedBefore, Map<String, Long> failures, Map<String, Long> duringOutage, long servedAfter, double outageSeconds, double recoverySeconds,
            double lastFailureSeconds, long warnings, long sessionsOpen, int poolOpen, long sessionsAfterClose,
            WellBehavedClient.Served witness) {
    }

    /** Runs the fault against {@code db} (started, and closed by the caller), asserts, and records the figures. */
    static Observed run(KillableDatabase db) throws Exception {
        String poolName = "killed-" + db.name().toLowerCase(java.util.Locale.ROOT);
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getMessage() != null
                        && r.getMessage().startsWith("pool " + poolName)) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        POOL_LOG.addHandler(counter);
        Reactor reactor = Reactor.create();
        Thread loop = reactor.start("it-faults-db");
        ConnectionPool pool = reactor.blockingCallFromThread(() -> Deferred.succeed(
                ConnectionPool.create(reactor, db.poolSource(), ConnectionPoolOptions.defaults().withName(poolName)
                        .withMaxConnections(CONNECTIONS).withQueueLimit(1000)
                        .withAcquireTimeout(Duration.ofSeconds(10)))));
        try {
            FaultTransport.Where echo = reactor.blockingCallFromThread(() -> Deferred.succeed(
                    FaultTransport.TCP.listen(reactor, Factory.forProtocol(FaultSuiteTest.Echo::new), null)));
            Observed o;
            try (WellBehavedClient witness = new WellBehavedClient(echo);
                    CallerLoad load = CallerLoad.start(reactor, pool, CALLERS)) {
                assertThat(CallerLoad.await(() -> load.succeeded(CallerLoad.Phase.BEFORE) >= 500, Duration.ofSeconds(60)))
                        .as("500 calls served before the kill").isTrue();
                long servedBefore = load.succeeded(CallerLoad.Phase.BEFORE);

                load.outage();
                long killedAt = System.nanoTime();
                db.kill();
                CallerLoad.await(() -> load.failures(CallerLoad.Phase.OUTAGE)
                        .containsKey(DatabaseUnavailableException.class.getSimpleName())
                        && System.nanoTime() - killedAt >= MIN_OUTAGE.toNanos(), Duration.ofSeconds(30));
                db.restart();
                long restartedAt = load.restarted();

                CallerLoad.await(() -> load.recoveryNanos() >= 0, Duration.ofSeconds(30));
                // Keep calling past the recovery bound, so a pool that had not recovered shows failures then.
                CallerLoad.await(() -> System.nanoTime() - restartedAt > RECOVERY_BOUND.plusSeconds(1).toNanos(),
                        Duration.ofSeconds(30));
                load.close();

                long sessionsOpen = db.poolSessions();
                PoolStats stats = pool.stats();
                reactor.blockingCallFromThread(pool::close);
                long[] afterClose = {-1};
                CallerLoad.await(() -> {
                    try {
                        afterClose[0] = db.poolSessions();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return afterClose[0] == 0;
                }, Duration.ofSeconds(10));
                WellBehavedClient.Served served = witness.stop();
                o = new Observed(servedBefore, load.failuresByType(), load.failures(CallerLoad.Phase.OUTAGE), load.succeeded(CallerLoad.Phase.RESTARTED),
                        CallerLoad.seconds(restartedAt - killedAt), CallerLoad.seconds(load.recoveryNanos()),
                        CallerLoad.seconds(load.lastFailureAfterRestartNanos()), warnings.size(), sessionsOpen,
                        stats.openConnections(), afterClose[0], served);
                System.out.println(db.name() + " killed under load: " + o);
                describeFailures(load);
            }
            record(db, o);

            assertThat(o.servedBefore()).as("calls served before the kill").isPositive();
            // Only the calls on the connections the kill broke lose their connection (each connection
            // dies once, and none opens while the server is down); every other failed call is "unavailable".
            assertThat(o.failures().get(DatabaseConnectionLostException.class.getSimpleName()))
                    .as("calls in flight at the kill, failed as connection-lost").isNotNull()
                    .isBetween(1L, (long) CONNECTIONS);
            assertThat(o.duringOutage()).as("calls made while " + db.name() + " was down").containsKey(
                    DatabaseUnavailableException.class.getSimpleName());
            assertThat(o.failures().keySet()).as("how calls failed").isSubsetOf(EXPECTED_FAILURES);
            assertThat(o.servedAfter()).as("calls served after the restart").isPositive();
            assertThat(o.lastFailureSeconds()).as("the last failed call started this long after the restart")
                    .isLessThan(RECOVERY_BOUND.toMillis() / 1000.0);
            assertThat(o.warnings()).as("WARNING lines of the pool (rate-limited), for "
                    + o.failures().values().stream().mapToLong(Long::longValue).sum() + " failed calls: " + warnings)
                    .isPositive().isLessThanOrEqualTo(MAX_WARNINGS);
            assertThat(o.sessionsOpen()).as(db.name() + "'s sessions vs the pool's open connections")
                    .isEqualTo(o.poolOpen());
            assertThat(o.sessionsAfterClose()).as("sessions left after the pool closed").isZero();
            assertThat(o.witness().failure()).as("the well-behaved client").isNull();
            assertThat(o.witness().roundTrips()).isPositive();
            return o;
        } finally {
            POOL_LOG.removeHandler(counter);
            if (!pool.isClosed()) {
                reactor.blockingCallFromThread(pool::close);
            }
            reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            loop.join(60_000);
        }
    }

    /** Prints the first failure of each type (its message carries the SQLState), for the record. */
    private static void describeFailures(CallerLoad load) {
        for (String type : load.failuresByType().keySet()) {
            Throwable t = load.firstFailure(type);
            System.out.println("  first " + type + ": " + t.getMessage());
        }
    }

    /** Appends the run's row to the fault suite's results file, in the format of docs/fault-suite.md. */
    private static void record(KillableDatabase db, Observed o) throws Exception {
        String line = "| " + db.name() + " killed (" + db.howKilled() + ") for " + String.format("%.1f", o.outageSeconds())
                + " s and restarted, " + CALLERS + " callers, pool of " + CONNECTIONS + " | TCP (JDBC) | "
                + o.servedBefore() + " calls ok before; failures " + o.failures() + " (of calls started during the"
                + " outage: " + o.duringOutage() + "); first success "
                + String.format("%.2f", o.recoverySeconds()) + " s after the restart, last failed call started "
                + String.format("%.2f", o.lastFailureSeconds()) + " s after it; " + o.servedAfter()
                + " ok after; " + o.warnings() + " WARNING lines | sessions: " + o.sessionsOpen() + " = pool's "
                + o.poolOpen() + " open, " + o.sessionsAfterClose() + " after close | " + o.witness().roundTrips()
                + " | " + o.witness().maxMicros() / 1000.0 + " ms | " + o.witness().p99Micros() / 1000.0 + " ms |\n";
        Files.createDirectories(FaultSuiteTest.RESULTS.getParent());
        Files.writeString(FaultSuiteTest.RESULTS, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
