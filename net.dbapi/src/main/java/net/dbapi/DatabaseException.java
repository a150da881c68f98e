package net.dbapi;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Any failure of a database call: the one type to catch (or {@code failure.trap}) for everything
 * the pool reports about the database. When the database or its JDBC driver reported the error,
 * the driver's {@link SQLException} is the {@linkplain #getCause() cause}, and its SQLState and
 * vendor code are kept here too, so an errback can test them without digging:
 *
 * {@snippet :
 * pool.runOperation("INSERT INTO users(name) VALUES (?)", name)
 *     .addErrback(failure -> {
 *         if (failure.value() instanceof DatabaseException e && "23505".equals(e.sqlState())) {
 *             return 0; // unique_violation: the user exists already
 *         }
 *         throw failure.value();
 *     });
 * }
 *
 * <p>Subclasses say what happened to the connection or the statement:
 * {@link DatabaseUnavailableException} (no connection could be opened: the call never reached
 * the database), {@link DatabaseConnectionLostException} (the connection died under the call)
 * and {@link QueryTimeoutException} (the statement ran past its query timeout); and why the pool
 * refused a call before anything was sent to the database, with no SQLState:
 * {@link PoolExhaustedException}, {@link AcquireTimeoutException} and
 * {@link PoolClosedException}.
 *
 * {@snippet :
 * pool.runQuery("SELECT name FROM users")
 *     .addErrback(failure -> {
 *         failure.trap(DatabaseException.class); // anything else (a bug in a callback) keeps failing
 *         return List.of();                      // every database failure: show an empty list
 *     });
 * }
 *
 * <p>Not a DatabaseException: {@link net.deferred.CancelledException} after
 * {@link net.deferred.Deferred#cancel()}, an exception an interaction's own code throws (delivered
 * as it is), and a {@link WrongThreadException} or {@link NullPointerException} thrown at once
 * for a call made wrongly.
 */
public class DatabaseException extends RuntimeException {
    private final @Nullable String sqlState;
    private final int vendorCode;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param sqlState the five-character SQLState, or {@code null} if the driver gave none
     * @param vendorCode the driver's vendor-specific error code (0 if none)
     * @param cause the driver's exception, or {@code null}
     */
    public DatabaseException(String message, @Nullable String sqlState, int vendorCode, @Nullable Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
    }

    /**
     * Creates an exception that no driver reported (the pool's own refusals): no SQLState, vendor
     * code 0, no cause.
     *
     * @param message what went wrong
     */
    public DatabaseException(String message) {
        this(message, null, 0, null);
    }

    /**
     * Wraps a driver's exception, keeping its SQLState and vendor code.
     *
     * @param message what the pool was doing
     * @param cause the driver's exception
     */
    public DatabaseException(String message, SQLException cause) {
        this(message, cause.getSQLState(), cause.getErrorCode(), cause);
    }

    /**
     * The SQLState the driver reported: five characters, the first two being its class
     * ({@code "23"} integrity constraint violation, {@code "40"} transaction rollback,
     * {@code "08"} connection exception, ...).
     *
     * @return the SQLState, or {@code null} if the driver gave none
     */
    public @Nullable String sqlState() {
        return sqlState;
    }

    /**
     * The vendor-specific error code the driver reported (for example MariaDB's 1062 for a
     * duplicate key); PostgreSQL's driver reports 0 and relies on the SQLState.
     *
     * @return the vendor code, 0 if none
     */
    public int vendorCode() {
        return vendorCode;
    }

    /**
     * Whether the database rolled the transaction back by itself: SQLState class {@code 40}
     * (serialization failure, deadlock). Running the whole transaction again may succeed.
     *
     * @return true for SQLState class 40
     */
    public boolean isTransactionRollback() {
        return sqlState != null && sqlState.startsWith("40");
    }

    /**
     * The driver's exception, if this error came from one.
     *
     * @return the cause when it is an {@link SQLException}, otherwise {@code null}
     */
    public @Nullable SQLException sqlException() {
        return getCause() instanceof SQLException e ? e : null;
    }
}
