package net.dbapi.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.dbapi.Row;
import net.dbapi.RowMapper;
import org.jspecify.annotations.Nullable;

/**
 * Runs statements the way every call of the pool does: a (cached) prepared statement, bound
 * parameters, the call's query timeout, and the statement registered with its {@link Job} while it
 * runs so a cancel from another thread reaches it.
 */
final class Statements {
    private Statements() {
    }

    /** Runs a query and reads all its rows. */
    static ArrayList<Row> query(PooledConnection pc, Job<?> job, String sql, @Nullable Object[] params)
            throws SQLException {
        PooledConnection.Cached c = pc.prepare(sql, job.queryTimeoutSeconds());
        boolean ok = false;
        try {
            PreparedStatement ps = c.statement;
            PooledConnection.bind(ps, params);
            ArrayList<Row> rows;
            job.statementStarted(ps);
            try (ResultSet rs = ps.executeQuery()) {
                RowReader reader = RowReader.forResult(rs, c.reader);
                c.reader = reader;
                rows = reader.readAll(rs);
            } finally {
                job.statementFinished();
            }
            ok = true;
            return rows;
        } finally {
            done(pc, c, ok);
        }
    }

    /** Runs a query and maps each row, through a {@link ResultSetRow} (columns from 0). */
    static <T> ArrayList<T> query(PooledConnection pc, Job<?> job, String sql, RowMapper<T> mapper,
            @Nullable Object[] params) throws SQLException {
        PooledConnection.Cached c = pc.prepare(sql, job.queryTimeoutSeconds());
        boolean ok = false;
        try {
            PreparedStatement ps = c.statement;
            PooledConnection.bind(ps, params);
            ArrayList<T> values;
            job.statementStarted(ps);
            try (ResultSet rs = ps.executeQuery()) {
                values = ResultSetRow.mapAll(new ResultSetRow.Result(rs, c), mapper);
            } finally {
                job.statementFinished();
            }
            ok = true;
            return values;
        } finally {
            done(pc, c, ok);
        }
    }

    /** Runs an update and returns its count. */
    static int update(PooledConnection pc, Job<?> job, String sql, @Nullable Object[] params) throws SQLException {
        PooledConnection.Cached c = pc.prepare(sql, job.queryTimeoutSeconds());
        boolean ok = false;
        try {
            PreparedStatement ps = c.statement;
            PooledConnection.bind(ps, params);
            int count;
            job.statementStarted(ps);
            try {
                count = ps.executeUpdate();
            } finally {
                job.statementFinished();
            }
            ok = true;
            return count;
        } finally {
            done(pc, c, ok);
        }
    }

    /** Runs a batch and returns the counts. */
    static int[] batch(PooledConnection pc, Job<?> job, String sql, List<? extends List<?>> parameterSets)
            throws SQLException {
        PooledConnection.Cached c = pc.prepare(sql, job.queryTimeoutSeconds());
        boolean ok = false;
        try {
            PreparedStatement ps = c.statement;
            for (List<?> set : parameterSets) {
                PooledConnection.bind(ps, set);
                ps.addBatch();
            }
            int[] counts;
            job.statementStarted(ps);
            try {
                counts = ps.executeBatch();
            } finally {
                job.statementFinished();
            }
            ok = true;
            return counts;
        } finally {
            if (ok) {
                try {
                    c.statement.clearBatch();
                } catch (SQLException e) {
                    ok = false;
                }
            }
            done(pc, c, ok);
        }
    }

    private static void done(PooledConnection pc, PooledConnection.Cached c, boolean ok) {
        if (ok) {
            pc.release(c);
        } else {
            pc.discard(c);
        }
    }
}
