package net.dbapi;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * An error reported by the database or its JDBC driver, as a call of the pool delivers it. The
 * driver's {@link SQLException} is the {@linkplain #getCause() cause}, and its SQLState and vendor
 * code are kept here too, so an errback can test them without digging:
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
 * {@link DatabaseConnectionLostException} (the connection is gone) and
 * {@link QueryTimeoutException} (the statement ran past its query timeout).
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
