package net.dbapi;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Turns each row of a query into a value, on the connection's virtual thread, for the queries
 * that skip building {@link Row}s: {@link Database#runQuery(String, RowMapper, Object...)} and
 * {@link Transaction#query(String, RowMapper, Object...)}.
 *
 * <p>The mapper is given a {@link CurrentRow}: a {@link Row} that reads the result's current row
 * as the mapper asks for columns. <b>Columns count from 0</b> and are found by label, exactly as
 * in every other Row of Spindle, so one mapping function serves both paths:
 *
 * {@snippet :
 * record User(long id, String name) {
 *     static User from(Row row) {
 *         return new User(row.getLong(0), row.getString("name"));
 *     }
 * }
 * Deferred<List<User>> users = pool.runQuery("SELECT id, name FROM users WHERE active = ?",
 *         User::from, true);                        // mapped on the connection's thread
 * Deferred<List<User>> same = pool.runQuery("SELECT id, name FROM users WHERE active = ?", true)
 *         .addCallback(rows -> rows.stream().map(User::from).toList());
 * }
 *
 * <p>The row is valid only during the call it is passed to: return plain values, never the row
 * itself (return {@link CurrentRow#copy()} for a Row that may be kept). For what Row does not
 * offer, {@link CurrentRow#jdbcResultSet()} gives the JDBC result set, whose columns count from 1.
 *
 * @param <T> the row's value type
 */
@FunctionalInterface
public interface RowMapper<T extends @Nullable Object> {

    /**
     * Maps the current row.
     *
     * @param row the row to map, with columns counted from 0; valid only during this call
     * @return the row's value
     * @throws SQLException if reading through {@link CurrentRow#jdbcResultSet()} fails
     *     (delivered as a {@link DatabaseException}, as is a failure of the row's own getters)
     */
    T mapRow(CurrentRow row) throws SQLException;
}
