package net.dbapi.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.dbapi.Row;
import net.dbapi.RowMapper;
import net.dbapi.Transaction;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Transaction} an interaction gets: statements through the connection's cache, each
 * registered with the call for cancellation, errors translated to the pool's exceptions. Usable
 * only by the connection's thread and only while the interaction runs.
 */
final class TransactionImpl implements Transaction {
    private final PooledConnection pc;
    private final Job<?> job;
    private final Thread owner;
    private boolean finished;

    // The open cursor of the last execute().
    private PooledConnection.@Nullable Cached cursorStatement;
    private @Nullable ResultSet cursor;
    private @Nullable RowReader cursorReader;
    private int updateCount = -1;

    TransactionImpl(PooledConnection pc, Job<?> job) {
        this.pc = pc;
        this.job = job;
        this.owner = Thread.currentThread();
    }

    private void check(String what) {
        if (finished) {
            throw new IllegalStateException("Transaction." + what + " called after the interaction returned;"
                    + " a Transaction is valid only inside its interaction");
        }
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("Transaction." + what + " called on " + Thread.currentThread()
                    + "; only the interaction's own thread (" + owner + ") may use its Transaction");
        }
        job.checkNotCancelled();
    }

    private RuntimeException translated(SQLException e) {
        return SqlErrors.translateSql(e, job, pc);
    }

    @Override
    public void execute(String sql, @Nullable Object... params) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(params, "params is null; to bind one NULL, pass (Object) null");
        check("execute");
        closeCursor();
        PooledConnection.Cached c;
        try {
            c = pc.prepare(sql, job.queryTimeoutSeconds());
        } catch (SQLException e) {
            throw translated(e);
        }
        boolean keep = false;
        try {
            PreparedStatement ps = c.statement;
            PooledConnection.bind(ps, params);
            boolean hasRows;
            job.statementStarted(ps);
            try {
                hasRows = ps.execute();
            } finally {
                job.statementFinished();
            }
            if (hasRows) {
                ResultSet rs = ps.getResultSet();
                RowReader reader = RowReader.forResult(rs, c.reader);
                c.reader = reader;
                cursorReader = reader;
                cursor = rs;
                cursorStatement = c;
                updateCount = -1;
                keep = true;
            } else {
                updateCount = ps.getUpdateCount();
                pc.release(c);
                keep = true;
            }
        } catch (SQLException e) {
            throw translated(e);
        } finally {
            if (!keep) {
                pc.discard(c);
            }
        }
    }

    @Override
    public @Nullable Row fetchOne() {
        check("fetchOne");
        ResultSet rs = cursor;
        RowReader reader = cursorReader;
        if (rs == null || reader == null) {
            return null;
        }
        try {
            if (rs.next()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            closeCursor();
            throw translated(e);
        }
        closeCursor();
        return null;
    }

    @Override
    public List<Row> fetchAll() {
        check("fetchAll");
        ArrayList<Row> rows = new ArrayList<>();
        ResultSet rs = cursor;
        RowReader reader = cursorReader;
        if (rs == null || reader == null) {
            return rows;
        }
        try {
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
        } catch (SQLException e) {
            throw translated(e);
        } finally {
            closeCursor();
        }
        return rows;
    }

    @Override
    public int updateCount() {
        check("updateCount");
        return updateCount;
    }

    @Override
    public List<Row> query(String sql, @Nullable Object... params) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(params, "params is null; to bind one NULL, pass (Object) null");
        check("query");
        try {
            return Statements.query(pc, job, sql, params);
        } catch (SQLException e) {
            throw translated(e);
        }
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... params) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(params, "params is null; to bind one NULL, pass (Object) null");
        check("query");
        try {
            return Statements.query(pc, job, sql, mapper, params);
        } catch (SQLException e) {
            throw translated(e);
        }
    }

    @Override
    public int update(String sql, @Nullable Object... params) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(params, "params is null; to bind one NULL, pass (Object) null");
        check("update");
        try {
            return Statements.update(pc, job, sql, params);
        } catch (SQLException e) {
            throw translated(e);
        }
    }

    @Override
    public int[] executeBatch(String sql, List<? extends List<?>> parameterSets) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(parameterSets, "parameterSets");
        check("executeBatch");
        try {
            return Statements.batch(pc, job, sql, parameterSets);
        } catch (SQLException e) {
            throw translated(e);
        }
    }

    @Override
    public Connection connection() {
        check("connection");
        return pc.connection;
    }

    private void closeCursor() {
        ResultSet rs = cursor;
        PooledConnection.Cached c = cursorStatement;
        cursor = null;
        cursorReader = null;
        cursorStatement = null;
        if (rs != null) {
            PooledConnection.closeQuietly(rs);
        }
        if (c != null) {
            pc.release(c);
        }
    }

    /** Connection thread: the interaction returned or threw; closes what is open. */
    void finish() {
        closeCursor();
        finished = true;
    }

    @Override
    public String toString() {
        return "Transaction[" + pc + ", " + job.describe() + "]";
    }
}
