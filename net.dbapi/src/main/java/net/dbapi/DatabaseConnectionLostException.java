package net.dbapi;

import org.jspecify.annotations.Nullable;

/**
 * The connection a call was using is gone: the driver reported SQLState class {@code 08}
 * (connection exception), the server ended the session (PostgreSQL's {@code 57P01}, for example
 * after {@code pg_terminate_backend}), the driver closed the connection after an error, or the
 * connection failed its validation. Adbapi's {@code ConnectionLost}; it is not the TCP
 * {@code net.reactor.ConnectionLostException}.
 *
 * <p>The pool discards that connection and opens a fresh one for later calls. The call itself is
 * <em>not</em> retried: it may have had effects before the connection died, and only the caller
 * knows whether running it again is safe. A caller who knows can mark the call idempotent
 * ({@link CallOptions#withIdempotent(boolean)}); the pool then runs it once more on a fresh
 * connection.
 */
public class DatabaseConnectionLostException extends DatabaseException {

    /**
     * Creates the exception.
     *
     * @param message what was lost and when
     * @param sqlState the SQLState the driver reported, or {@code null}
     * @param vendorCode the driver's vendor code (0 if none)
     * @param cause the driver's exception, or {@code null}
     */
    public DatabaseConnectionLostException(String message, @Nullable String sqlState, int vendorCode,
            @Nullable Throwable cause) {
        super(message, sqlState, vendorCode, cause);
    }
}
