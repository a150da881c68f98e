package spindle.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.dbapi.DatabaseConnectionLostException;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.Reactor;
import org.junit.jupiter.api.Test;
import spindle.it.support.RequiredPeer;

/**
 * Issue 20 §3: PostgreSQL killed ({@code pg_ctl stop -m immediate}) and restarted while 64
 * callers use the pool. The test runs its own throw-away PostgreSQL cluster (initdb in a temporary
 * directory, a free port, owned by the {@code postgres} user), so the shared server that
 * {@code .ci/databases.sh} starts is never disturbed; without root, runuser or initdb it is skipped
 * with the reason.
 */
class PostgresKilledUnderLoadTest {
    static final int CALLERS = 64;

    @Test
    void callsFailWithConnectionLostAndThePoolRecoversWithoutLeakingSessions() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            Reactor reactor = Reactor.create();
            Thread loop = reactor.start("it-faults-db");
            String tag = "spindle-faults-" + ProcessHandle.current().pid();
            Properties p = new Properties();
            p.setProperty("user", "spindle");
            p.setProperty("ApplicationName", tag);
            p.setProperty("connectTimeout", "5");
            ConnectionPool pool = reactor.blockingCallFromThread(() -> Deferred.succeed(
                    ConnectionPool.create(reactor, ConnectionSource.url(pg.url(), p),
                            ConnectionPoolOptions.defaults().withMaxConnections(8).withQueueLimit(1000)
                                    .withAcquireTimeout(Duration.ofSeconds(10)))));
            FaultTransport.Where echo = reactor.blockingCallFromThread(() -> Deferred.succeed(
                    FaultTransport.TCP.listen(reactor, Factory.forProtocol(FaultSuiteTest.Echo::new), null)));
            try (WellBehavedClient witness = new WellBehavedClient(echo)) {
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicBoolean down = new AtomicBoolean();
                AtomicLong okBefore = new AtomicLong();
                AtomicLong okAfter = new AtomicLong();
                Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
                List<Thread> callers = new ArrayList<>();
                AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
                AtomicLong failedAfterRecovery = new AtomicLong();
                for (int i = 0; i < CALLERS; i++) {
                    callers.add(Thread.ofVirtual().start(() -> {
                        while (running.get()) {
                            long started = System.nanoTime();
                            try {
                                reactor.blockingCallFromThread(() -> pool.runQuery("SELECT 1"));
                                (down.get() || restartedAt.get() == Long.MAX_VALUE ? okBefore : okAfter).incrementAndGet();
                            } catch (Throwable t) {
                                failures.computeIfAbsent(t.getClass().getSimpleName(), k -> new AtomicLong())
                                        .incrementAndGet();
                                if (restartedAt.get() != Long.MAX_VALUE
                                        && started - restartedAt.get() > TimeUnit.SECONDS.toNanos(5)) {
                                    failedAfterRecovery.incrementAndGet();
                                }
                                try {
                                    Thread.sleep(10);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }
                    }));
                }
                Thread.sleep(1500);
                long served = okBefore.get();
                down.set(true);
                pg.kill();
                Thread.sleep(1500);
                pg.restart();
                restartedAt.set(System.nanoTime());
                down.set(false);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (okAfter.get() < 2000 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // Keep calling past the 5 s mark, so a pool that had not recovered would show failures then.
                while (System.nanoTime() - restartedAt.get() < TimeUnit.SECONDS.toNanos(6)) {
                    Thread.sleep(50);
                }
                running.set(false);
                for (Thread t : callers) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
                long sessionsOpen = pg.sessions(tag);
                var stats = pool.stats();
                reactor.blockingCallFromThread(pool::close);
                long deadlineClose = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                long sessionsAfterClose;
                while ((sessionsAfterClose = pg.sessions(tag)) > 0 && System.nanoTime() < deadlineClose) {
                    Thread.sleep(50);
                }
                WellBehavedClient.Served w = witness.stop();

                assertThat(served).as("calls served before the kill").isPositive();
                assertThat(failures).as("failures while PostgreSQL was down").containsKey(
                        DatabaseConnectionLostException.class.getSimpleName());
                assertThat(okAfter.get()).as("calls served after the restart").isPositive();
                assertThat(failedAfterRecovery.get()).as("failures 5 s after the restart").isZero();
                assertThat(sessionsOpen).as("server sessions vs the pool's open connections")
                        .isEqualTo(stats.openConnections());
                assertThat(sessionsAfterClose).as("sessions left after the pool closed").isZero();
                assertThat(w.failure()).isNull();
                assertThat(w.roundTrips()).isPositive();
                String line = "| PostgreSQL killed (-m immediate) 1.5 s and restarted, 64 callers | TCP (pool) | "
                        + served + " calls ok before, failures " + failures + ", " + okAfter.get()
                        + " ok after restart, 0 failures 5 s after; pg_stat_activity: " + sessionsOpen
                        + " sessions = pool's " + stats.openConnections() + " open, " + sessionsAfterClose
                        + " after close | " + w.roundTrips() + " | " + w.maxMicros() / 1000.0 + " ms | "
                        + w.p99Micros() / 1000.0 + " ms |\n";
                Files.createDirectories(FaultSuiteTest.RESULTS.getParent());
                Files.writeString(FaultSuiteTest.RESULTS, line, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } finally {
                if (!pool.isClosed()) {
                    reactor.blockingCallFromThread(pool::close);
                }
                reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
                loop.join(60_000);
            }
        }
    }

    /** A throw-away PostgreSQL cluster run as the postgres user. */
    record PrivatePostgres(Path dir, Path bin, int port) implements AutoCloseable {
        static PrivatePostgres start() throws Exception {
            Path bin = findBin();
            if (bin == null || !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
                throw RequiredPeer.missing("PostgreSQL's initdb/pg_ctl or runuser is not installed",
                        "install postgresql (.ci/run does) to run the database-killed fault");
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                throw RequiredPeer.missing("the database-killed fault needs root to run a private cluster as user postgres",
                        "run the it/ tests as root, as .ci/run does");
            }
            Path dir = Files.createTempDirectory("spindle-pg");
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PrivatePostgres pg = new PrivatePostgres(dir, bin, port);
            pg.run(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U",
                    "spindle", "-E", "UTF8", "--no-sync");
            pg.restart();
            return pg;
        }

        private static Path findBin() throws IOException {
            Path root = Path.of("/usr/lib/postgresql");
            if (!Files.isDirectory(root)) {
                return null;
            }
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted().reduce((a, b) -> b).orElse(null);
            }
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        void restart() throws Exception {
            run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("log").toString(), "-w", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40",
                    "start");
        }

        /** Kills the server at once, as a crash would (no clean shutdown of sessions). */
        void kill() throws Exception {
            run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        }

        long sessions(String tag) throws Exception {
            Properties p = new Properties();
            p.setProperty("user", "spindle");
            try (Connection c = DriverManager.getConnection(url(), p);
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private void run(String... command) throws Exception {
            List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
            full.addAll(List.of(command));
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                kill();
            } catch (IOException alreadyStopped) {
                // it was not running
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
