package net.dbapi;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The pool could not open a connection for the call: the server refused it, did not answer in
 * time, is down or still starting. The call never reached the database, so running it again is
 * safe, whatever it does; later calls open a fresh connection by themselves once the database is
 * back (see {@code docs/fault-suite.md} for how long that took when a server was killed).
 *
 * <p>This is how "the database is unavailable" differs from a failure of the call itself: a
 * {@link DatabaseConnectionLostException} means the connection died <em>while</em> the call ran
 * (it may have had effects), and a plain {@link DatabaseException} is an error the database
 * reported for the statement. A caller that retries while the database is away catches this
 * type:
 *
 * {@snippet :
 * Deferred<List<Row>> names = Blocking.spawn(reactor, () -> { // a virtual thread, where waiting is cheap
 *     for (int attempt = 1; ; attempt++) {
 *         try {
 *             return Blocking.await(() -> pool.runQuery("SELECT name FROM users"));
 *         } catch (DatabaseUnavailableException e) {          // the call never ran: safe to run it again
 *             if (attempt == 5) {
 *                 throw e;                                     // bounded: some causes never pass (below)
 *             }
 *             Thread.sleep(1000);
 *         }
 *     }
 * });
 * }
 *
 * <p>The driver's exception is the {@linkplain #getCause() cause}, and its SQLState and vendor
 * code are kept (a refused connection is {@code 08001} from PostgreSQL's driver and {@code 08000}
 * from MariaDB's; PostgreSQL answers {@code 57P03} while it shuts down or starts up). Not every cause goes away by waiting: a wrong password
 * (SQLState class {@code 28}), an unknown database or a URL that no driver accepts ("No suitable
 * driver") fail the same way on every attempt, so a retry loop should be bounded. The pool logs
 * these failures at WARNING at most once per distinct failure every 10 s, with a count.
 *
 * <p>Thrown by no method directly: it is the failure of a call's Deferred (or what
 * {@code Blocking.await} throws on a virtual thread), delivered on the caller's reactor thread.
 */
public class DatabaseUnavailableException extends DatabaseException {

    /**
     * Creates the exception.
     *
     * @param message which pool could not open a connection to what, and why
     * @param sqlState the SQLState the driver reported, or {@code null}
     * @param vendorCode the driver's vendor code (0 if none)
     * @param cause the driver's exception, or {@code null}
     */
    public DatabaseUnavailableException(String message, @Nullable String sqlState, int vendorCode,
            @Nullable Throwable cause) {
        super(message, sqlState, vendorCode, cause);
    }

    /**
     * Wraps the driver's exception from opening a connection, keeping its SQLState and vendor code.
     *
     * @param message which pool could not open a connection to what, and why
     * @param cause the driver's exception
     */
    public DatabaseUnavailableException(String message, SQLException cause) {
        super(message, cause);
    }
}
