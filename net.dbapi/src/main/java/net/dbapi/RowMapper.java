package net.dbapi;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Turns the current row of a result set into a value, for the queries that skip {@link Row}:
 * {@link Database#runQuery(String, RowMapper, Object...)} and
 * {@link Transaction#query(String, RowMapper, Object...)}.
 *
 * <p>Called on the connection's virtual thread, once per row, with the result set already on that
 * row: read the columns it needs and return a plain value. It must not move the cursor or keep
 * the result set.
 *
 * {@snippet :
 * record User(long id, String name) {}
 * Deferred<List<User>> users = pool.runQuery("SELECT id, name FROM users WHERE active = ?",
 *         rs -> new User(rs.getLong(1), rs.getString(2)), true);
 * }
 *
 * @param <T> the row's value type
 */
@FunctionalInterface
public interface RowMapper<T extends @Nullable Object> {

    /**
     * Maps the current row.
     *
     * @param resultSet the result set, positioned on the row to map
     * @return the row's value
     * @throws SQLException if reading a column fails (delivered as a {@link DatabaseException})
     */
    T mapRow(ResultSet resultSet) throws SQLException;
}
