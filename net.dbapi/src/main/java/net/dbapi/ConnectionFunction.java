package net.dbapi;

import java.sql.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The work of {@link Database#runWithConnection}: full control of a pooled JDBC connection, which
 * is in manual-commit mode; the pool commits when this returns and rolls back when it throws.
 *
 * <p>Runs on the connection's virtual thread, never on the reactor thread. It must not close the
 * connection, keep it or any statement or result set beyond its return, or return one. It should
 * leave the session as it found it: the pool restores the auto-commit mode, but not an isolation
 * level, read-only flag, schema or session variable changed here.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ConnectionFunction<T extends @Nullable Object> {

    /**
     * Works with the connection.
     *
     * @param connection the pooled connection, lent for this call only
     * @return the value the call's Deferred fires with
     * @throws Exception to roll back and fail the call's Deferred with it (an
     *     {@link java.sql.SQLException} is delivered as a {@link DatabaseException})
     */
    T apply(Connection connection) throws Exception;
}
