package net.dbapi;

import org.jspecify.annotations.Nullable;

/**
 * A statement ran longer than its query timeout ({@link ConnectionPoolOptions#queryTimeout()} or
 * {@link CallOptions#queryTimeout()}) and the driver cancelled it. The transaction was rolled
 * back and the connection, still healthy, went back to the pool.
 */
public class QueryTimeoutException extends DatabaseException {

    /**
     * Creates the exception.
     *
     * @param message which statement timed out, and after how long
     * @param sqlState the SQLState the driver reported, or {@code null}
     * @param vendorCode the driver's vendor code (0 if none)
     * @param cause the driver's exception, or {@code null}
     */
    public QueryTimeoutException(String message, @Nullable String sqlState, int vendorCode,
            @Nullable Throwable cause) {
        super(message, sqlState, vendorCode, cause);
    }
}
