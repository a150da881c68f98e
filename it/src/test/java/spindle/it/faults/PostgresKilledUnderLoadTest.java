package spindle.it.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.dbapi.ConnectionSource;
import org.junit.jupiter.api.Test;
import spindle.it.support.RequiredPeer;

/**
 * Issue 20 §3: PostgreSQL killed ({@code pg_ctl stop -m immediate}) and restarted while 64
 * callers use the pool ({@link DatabaseKilledUnderLoad} has the load and the assertions). The test
 * runs its own throw-away PostgreSQL cluster (initdb in a temporary directory, a free port, owned
 * by the {@code postgres} user), so the shared server that {@code .ci/databases.sh} starts is never
 * disturbed; without root, runuser or initdb it is skipped with the reason (a failure under
 * {@code SPINDLE_REQUIRE_SERVERS=1}).
 */
class PostgresKilledUnderLoadTest {

    @Test
    void callsFailWithConnectionLostOrUnavailableAndThePoolRecoversWithoutLeakingSessions() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            DatabaseKilledUnderLoad.run(pg);
        }
    }

    /**
     * A throw-away PostgreSQL cluster run as the postgres user; the pool's connections carry an
     * application_name of their own, by which pg_stat_activity counts them.
     */
    record PrivatePostgres(Path dir, Path bin, int port, String tag) implements KillableDatabase {
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
            PrivatePostgres pg = new PrivatePostgres(dir, bin, port, "spindle-faults-" + ProcessHandle.current().pid());
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

        @Override
        public String name() {
            return "PostgreSQL";
        }

        @Override
        public String howKilled() {
            return "pg_ctl stop -m immediate";
        }

        @Override
        public ConnectionSource poolSource() {
            Properties p = new Properties();
            p.setProperty("user", "spindle");
            p.setProperty("ApplicationName", tag);
            p.setProperty("connectTimeout", "5");
            return ConnectionSource.url(url(), p);
        }

        @Override
        public void restart() throws Exception {
            run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("log").toString(), "-w", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40",
                    "start");
        }

        /** Kills the server at once, as a crash would (no clean shutdown of sessions). */
        @Override
        public void kill() throws Exception {
            run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        }

        @Override
        public long poolSessions() throws Exception {
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
