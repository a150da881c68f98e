package net.dbapi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.dbapi.CurrentRow;
import net.dbapi.DatabaseException;
import net.dbapi.Row;
import net.dbapi.RowMapper;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CurrentRow} a {@link RowMapper} is given: reads columns straight from the result
 * set, through the same {@link RowReader} (and so the same value rules) as the rows of
 * {@code runQuery} without a mapper, so the two paths cannot disagree about a column.
 *
 * <p>One small object per row, marked dead when its {@code mapRow} call returns: a row kept by a
 * mapper fails loudly when used later instead of reading whatever row the cursor is on then. The
 * result's layout (labels, how to read each column) is looked up once per query, and only if the
 * mapper reads through the row rather than through {@link #jdbcResultSet()}.
 */
final class ResultSetRow implements CurrentRow {
    private final Result result;
    private boolean live = true;

    private ResultSetRow(Result result) {
        this.result = result;
    }

    /** One query's result set and, once a row needs it, its layout (cached on the statement). */
    static final class Result {
        private final ResultSet rs;
        private final PooledConnection.Cached statement;
        private @Nullable RowReader reader;

        Result(ResultSet rs, PooledConnection.Cached statement) {
            this.rs = rs;
            this.statement = statement;
        }

        RowReader reader() {
            RowReader r = reader;
            if (r == null) {
                try {
                    r = RowReader.forResult(rs, statement.reader);
                } catch (SQLException e) {
                    throw new ReadFailure("reading the result's columns failed: " + SqlErrors.describe(e), e);
                }
                statement.reader = r;
                reader = r;
            }
            return r;
        }
    }

    /**
     * A driver error while a getter of the row read a column. Row's getters cannot throw
     * {@link SQLException}, so it travels as this {@link DatabaseException}; the query unwraps it
     * again so that the call's failure is translated like any other driver error.
     */
    static final class ReadFailure extends DatabaseException {
        ReadFailure(String message, SQLException cause) {
            super(message, cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }

    /**
     * Maps every remaining row of {@code result} with {@code mapper}.
     *
     * @throws SQLException what the driver or the mapper threw while reading
     */
    static <T> ArrayList<T> mapAll(Result result, RowMapper<T> mapper) throws SQLException {
        ArrayList<T> values = new ArrayList<>();
        try {
            while (result.rs.next()) {
                ResultSetRow row = new ResultSetRow(result);
                T value;
                try {
                    value = mapper.mapRow(row);
                } finally {
                    row.live = false;
                }
                if (value == row) {
                    throw new IllegalStateException("the RowMapper returned the CurrentRow it was given, which is"
                            + " valid only while the mapper runs; return row.copy() for a Row that may be kept, or"
                            + " call runQuery without a mapper to get Rows");
                }
                values.add(value);
            }
        } catch (ReadFailure e) {
            throw e.sqlCause();
        }
        return values;
    }

    private ResultSet rs() {
        if (!live) {
            throw new IllegalStateException("this CurrentRow was valid only during the RowMapper.mapRow call it was"
                    + " passed to; keep the values read from it, or a copy()");
        }
        return result.rs;
    }

    private RowReader reader() {
        rs();
        return result.reader();
    }

    @Override
    public ResultSet jdbcResultSet() {
        return rs();
    }

    @Override
    public Row copy() {
        ResultSet rs = rs();
        try {
            return result.reader().read(rs);
        } catch (SQLException e) {
            throw new ReadFailure("reading a row failed: " + SqlErrors.describe(e), e);
        }
    }

    @Override
    public int size() {
        return reader().labels.length;
    }

    @Override
    public String label(int index) {
        String[] labels = reader().labels;
        ArrayRow.checkIndex(index, labels);
        return labels[index];
    }

    @Override
    public List<String> labels() {
        return List.of(reader().labels);
    }

    @Override
    public List<@Nullable Object> values() {
        int n = size();
        @Nullable Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = get(i);
        }
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public int indexOf(String label) {
        return ArrayRow.indexOf(reader().labels, label);
    }

    @Override
    public @Nullable Object get(int index) {
        RowReader reader = reader();
        ArrayRow.checkIndex(index, reader.labels);
        try {
            return reader.value(result.rs, index);
        } catch (SQLException e) {
            throw new ReadFailure("reading column " + index + " ('" + reader.labels[index] + "') failed: "
                    + SqlErrors.describe(e), e);
        }
    }

    /** The row's columns while it is valid ({@code CurrentRow[id=1, name='Ada']}); afterwards a note. */
    @Override
    public String toString() {
        if (!live) {
            return "CurrentRow[no longer valid: its mapRow call returned]";
        }
        return "Current" + copy();
    }
}
