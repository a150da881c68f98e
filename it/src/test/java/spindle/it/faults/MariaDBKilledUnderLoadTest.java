package spindle.it.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.dbapi.ConnectionSource;
import org.junit.jupiter.api.Test;
import spindle.it.support.RequiredPeer;

/**
 * Issue 20 §3 for MariaDB: mariadbd killed with SIGKILL and restarted on the same data directory
 * and port while 64 callers use the pool ({@link DatabaseKilledUnderLoad} has the load and the
 * assertions, shared with {@link PostgresKilledUnderLoadTest}). The test runs its own throw-away
 * server (a data directory made by {@code mariadb-install-db} in a temporary directory, a free
 * port, its own socket, run as the {@code mysql} user as the shared one is), so the shared server
 * that {@code .ci/databases.sh} starts is never disturbed; without the binaries, the {@code mysql}
 * user or root it is skipped with the reason (a failure under {@code SPINDLE_REQUIRE_SERVERS=1}).
 */
class MariaDBKilledUnderLoadTest {

    @Test
    void callsFailWithConnectionLostOrUnavailableAndThePoolRecoversWithoutLeakingSessions() throws Exception {
        try (PrivateMariaDB db = PrivateMariaDB.start()) {
            DatabaseKilledUnderLoad.run(db);
        }
    }

    /**
     * A throw-away MariaDB server, a child process of the test: {@link #kill()} sends SIGKILL to
     * mariadbd itself (started directly, no mysqld_safe in between). The pool connects as user
     * {@code spindle}; {@link #poolSessions()} counts that user's sessions in
     * {@code information_schema.PROCESSLIST} through a connection of user {@code monitor}, so the
     * count never includes itself.
     */
    static final class PrivateMariaDB implements KillableDatabase {
        private static final String POOL_USER = "spindle";
        private static final String MONITOR_USER = "monitor";
        private static final Duration START_BOUND = Duration.ofSeconds(120);

        private final Path dir;
        private final Path mariadbd;
        private final Path client;
        private final Path admin;
        private final int port;
        private Process server;

        private PrivateMariaDB(Path dir, Path mariadbd, Path client, Path admin, int port) {
            this.dir = dir;
            this.mariadbd = mariadbd;
            this.client = client;
            this.admin = admin;
            this.port = port;
        }

        static PrivateMariaDB start() throws Exception {
            Path mariadbd = find("mariadbd");
            Path installDb = find("mariadb-install-db");
            Path client = find("mariadb");
            Path admin = find("mariadb-admin");
            if (mariadbd == null || installDb == null || client == null || admin == null) {
                throw RequiredPeer.missing("MariaDB's mariadbd, mariadb-install-db, mariadb or mariadb-admin is not installed",
                        "apt-get install -y mariadb-server (.ci/databases.sh does) to run the database-killed fault");
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                throw RequiredPeer.missing("the database-killed fault needs root to run a private MariaDB server as user mysql",
                        "run the it/ tests as root, as .ci/run does");
            }
            UserPrincipal mysql;
            try {
                mysql = Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mysql");
            } catch (UserPrincipalNotFoundException e) {
                throw RequiredPeer.missing("there is no mysql user to run a private MariaDB server as",
                        "apt-get install -y mariadb-server creates it");
            }
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("spindle-mariadb");
            PrivateMariaDB db = new PrivateMariaDB(dir, mariadbd, client, admin, port);
            try {
                Files.setOwner(dir, mysql);
                // --no-defaults first, everywhere: the shared server's /etc/mysql files must not apply.
                run(installDb.toString(), "--no-defaults", "--user=mysql", "--datadir=" + dir.resolve("data"),
                        "--auth-root-authentication-method=socket", "--skip-test-db");
                db.restart();
                // root logs in over the socket (as the OS user root); the pool and the monitor over TCP.
                db.sql("CREATE USER '" + POOL_USER + "'@'127.0.0.1' IDENTIFIED BY '" + POOL_USER + "';"
                        + " CREATE USER '" + MONITOR_USER + "'@'127.0.0.1' IDENTIFIED BY '" + MONITOR_USER + "';"
                        + " GRANT PROCESS ON *.* TO '" + MONITOR_USER + "'@'127.0.0.1';");
                return db;
            } catch (Throwable t) {
                try {
                    db.close();
                } catch (Exception e) {
                    t.addSuppressed(e);
                }
                throw t;
            }
        }

        private static Path find(String name) {
            List<Path> dirs = new ArrayList<>(List.of(Path.of("/usr/sbin"), Path.of("/usr/bin")));
            String path = System.getenv("PATH");
            if (path != null) {
                for (String d : path.split(":")) {
                    if (!d.isBlank()) {
                        dirs.add(Path.of(d));
                    }
                }
            }
            return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst().orElse(null);
        }

        private String url() {
            return "jdbc:mariadb://127.0.0.1:" + port + "/";
        }

        private Path socket() {
            return dir.resolve("mysqld.sock");
        }

        @Override
        public String name() {
            return "MariaDB";
        }

        @Override
        public String howKilled() {
            return "SIGKILL of mariadbd";
        }

        @Override
        public ConnectionSource poolSource() {
            Properties p = new Properties();
            p.setProperty("user", POOL_USER);
            p.setProperty("password", POOL_USER);
            p.setProperty("connectTimeout", "5000");
            return ConnectionSource.url(url(), p);
        }

        @Override
        public void kill() throws Exception {
            Process p = server;
            // Process.destroyForcibly is SIGKILL on Linux, sent to mariadbd itself.
            p.destroyForcibly();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("mariadbd (pid " + p.pid() + ") outlived SIGKILL for 60 s");
            }
        }

        /** Starts mariadbd on the data directory and port (again), and waits until it answers. */
        @Override
        public void restart() throws Exception {
            Path log = dir.resolve("error.log");
            server = new ProcessBuilder(mariadbd.toString(), "--no-defaults", "--user=mysql",
                    "--datadir=" + dir.resolve("data"), "--socket=" + socket(), "--port=" + port,
                    "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + log,
                    "--skip-log-bin", "--skip-name-resolve", "--innodb-buffer-pool-size=32M", "--max-connections=60")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadbd.out").toFile()))
                    .start();
            long deadline = System.nanoTime() + START_BOUND.toNanos();
            while (!answers()) {
                if (!server.isAlive() || System.nanoTime() - deadline > 0) {
                    String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
                    throw new IOException("mariadbd did not start (" + (server.isAlive() ? "no answer in "
                            + START_BOUND.toSeconds() + " s" : "exit " + server.exitValue()) + "): "
                            + tail.substring(Math.max(0, tail.length() - 2000)));
                }
                Thread.sleep(100); // a bounded wait for a server start: there is nothing to wait on
            }
        }

        /** Whether the server answers a ping over its socket (mariadb-admin: 0 when it does). */
        private boolean answers() throws Exception {
            Process p = new ProcessBuilder(admin.toString(), "--no-defaults", "--socket=" + socket(), "-uroot",
                    "--connect-timeout=2", "ping").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return false;
            }
            return p.exitValue() == 0;
        }

        /** Runs SQL as root over the socket. */
        private void sql(String statements) throws Exception {
            run(client.toString(), "--no-defaults", "--socket=" + socket(), "-uroot", "-e", statements);
        }

        @Override
        public long poolSessions() throws Exception {
            Properties p = new Properties();
            p.setProperty("user", MONITOR_USER);
            p.setProperty("password", MONITOR_USER);
            try (Connection c = DriverManager.getConnection(url(), p);
                    PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                            + " WHERE USER = ? AND COMMAND <> 'Killed'")) {
                ps.setString(1, POOL_USER);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private static void run(String... command) throws Exception {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }

        @Override
        public void close() throws Exception {
            Process p = server;
            if (p != null && p.isAlive()) {
                kill();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
