package spindle.it.dbapi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The pool against a real PostgreSQL server (see {@link DatabaseServer} for the settings). */
class PostgresPoolTest extends PoolContract {

    @Override
    DatabaseServer server() {
        return DatabaseServer.postgres();
    }

    @Override
    String sleepQuery(int seconds) {
        return "SELECT pg_sleep(" + seconds + ")";
    }

    @Override
    String sessionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    void kill(long id) throws SQLException {
        scalar("SELECT CASE WHEN pg_terminate_backend(?) THEN 1 ELSE 0 END", (int) id);
    }

    @Override
    long serverConnections() throws SQLException {
        return countWith(monitor);
    }

    @Override
    long countWith(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    long sessionRunningSleep() throws SQLException {
        return scalar("SELECT COALESCE(MAX(pid), -1) FROM pg_stat_activity WHERE application_name = ?"
                + " AND state = 'active' AND query LIKE 'SELECT pg_sleep%'", tag);
    }

    @Override
    String uniqueViolationState() {
        return "23505";
    }

    @Override
    String serializableTransaction() {
        return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    }
}
