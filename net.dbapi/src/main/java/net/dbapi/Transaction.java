package net.dbapi;

import java.sql.Connection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Interaction} works through: one transaction on one pooled connection (Twisted's
 * {@code Transaction}, a cursor over the connection). The pool commits it when the interaction
 * returns and rolls it back when the interaction throws.
 *
 * {@snippet :
 * Deferred<Long> newId = pool.runInteraction(txn -> {
 *     txn.update("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from);
 *     txn.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to);
 *     txn.execute("INSERT INTO transfers(src, dst, amount) VALUES (?, ?, ?) RETURNING id",
 *             from, to, amount);
 *     return txn.fetchOne().getLong(0);
 * });
 * }
 *
 * <p>Parameters are always bound ({@code ?} placeholders), never spliced into the SQL text. A
 * parameter may be any value the driver's {@code setObject} accepts (strings, numbers,
 * {@code java.time} values, {@code byte[]}, ...), {@code null} for SQL NULL; an enum is bound
 * as its name and an {@link java.time.Instant} as a UTC {@link java.time.OffsetDateTime}.
 *
 * <p><b>Threading:</b> only the interaction's own thread (the connection's virtual thread) may
 * use the transaction, and only until the interaction returns. Errors are thrown as
 * {@link DatabaseException}s (with the SQLState and vendor code) and, if the call was cancelled
 * meanwhile, as {@link net.deferred.CancelledException}.
 */
public interface Transaction {

    /**
     * Runs a statement, like a DB-API cursor's {@code execute}: its rows, if it returns any, are
     * then read with {@link #fetchOne()} and {@link #fetchAll()}; otherwise {@link #updateCount()}
     * tells how many rows it changed. Rows of the previous {@code execute} not yet fetched are
     * discarded.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param params the values for the placeholders, in order
     * @throws DatabaseException if the database refuses the statement
     */
    void execute(String sql, @Nullable Object... params);

    /**
     * The next row of the last {@link #execute}.
     *
     * @return the row, or {@code null} when there are no more (or the statement returned none)
     * @throws DatabaseException if reading the row fails
     */
    @Nullable Row fetchOne();

    /**
     * The remaining rows of the last {@link #execute}.
     *
     * @return a new list, empty when there are no more rows
     * @throws DatabaseException if reading the rows fails
     */
    List<Row> fetchAll();

    /**
     * How many rows the last {@link #execute} inserted, updated or deleted.
     *
     * @return the count, or -1 if the statement returned rows (or nothing was executed yet)
     */
    int updateCount();

    /**
     * Runs a query and reads all its rows.
     *
     * @param sql the query, with {@code ?} placeholders
     * @param params the values for the placeholders, in order
     * @return a new list of the rows
     * @throws DatabaseException if the database refuses the query
     */
    List<Row> query(String sql, @Nullable Object... params);

    /**
     * Runs a query and maps each row, skipping {@link Row}: the mapper reads each row through a
     * {@link CurrentRow}, whose columns count from 0 as in every Row.
     *
     * @param sql the query, with {@code ?} placeholders
     * @param mapper turns each row into a value
     * @param params the values for the placeholders, in order
     * @param <T> the row value type
     * @return a new list of the mapped rows
     * @throws DatabaseException if the database refuses the query or the mapper fails reading
     */
    <T extends @Nullable Object> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... params);

    /**
     * Runs an INSERT, UPDATE, DELETE or DDL statement.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param params the values for the placeholders, in order
     * @return how many rows it changed (0 for DDL)
     * @throws DatabaseException if the database refuses the statement
     */
    int update(String sql, @Nullable Object... params);

    /**
     * Runs one statement with many parameter sets as a JDBC batch (one round trip where the
     * driver supports it).
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param parameterSets one list of values per execution
     * @return the update count of each execution, in order (a driver may report
     *     {@link java.sql.Statement#SUCCESS_NO_INFO})
     * @throws DatabaseException if the batch fails
     */
    int[] executeBatch(String sql, List<? extends List<?>> parameterSets);

    /**
     * The raw JDBC connection, for what this interface does not offer. It is in manual-commit
     * mode and belongs to the pool: do not close it, commit or roll it back, or keep it; leave
     * session settings as you found them. Statements made on it are not cancelled by
     * cancelling the call, nor bound by the call's query timeout.
     *
     * @return the pooled connection
     */
    Connection connection();
}
