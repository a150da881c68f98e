package spindle.it.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.Test;

/**
 * Throughput of point queries by primary key: Spindle's {@code runQuery} from reactor code versus
 * plain JDBC on virtual threads with the same number of connections (a fair semaphore over a queue
 * of connections, each with its prepared statement), 64 callers each waiting for its result before
 * the next query, 10 connections. Interleaved repetitions, medians; CPU is this process's (the
 * client's, plus H2's when H2 runs in process). Reports, asserts nothing about speed.
 *
 * <p>Not part of the normal test run (its name does not end in Test). Run it with:
 * <pre>
 * ./mvnw -B test -pl it -am -Dtest=PoolThroughputBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Results go to {@code it/target/dbapi-throughput.txt}. {@code SPINDLE_BENCH_SECONDS} sets the
 * measured seconds per run (default 5), {@code SPINDLE_BENCH_ROUNDS} the repetitions (default 3).
 */
class PoolThroughputBench {
    static final int CALLERS = 64;
    static final int CONNECTIONS = 10;
    static final int ROWS = 10_000;
    static final String TABLE = "spindle_bench_points";
    static final String QUERY = "SELECT v FROM " + TABLE + " WHERE id = ?";
    static final String BASELINE = "plain JDBC, virtual threads, fair semaphore";

    /** One measured run. */
    record Result(String approach, double queriesPerSecond, double cpuSecondsPerSecond) {
        double perCore() {
            return queriesPerSecond / Math.max(cpuSecondsPerSecond, 1e-9);
        }
    }

    /** A workload that runs until told to stop and counts completed queries. */
    interface Workload extends AutoCloseable {
        void start() throws Exception;

        long completed();

        void stop() throws Exception;
    }

    @Test
    void measure() throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("SPINDLE_BENCH_SECONDS", "5"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("SPINDLE_BENCH_ROUNDS", "3"));
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "# runQuery point queries: %d callers, %d connections, %d s x %d rounds,"
                + " %d CPUs visible%n", CALLERS, CONNECTIONS, seconds, rounds, Runtime.getRuntime().availableProcessors()));
        for (DatabaseServer server : List.of(DatabaseServer.h2(), DatabaseServer.postgres())) {
            try (Connection c = server.connect()) {
                prepare(c);
                report.append(run(server, seconds, rounds));
            } catch (SQLException e) {
                report.append("## ").append(server.name()).append(": not reachable (").append(e.getMessage()).append(")\n");
            }
        }
        System.out.print(report);
        Path out = Path.of("target", "dbapi-throughput.txt");
        Files.writeString(out, report, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(report).isNotEmpty();
    }

    static void prepare(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setInt(1, i);
                ps.setString(2, "value-" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    static String run(DatabaseServer server, int seconds, int rounds) throws Exception {
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String approach : List.of(BASELINE, "plain JDBC, virtual threads, unfair semaphore",
                    "Spindle runQuery -> Row", "Spindle runQuery + RowMapper")) {
                try (Workload w = workload(approach, server)) {
                    results.computeIfAbsent(approach, k -> new ArrayList<>()).add(measure(approach, w, seconds));
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("## ").append(server.name()).append('\n');
        b.append("| approach | queries/s (median) | ratio | queries per client CPU-second | ratio | mean latency |\n");
        b.append("|---|---|---|---|---|---|\n");
        Result base = median(results.get(BASELINE), Result::queriesPerSecond);
        Result basePerCore = median(results.get(BASELINE), Result::perCore);
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            Result m = median(e.getValue(), Result::queriesPerSecond);
            Result c = median(e.getValue(), Result::perCore);
            b.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.0f | %.2f | %.0f us |%n", e.getKey(),
                    m.queriesPerSecond(), m.queriesPerSecond() / base.queriesPerSecond(), c.perCore(),
                    c.perCore() / basePerCore.perCore(), CALLERS / m.queriesPerSecond() * 1e6));
        }
        b.append("raw runs (queries/s, client CPU-s per s):");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            b.append("\n  ").append(e.getKey()).append(':');
            for (Result x : e.getValue()) {
                b.append(String.format(Locale.ROOT, " %.0f/%.2f", x.queriesPerSecond(), x.cpuSecondsPerSecond()));
            }
        }
        return b.append("\n\n").toString();
    }

    private static Result median(List<Result> rs, java.util.function.ToDoubleFunction<Result> key) {
        List<Result> sorted = new ArrayList<>(rs);
        sorted.sort(Comparator.comparingDouble(key));
        return sorted.get(sorted.size() / 2);
    }

    static Workload workload(String approach, DatabaseServer server) throws Exception {
        return switch (approach) {
            case BASELINE -> new PlainJdbc(server, true);
            case "plain JDBC, virtual threads, unfair semaphore" -> new PlainJdbc(server, false);
            case "Spindle runQuery -> Row" -> new SpindleQueries(server, false);
            default -> new SpindleQueries(server, true);
        };
    }

    static Result measure(String approach, Workload w, int seconds) throws Exception {
        w.start();
        Thread.sleep(Math.max(1000, seconds * 400L)); // warm-up
        long n0 = w.completed();
        Duration cpu0 = cpu();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n1 = w.completed();
        Duration cpu1 = cpu();
        long t1 = System.nanoTime();
        w.stop();
        double wall = (t1 - t0) / 1e9;
        return new Result(approach, (n1 - n0) / wall, cpu1.minus(cpu0).toNanos() / 1e9 / wall);
    }

    private static Duration cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * The baseline: virtual threads, a semaphore of 10 permits (fair: waiting callers are served
     * in order, as the pool serves them) over a queue of connections, a prepared statement each.
     */
    static final class PlainJdbc implements Workload {
        private record Slot(Connection connection, PreparedStatement statement) {
        }

        private final Semaphore permits;
        private final ConcurrentLinkedQueue<Slot> idle = new ConcurrentLinkedQueue<>();
        private final List<Slot> slots = new ArrayList<>();
        private final LongAdder done = new LongAdder();
        private final List<Thread> callers = new ArrayList<>();
        private volatile boolean stop;

        PlainJdbc(DatabaseServer server, boolean fair) throws SQLException {
            permits = new Semaphore(CONNECTIONS, fair);
            for (int i = 0; i < CONNECTIONS; i++) {
                Connection c = server.connect();
                Slot s = new Slot(c, c.prepareStatement(QUERY));
                slots.add(s);
                idle.add(s);
            }
        }

        @Override
        public void start() {
            for (int i = 0; i < CALLERS; i++) {
                callers.add(Thread.ofVirtual().start(this::loop));
            }
        }

        private void loop() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try {
                while (!stop) {
                    permits.acquire();
                    Slot s = idle.poll();
                    String v;
                    try {
                        s.statement().setInt(1, random.nextInt(ROWS));
                        try (ResultSet rs = s.statement().executeQuery()) {
                            v = rs.next() ? rs.getString(1) : null;
                        }
                    } finally {
                        idle.add(s);
                        permits.release();
                    }
                    if (v != null) {
                        done.increment();
                    }
                }
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long completed() {
            return done.sum();
        }

        @Override
        public void stop() throws InterruptedException {
            stop = true;
            for (Thread t : callers) {
                t.join();
            }
        }

        @Override
        public void close() throws SQLException {
            for (Slot s : slots) {
                s.connection().close();
            }
        }
    }

    /** Spindle: 64 chains of runQuery calls made on the reactor thread. */
    static final class SpindleQueries implements Workload {
        private final Reactor reactor;
        private final Thread reactorThread;
        private final ConnectionPool pool;
        private final boolean mapper;
        private final LongAdder done = new LongAdder();
        private final CountDownLatch ended = new CountDownLatch(CALLERS);
        private volatile boolean stop;

        SpindleQueries(DatabaseServer server, boolean mapper) throws Exception {
            this.mapper = mapper;
            reactor = Reactor.create(ReactorOptions.defaults().withName("bench"));
            pool = ConnectionPool.create(reactor, server.source("spindle-bench"), ConnectionPoolOptions.defaults()
                    .withName("bench").withMinConnections(CONNECTIONS).withMaxConnections(CONNECTIONS));
            reactorThread = reactor.start("bench-reactor");
            // Let the pool open its connections before measuring.
            reactor.blockingCallFromThread(() -> pool.runQuery(QUERY, 1));
        }

        @Override
        public void start() {
            reactor.callFromThread(() -> {
                for (int i = 0; i < CALLERS; i++) {
                    next();
                }
            });
        }

        /** Reactor thread: one query; when it completes, the next. */
        private void next() {
            if (stop) {
                ended.countDown();
                return;
            }
            int id = ThreadLocalRandom.current().nextInt(ROWS);
            Deferred<? extends List<?>> d = mapper ? pool.runQuery(QUERY, row -> row.getString(0), id)
                    : pool.runQuery(QUERY, id);
            d.addCallback(rows -> {
                if (!rows.isEmpty()) {
                    done.increment();
                }
                next();
                return null;
            }).addErrback(f -> {
                ended.countDown();
                throw f.raiseException();
            });
        }

        @Override
        public long completed() {
            return done.sum();
        }

        @Override
        public void stop() throws InterruptedException {
            stop = true;
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("every caller chain ended").isTrue();
        }

        @Override
        public void close() throws Exception {
            reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            reactorThread.join();
        }
    }

}
