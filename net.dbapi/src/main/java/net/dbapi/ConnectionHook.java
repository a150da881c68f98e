package net.dbapi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Session set-up run on every new connection, right after it is opened and before any call uses
 * it (Twisted's {@code cp_openfun}): set a search path, a time zone, session variables.
 *
 * <p>Runs on the connection's virtual thread. If it throws, the connection is closed and the call
 * that needed it fails with a {@link DatabaseException}: a {@link DatabaseUnavailableException}
 * when the {@link SQLException} says the connection itself is gone (SQLState class {@code 08},
 * a session ended by the server), since the call then never ran; a plain
 * {@code DatabaseException} for any other error of the set-up.
 */
@FunctionalInterface
public interface ConnectionHook {

    /**
     * Prepares a newly opened connection.
     *
     * @param connection the new connection, in auto-commit mode
     * @throws SQLException if the set-up fails
     */
    void connectionOpened(Connection connection) throws SQLException;
}
