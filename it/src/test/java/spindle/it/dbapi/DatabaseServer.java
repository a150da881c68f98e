package spindle.it.dbapi;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.dbapi.ConnectionSource;
import org.junit.jupiter.api.Assumptions;
import spindle.it.support.RequiredPeer;

/**
 * A database the integration tests talk to, configured by environment variables that default to
 * what {@code .ci/databases.sh} creates:
 * <ul>
 * <li>{@code SPINDLE_PG_URL}, {@code SPINDLE_PG_USER}, {@code SPINDLE_PG_PASSWORD}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/spindle_test}, spindle, spindle);</li>
 * <li>{@code SPINDLE_MARIADB_URL}, {@code SPINDLE_MARIADB_USER}, {@code SPINDLE_MARIADB_PASSWORD}
 * (default {@code jdbc:mariadb://127.0.0.1:3306/spindle_test}, spindle, spindle).</li>
 * </ul>
 * A server that cannot be reached makes its tests skip with the reason, unless
 * {@code SPINDLE_REQUIRE_SERVERS=1}, which makes them fail (CI sets it).
 */
record DatabaseServer(String name, String url, String user, String password, Map<String, String> extra) {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Map<String, String> UNREACHABLE = new ConcurrentHashMap<>();

    static DatabaseServer postgres() {
        return new DatabaseServer("PostgreSQL",
                env("SPINDLE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/spindle_test"),
                env("SPINDLE_PG_USER", "spindle"), env("SPINDLE_PG_PASSWORD", "spindle"),
                Map.of("connectTimeout", "5"));
    }

    static DatabaseServer mariadb() {
        return new DatabaseServer("MariaDB",
                env("SPINDLE_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/spindle_test"),
                env("SPINDLE_MARIADB_USER", "spindle"), env("SPINDLE_MARIADB_PASSWORD", "spindle"),
                Map.of("connectTimeout", "5000"));
    }

    static DatabaseServer h2() {
        return new DatabaseServer("H2", "jdbc:h2:mem:spindle_it_" + POOLS.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "sa", "", Map.of());
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static boolean serversRequired() {
        return RequiredPeer.required();
    }

    Properties properties() {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    /** Connections for a pool; {@code tag} names them where the driver can (PostgreSQL's application_name). */
    ConnectionSource source(String tag) {
        Properties p = properties();
        if (url.startsWith("jdbc:postgresql:")) {
            p.setProperty("ApplicationName", tag);
        }
        return ConnectionSource.url(url, p);
    }

    /** A plain JDBC connection for the test's own checks (not from the pool). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties());
    }

    /** Skips the calling test with a visible reason when the server is unreachable (fails under CI). */
    void assumeReachable() {
        String reason = UNREACHABLE.get(url);
        if (reason == null) {
            try (Connection c = connect()) {
                c.isValid(5);
                return;
            } catch (SQLException e) {
                reason = name + " is not reachable at " + url + " as " + user + " (" + e.getMessage() + ");"
                        + " start it with .ci/databases.sh or point SPINDLE_" + envPrefix()
                        + "_URL/_USER/_PASSWORD at your own server";
                UNREACHABLE.put(url, reason);
                System.err.println("SKIPPED: " + reason);
            }
        }
        if (serversRequired()) {
            fail(reason + " (SPINDLE_REQUIRE_SERVERS=1, so this is a failure)");
        }
        Assumptions.abort(reason);
    }

    private String envPrefix() {
        return name.equals("PostgreSQL") ? "PG" : name.toUpperCase(java.util.Locale.ROOT);
    }
}
