package spindle.it.dbapi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/** The pool against a real MariaDB server (see {@link DatabaseServer} for the settings). */
class MariaDBPoolTest extends PoolContract {
    private long monitorId;

    @Override
    DatabaseServer server() {
        return DatabaseServer.mariadb();
    }

    @BeforeEach
    void rememberMonitor() throws SQLException {
        monitorId = scalar("SELECT CONNECTION_ID()");
    }

    @Override
    String sleepQuery(int seconds) {
        return "SELECT SLEEP(" + seconds + ")";
    }

    @Override
    String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    void kill(long id) throws SQLException {
        exec("KILL CONNECTION " + id);
    }

    @Override
    long serverConnections() throws SQLException {
        return countWith(monitor);
    }

    @Override
    long countWith(Connection c) throws SQLException {
        // MariaDB cannot tag connections without performance_schema: count the test user's
        // sessions in this database, except the test's own.
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE USER = ? AND DB = DATABASE() AND ID <> CONNECTION_ID() AND ID <> ? AND COMMAND <> 'Killed'")) {
            ps.setString(1, server.user());
            ps.setLong(2, monitorId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    long sessionRunningSleep() throws SQLException {
        return scalar("SELECT COALESCE(MAX(ID), -1) FROM information_schema.PROCESSLIST"
                // The driver runs a statement with a query timeout (the pool's default is 30 s) as
                // "SET STATEMENT max_statement_time=N FOR SELECT SLEEP(...)".
                + " WHERE INFO LIKE '%SELECT SLEEP%' AND INFO NOT LIKE '%PROCESSLIST%' AND ID <> CONNECTION_ID()");
    }

    @Override
    String uniqueViolationState() {
        return "23000";
    }

    @Override
    String serializableTransaction() {
        // InnoDB's SERIALIZABLE reads take shared locks: two transactions that read a row and then
        // both update it deadlock, and one is rolled back with SQLState 40001.
        return "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
    }
}
