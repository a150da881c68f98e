package net.dbapi;

import java.sql.ResultSet;

/**
 * The row a {@link RowMapper} maps: a {@link Row} over the current row of the query's result set,
 * which reads each column only when the mapper asks for it, so mapping copies nothing it does not
 * need. Everything else is as in any Row: columns count from 0 and are found by label without
 * regard to case, and values are read and converted the same way (date-time columns as
 * {@code java.time} values, LOBs as {@code byte[]} and String, ...).
 *
 * <p><b>Valid only during the {@link RowMapper#mapRow} call it was passed to</b>, on that thread
 * (the connection's virtual thread): keep the values it returns, not the row. Used later, every
 * method throws {@link IllegalStateException}; a mapper that returns the row itself fails the
 * call. {@link #copy()} makes a plain Row that may be kept.
 *
 * <p>A getter whose reading fails in the driver throws a {@link DatabaseException}; the call then
 * fails as if the query had (and a lost connection is reported as
 * {@link DatabaseConnectionLostException}).
 */
public interface CurrentRow extends Row {

    /**
     * The JDBC result set, positioned on this row, for what {@link Row} does not offer (a
     * driver-specific type, {@code getObject(int, Class)}, streaming a large column). It is JDBC's
     * own view: <b>its columns count from 1</b>, so {@code row.getString(0)} is
     * {@code row.jdbcResultSet().getString(1)}. Read the current row only: do not move the
     * cursor, close the result set, or keep it.
     *
     * @return the result set, on this row
     * @throws IllegalStateException if called after the mapper returned
     */
    ResultSet jdbcResultSet();

    /**
     * Reads every column into a plain, immutable {@link Row} that may be kept and used on any
     * thread, equal to the Row that {@link Database#runQuery(String, Object...)} would have
     * delivered.
     *
     * @return the copy
     * @throws DatabaseException if reading a column fails
     * @throws IllegalStateException if called after the mapper returned
     */
    Row copy();
}
