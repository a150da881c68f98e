package bench.dbapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import org.jspecify.annotations.Nullable;

/**
 * Throughput of point queries by primary key: Spindle's {@code runQuery} called from reactor code
 * (delivering {@code Row}s, and with a {@code RowMapper}) against plain JDBC on virtual threads
 * with the same number of connections (a semaphore, fair and unfair, over a queue of connections,
 * each with its prepared statement). {@value #CALLERS} callers each wait for their result before
 * their next query; {@value #CONNECTIONS} connections. Repetitions are interleaved and reported as
 * medians; CPU is this process's (the client's, plus H2's when H2 runs in process), so the
 * per-CPU-second figure is what to compare on a loaded machine.
 *
 * <p>Where JdbcBenchmark (JMH, in {@code bench/run}) measures the hand-off on H2 alone, this run
 * adds a real server over TCP, PostgreSQL, found through the same environment variables as the
 * integration tests: {@code SPINDLE_PG_URL}, {@code SPINDLE_PG_USER}, {@code SPINDLE_PG_PASSWORD}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/spindle_test}, spindle, spindle). A server
 * that cannot be reached is reported and skipped.
 *
 * <pre>
 * bench/run --pool-throughput                     # 5 s x 3 rounds per approach and database
 * bench/run --pool-throughput --quick             # a short smoke run: does everything work?
 * bench/run --pool-throughput --seconds 10 --rounds 5 --only h2|postgresql --out FILE
 * </pre>
 *
 * <p>The report is printed and written to {@code bench/target/pool-throughput.md} (or
 * {@code --out}). Exit status 1 if an approach failed or completed no query.
 */
public final class PoolThroughput {
    static final int CALLERS = 64;
    static final int CONNECTIONS = 10;
    static final int ROWS = 10_000;
    static final String TABLE = "spindle_bench_points";
    static final String QUERY = "SELECT v FROM " + TABLE + " WHERE id = ?";

    static final String FAIR = "plain JDBC, virtual threads, fair semaphore";
    static final String UNFAIR = "plain JDBC, virtual threads, unfair semaphore";
    static final String ROWS_APPROACH = "Spindle runQuery -> Row";
    static final String MAPPER = "Spindle runQuery + RowMapper";
    static final List<String> APPROACHES = List.of(FAIR, UNFAIR, ROWS_APPROACH, MAPPER);

    private PoolThroughput() {}

    /** One measured run. */
    record Result(String approach, double queriesPerSecond, double cpuSecondsPerSecond) {
        double perCpuSecond() {
            return queriesPerSecond / Math.max(cpuSecondsPerSecond, 1e-9);
        }
    }

    /** A database to run against. */
    record Server(String name, String url, String user, String password) {
        Properties properties() {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            return p;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, properties());
        }

        ConnectionSource source() {
            return ConnectionSource.url(url, properties());
        }
    }

    /** How the run is configured, from the command line. */
    record Settings(double warmupSeconds, double seconds, int rounds, List<String> only, Path out) {
        static Settings parse(String[] args, Path benchDirectory) {
            boolean quick = false;
            Double seconds = null;
            Integer rounds = null;
            List<String> only = List.of("h2", "postgresql");
            Path out = benchDirectory.resolve("target/pool-throughput.md");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--only" -> {
                        String db = args[++i];
                        if (!db.equals("h2") && !db.equals("postgresql")) {
                            throw new IllegalArgumentException("--only takes h2 or postgresql, not " + db);
                        }
                        only = List.of(db);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --quick --seconds S --rounds N --only h2|postgresql --out FILE)");
                }
            }
            double s = seconds != null ? seconds : quick ? 0.8 : 5;
            // The warm-up lets the JIT and the pool settle before the window: 40 % of it, at least 1 s.
            double warmup = quick ? 0.2 : Math.max(1, s * 0.4);
            return new Settings(warmup, s, rounds != null ? rounds : quick ? 1 : 3, only, out);
        }
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code --quick}, {@code --seconds S}, {@code --rounds N},
     *     {@code --only h2|postgresql}, {@code --out FILE}
     * @throws Exception if the run itself breaks (a failing approach is reported, then exit 1)
     */
    public static void main(String[] args) throws Exception {
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Settings settings = Settings.parse(args, bench);
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "# runQuery point queries: %d callers, %d connections, %s s x %d"
                + " rounds, %d CPUs visible%n%n", CALLERS, CONNECTIONS, settings.seconds(), settings.rounds(),
                Runtime.getRuntime().availableProcessors()));
        for (Server server : servers(settings.only())) {
            try (Connection c = server.connect()) {
                prepare(c);
            } catch (SQLException e) {
                report.append("## ").append(server.name()).append(": not reachable at ").append(server.url())
                        .append(" (").append(e.getMessage()).append("); skipped\n\n");
                continue;
            }
            report.append(run(server, settings, failures));
        }
        System.out.print(report);
        Files.createDirectories(settings.out().toAbsolutePath().getParent());
        Files.writeString(settings.out(), report);
        System.out.println("results: " + settings.out());
        if (!failures.isEmpty()) {
            System.err.println("\nFAILED:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    private static List<Server> servers(List<String> only) {
        List<Server> servers = new ArrayList<>();
        if (only.contains("h2")) {
            servers.add(new Server("H2 (in process)", "jdbc:h2:mem:spindle_pool_throughput;DB_CLOSE_DELAY=-1", "sa", ""));
        }
        if (only.contains("postgresql")) {
            servers.add(new Server("PostgreSQL", env("SPINDLE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/spindle_test"),
                    env("SPINDLE_PG_USER", "spindle"), env("SPINDLE_PG_PASSWORD", "spindle")));
        }
        return servers;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
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

    static String run(Server server, Settings settings, List<String> failures) throws Exception {
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int r = 0; r < settings.rounds(); r++) {
            for (String approach : APPROACHES) {
                try (Workload w = workload(approach, server)) {
                    Result result = measure(approach, w, settings);
                    System.out.printf(Locale.ROOT, "round %d  %-16s %-46s %.0f queries/s%n", r + 1, server.name(),
                            approach, result.queriesPerSecond());
                    if (!(result.queriesPerSecond() > 0)) {
                        failures.add(server.name() + ", " + approach + ": completed no query");
                    }
                    results.computeIfAbsent(approach, k -> new ArrayList<>()).add(result);
                } catch (Exception e) {
                    failures.add(server.name() + ", " + approach + ": " + e);
                    e.printStackTrace();
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("## ").append(server.name()).append('\n');
        List<Result> baseline = results.get(FAIR);
        if (baseline == null) {
            return b.append("no baseline result: the plain JDBC run failed\n\n").toString();
        }
        b.append("| approach | queries/s (median) | ratio | queries per client CPU-second | ratio | mean latency |\n");
        b.append("|---|---|---|---|---|---|\n");
        Result base = median(baseline, Result::queriesPerSecond);
        Result basePerCpu = median(baseline, Result::perCpuSecond);
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            Result m = median(e.getValue(), Result::queriesPerSecond);
            Result c = median(e.getValue(), Result::perCpuSecond);
            b.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.0f | %.2f | %.0f us |%n", e.getKey(),
                    m.queriesPerSecond(), m.queriesPerSecond() / base.queriesPerSecond(), c.perCpuSecond(),
                    c.perCpuSecond() / basePerCpu.perCpuSecond(), CALLERS / m.queriesPerSecond() * 1e6));
        }
        b.append("\nraw runs (queries/s, client CPU-s per s):");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            b.append("\n  ").append(e.getKey()).append(':');
            for (Result x : e.getValue()) {
                b.append(String.format(Locale.ROOT, " %.0f/%.2f", x.queriesPerSecond(), x.cpuSecondsPerSecond()));
            }
        }
        return b.append("\n\n").toString();
    }

    private static Result median(List<Result> rs, ToDoubleFunction<Result> key) {
        List<Result> sorted = new ArrayList<>(rs);
        sorted.sort(Comparator.comparingDouble(key));
        return sorted.get(sorted.size() / 2);
    }

    static Workload workload(String approach, Server server) throws Exception {
        return switch (approach) {
            case FAIR -> new PlainJdbc(server, true);
            case UNFAIR -> new PlainJdbc(server, false);
            case ROWS_APPROACH -> new SpindleQueries(server, false);
            case MAPPER -> new SpindleQueries(server, true);
            default -> throw new IllegalArgumentException(approach);
        };
    }

    static Result measure(String approach, Workload w, Settings settings) throws Exception {
        w.start();
        Thread.sleep((long) (settings.warmupSeconds() * 1000));
        long n0 = w.completed();
        Duration cpu0 = cpu();
        long t0 = System.nanoTime();
        Thread.sleep((long) (settings.seconds() * 1000));
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

    /** A workload that runs until told to stop and counts completed queries. */
    interface Workload extends AutoCloseable {
        void start() throws Exception;

        long completed();

        void stop() throws Exception;

        /** Closes the workload's connections (not interruptible, unlike AutoCloseable's close). */
        @Override
        void close() throws SQLException;
    }

    /**
     * The baseline: virtual threads, a semaphore of {@value #CONNECTIONS} permits (fair: waiting
     * callers are served in order, as the pool serves them) over a queue of connections, a
     * prepared statement each.
     */
    static final class PlainJdbc implements Workload {
        private record Slot(Connection connection, PreparedStatement statement) {
        }

        private final Semaphore permits;
        private final ConcurrentLinkedQueue<Slot> idle = new ConcurrentLinkedQueue<>();
        private final List<Slot> slots = new ArrayList<>();
        private final LongAdder done = new LongAdder();
        private final List<Thread> callers = new ArrayList<>();
        private volatile @Nullable Throwable failure;
        private volatile boolean stop;

        PlainJdbc(Server server, boolean fair) throws SQLException {
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
            } catch (InterruptedException | SQLException | RuntimeException e) {
                failure = e;
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
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("a plain JDBC caller failed", f);
            }
        }

        @Override
        public void close() throws SQLException {
            for (Slot s : slots) {
                s.connection().close();
            }
        }
    }

    /** Spindle: {@value #CALLERS} chains of runQuery calls made on the reactor thread. */
    static final class SpindleQueries implements Workload {
        private final Reactor reactor;
        private final Thread reactorThread;
        private final ConnectionPool pool;
        private final boolean mapper;
        private final LongAdder done = new LongAdder();
        private final CountDownLatch ended = new CountDownLatch(CALLERS);
        private volatile @Nullable Throwable failure;
        private volatile boolean stop;

        SpindleQueries(Server server, boolean mapper) {
            this.mapper = mapper;
            reactor = Reactor.create(ReactorOptions.defaults().withName("bench"));
            pool = ConnectionPool.create(reactor, server.source(), ConnectionPoolOptions.defaults()
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
                failure = f.value();
                ended.countDown();
                return null;
            });
        }

        @Override
        public long completed() {
            return done.sum();
        }

        @Override
        public void stop() throws InterruptedException {
            stop = true;
            if (!ended.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the caller chains did not end within 30 s");
            }
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("a runQuery call failed", f);
            }
        }

        @Override
        public void close() {
            try {
                reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
                reactorThread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (Exception e) {
                throw new IllegalStateException("the reactor did not stop", e);
            }
        }
    }
}
