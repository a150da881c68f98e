package spindle.it.dbapi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/** The pool against H2 in memory, the default embedded database, through the module path. */
class H2PoolTest extends PoolContract {
    private long monitorId;

    @Override
    DatabaseServer server() {
        return DatabaseServer.h2();
    }

    @BeforeEach
    void rememberMonitor() throws SQLException {
        monitorId = scalar("SELECT SESSION_ID()");
    }

    /** H2 has no sleep that a cancel can interrupt: a long scan, which H2 checks for cancellation. */
    @Override
    String sleepQuery(int seconds) {
        long rows = seconds >= 10 ? 10_000_000_000L : seconds * 5_000_000L;
        return "SELECT SUM(X) FROM SYSTEM_RANGE(1, " + rows + ")";
    }

    @Override
    String sessionIdQuery() {
        return "SELECT SESSION_ID()";
    }

    @Override
    void kill(long id) throws SQLException {
        exec("CALL ABORT_SESSION(" + id + ")");
    }

    @Override
    long serverConnections() throws SQLException {
        return countWith(monitor);
    }

    @Override
    long countWith(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE SESSION_ID <> SESSION_ID() AND SESSION_ID <> ?")) {
            ps.setLong(1, monitorId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            // H2 2.4.240 can fail this read while another session is still being opened ("General
            // error" 50000 wrapping a NullPointerException on the new session's transaction, seen in
            // CI). That sample says nothing about the pool: count it as no reading (0 cannot raise
            // the maximum); any other failure still fails the test.
            if (e.getErrorCode() == 50000 && String.valueOf(e.getMessage()).contains("NullPointerException")) {
                return 0;
            }
            throw e;
        }
    }

    @Override
    long sessionRunningSleep() throws SQLException {
        return scalar("SELECT COALESCE(MAX(SESSION_ID), -1) FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE EXECUTING_STATEMENT LIKE 'SELECT SUM(X) FROM SYSTEM_RANGE%' AND SESSION_ID <> SESSION_ID()");
    }

    @Override
    String uniqueViolationState() {
        return "23505";
    }

    @Override
    String serializableTransaction() {
        return null;
    }

    @Override
    boolean killedIdleSessionUnnoticed() {
        return false; // embedded: the connection object itself sees that its session was closed
    }
}
