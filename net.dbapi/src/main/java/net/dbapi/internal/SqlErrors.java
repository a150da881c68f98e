package net.dbapi.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import net.dbapi.DatabaseConnectionLostException;
import net.dbapi.DatabaseException;
import net.dbapi.QueryTimeoutException;
import net.deferred.CancelledException;
import org.jspecify.annotations.Nullable;

/** Turns what JDBC threw into what a call delivers, and tells a lost connection from the rest. */
final class SqlErrors {
    /**
     * SQLStates outside class 08 that end the session: PostgreSQL's admin_shutdown (what
     * pg_terminate_backend sends), crash_shutdown and cannot_connect_now; H2's "connection broken"
     * and "database is closed".
     */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03", "90067", "90098", "90121");
    /** MariaDB's ER_CONNECTION_KILLED (KILL CONNECTION). */
    private static final int MARIADB_CONNECTION_KILLED = 1927;
    /** MariaDB's ER_STATEMENT_TIMEOUT (max_statement_time exceeded). */
    private static final int MARIADB_STATEMENT_TIMEOUT = 1969;

    private SqlErrors() {
    }

    /**
     * Whether the exception (or one chained to it) says the connection is gone.
     *
     * @param e what the driver threw
     * @return true for SQLState class 08, a session-ending state, or a connection exception type
     */
    static boolean isConnectionLost(SQLException e) {
        int guard = 0;
        for (Throwable t = e; t != null && guard < 16; guard++) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || SESSION_ENDED.contains(state))) {
                    return true;
                }
                if (s instanceof SQLNonTransientConnectionException || s instanceof SQLTransientConnectionException
                        || s.getErrorCode() == MARIADB_CONNECTION_KILLED) {
                    return true;
                }
                SQLException next = s.getNextException();
                t = next != null && next != s ? next : s.getCause();
            } else {
                t = t.getCause();
            }
        }
        return false;
    }

    /**
     * Whether a failed statement failed because its query timeout ran out. Only asked when the
     * call set a timeout and did not cancel itself, because drivers report a cancel and a timeout
     * alike (SQLState 57014).
     */
    static boolean isTimeout(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTimeoutException || "57014".equals(state)
                || e.getErrorCode() == MARIADB_STATEMENT_TIMEOUT;
    }

    /**
     * What a call delivers for {@code error}: the cancellation if the call was cancelled; a
     * {@link DatabaseException} (or subclass) for an {@link SQLException}; anything else as it is.
     *
     * @param error what was thrown
     * @param job the call
     * @param connection the connection the call was using, or {@code null} if it had none yet
     * @return the exception to deliver
     */
    static Throwable translate(Throwable error, Job<?> job, @Nullable PooledConnection connection) {
        if (error instanceof CancelledException) {
            return error;
        }
        if (job.cancelRequested() && (error instanceof SQLException || error instanceof DatabaseException)) {
            CancelledException c = new CancelledException("database call cancelled: " + job.describe());
            c.initCause(error);
            return c;
        }
        if (error instanceof SQLException e) {
            return fromSQLException(e, job, connection);
        }
        if (error instanceof DatabaseException d && !(d instanceof DatabaseConnectionLostException)
                && connection != null && connection.isClosedQuietly()) {
            // The driver closed the connection after the error: whatever it said, it is gone.
            return new DatabaseConnectionLostException("connection lost: " + d.getMessage(), d.sqlState(),
                    d.vendorCode(), d);
        }
        return error;
    }

    /** Translates an {@link SQLException}: a cancellation, or a {@link DatabaseException}. */
    static RuntimeException translateSql(SQLException e, Job<?> job, @Nullable PooledConnection connection) {
        if (job.cancelRequested()) {
            CancelledException c = new CancelledException("database call cancelled: " + job.describe());
            c.initCause(e);
            return c;
        }
        return fromSQLException(e, job, connection);
    }

    /** Translates an {@link SQLException} (never for a cancelled call). */
    static DatabaseException fromSQLException(SQLException e, Job<?> job, @Nullable PooledConnection connection) {
        String message = describe(e) + " [in " + job.describe() + "]";
        if (isConnectionLost(e) || (connection != null && connection.isClosedQuietly())) {
            return new DatabaseConnectionLostException("connection lost: " + message, e.getSQLState(),
                    e.getErrorCode(), e);
        }
        if (job.queryTimeoutSeconds() > 0 && isTimeout(e)) {
            return new QueryTimeoutException("query timeout (" + job.queryTimeoutSeconds() + " s) expired: "
                    + message, e.getSQLState(), e.getErrorCode(), e);
        }
        return new DatabaseException(message, e);
    }

    /**
     * Advice to add to a failure to open a connection, or "" if there is none. DriverManager says
     * "No suitable driver" when no driver it could load accepts the URL: the driver is missing
     * (the usual first-hour mistake) or the URL is misspelt.
     */
    static String connectHint(SQLException e) {
        String m = e.getMessage();
        if (m != null && m.startsWith("No suitable driver")) {
            return ". No JDBC driver accepted the URL: put the database's JDBC driver on the module path or"
                    + " the class path (DriverManager finds it there by itself), and check the URL's spelling";
        }
        return "";
    }

    /** The driver's message with its SQLState and vendor code. */
    static String describe(SQLException e) {
        return e.getMessage() + " (SQLState " + e.getSQLState() + ", vendor code " + e.getErrorCode() + ")";
    }
}
