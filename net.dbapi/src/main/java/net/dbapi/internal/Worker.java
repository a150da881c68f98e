package net.dbapi.internal;

import java.lang.System.Logger.Level;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;
import net.dbapi.ConnectionHook;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.DatabaseConnectionLostException;
import net.dbapi.DatabaseException;
import net.dbapi.DatabaseUnavailableException;
import net.dbapi.internal.jfr.PoolWaitEvent;
import net.dbapi.internal.jfr.QueryEvent;
import org.jspecify.annotations.Nullable;

/**
 * One connection slot: a long-lived virtual thread that owns at most one connection and runs the
 * pool's calls on it, one after another, taking each from the pool (directly handed over when it
 * was idle, or from the FIFO queue). Keeping the thread for the connection's lifetime costs one
 * virtual thread per connection instead of one thread and one semaphore per call, and keeps every
 * JDBC object on one thread.
 *
 * <p>Before lending its connection to a call, the worker opens it if it has none and, with
 * {@code reconnect} on, validates it if it sat idle too long. After a call it commits or rolls
 * back, and discards the connection if it was lost, failed its rollback or was closed.
 */
final class Worker implements Runnable {
    private static final System.Logger LOG = Pool.LOG;

    final Pool pool;
    final int id;
    final Thread thread;
    private final boolean connectEagerly;
    private final ConnectionPoolOptions options;

    /** A call handed over by the pool while this worker was idle (then unparked). */
    volatile @Nullable Job<?> assigned;
    /** Set by the pool, with an unpark, to make an idle worker end. */
    volatile boolean exit;
    /** The connection; used only on this worker's thread, read elsewhere for stats and abort. */
    volatile @Nullable PooledConnection connection;
    /** The call running now, for a forced shutdown. */
    volatile @Nullable Job<?> current;

    Worker(Pool pool, int id, @Nullable Job<?> first, boolean connectEagerly) {
        this.pool = pool;
        this.id = id;
        this.options = pool.options;
        this.assigned = first;
        this.connectEagerly = connectEagerly;
        this.thread = Thread.ofVirtual().name(pool.name + "-conn-" + id).unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            Job<?> job = assigned;
            assigned = null;
            if (job == null && connectEagerly) {
                openEagerly();
            }
            while (true) {
                if (job == null) {
                    job = pool.nextJob(this);
                    if (job == null) {
                        return;
                    }
                }
                execute(job);
                job = null;
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "pool " + pool.name + ": worker " + id + " failed", t);
        } finally {
            PooledConnection pc = connection;
            if (pc != null) {
                discard(pc, "pool closing");
            }
            pool.workerExited(this);
        }
    }

    private void openEagerly() {
        try {
            open();
        } catch (RuntimeException e) {
            pool.connectFailedAtStart(e);
        }
    }

    /** Runs one call (twice at most, for an idempotent call that lost its connection) and hands it back. */
    private void execute(Job<?> job) {
        current = job;
        PoolWaitEvent waited = job.waitEvent;
        if (waited != null) {
            waited.pool = pool.name;
            waited.call = job.describe();
            waited.commit();
        }
        QueryEvent query = new QueryEvent();
        query.begin();
        if (job.queryTimeoutSeconds() > 0) {
            job.startedNanos = System.nanoTime();
            pool.watchRunning();
        }
        Throwable first = null;
        try {
            while (true) {
                try {
                    job.result = attempt(job);
                    job.error = null;
                    return;
                } catch (Throwable t) {
                    if (first == null && job.idempotent && t instanceof DatabaseConnectionLostException
                            && !job.cancelRequested() && pool.acceptsWork()) {
                        first = t;
                        LOG.log(Level.INFO, "pool {0}: {1} lost its connection; running it once more on a fresh"
                                + " connection, as it is marked idempotent", pool.name, job.describe());
                        continue;
                    }
                    if (first != null && first != t) {
                        t.addSuppressed(first);
                    }
                    if (t instanceof DatabaseConnectionLostException) {
                        pool.callFailures.log(Level.WARNING, "pool " + pool.name + ": a call lost its connection", t);
                    }
                    job.result = null;
                    job.error = t;
                    return;
                }
            }
        } finally {
            current = null;
            pool.counters.callEnded(job.error, job.overran());
            if (query.shouldCommit()) {
                query.pool = pool.name;
                query.call = job.describe();
                Throwable e = job.error;
                query.outcome = e == null ? "succeeded" : e.getClass().getName();
                query.commit();
            }
            pool.complete(job);
        }
    }

    private @Nullable Object attempt(Job<?> job) throws Throwable {
        job.checkNotCancelled();
        PooledConnection pc;
        try {
            pc = borrow();
        } catch (DatabaseException e) {
            // The database is down or refuses connections: every call meets this, so log it rate-limited.
            pool.callFailures.log(Level.WARNING, "pool " + pool.name + ": a call could not get a connection", e);
            throw e;
        }
        try {
            Object value;
            try {
                pc.connection.beginRequest();
                pc.setAutoCommit(!job.transactional);
                value = job.run(pc);
                job.checkNotCancelled();
                checkResult(value, job);
                if (job.transactional) {
                    pc.commit();
                }
            } catch (Throwable t) {
                Throwable delivered = SqlErrors.translate(t, job, pc);
                if (job.transactional && !pc.isClosedQuietly()) {
                    SQLException r = pc.rollback();
                    if (r != null) {
                        delivered.addSuppressed(
                                new DatabaseException("rollback failed too: " + SqlErrors.describe(r), r));
                    }
                }
                if (delivered instanceof DatabaseConnectionLostException) {
                    pc.broken = true;
                }
                throw delivered;
            }
            return value;
        } finally {
            if (job.overran()) {
                pc.broken = true; // given up on by the watchdog: its state is unknown
            }
            giveBack(pc);
        }
    }

    /** Refuses results that would carry a JDBC object to the reactor thread. */
    private static void checkResult(@Nullable Object value, Job<?> job) {
        if (value instanceof ResultSet || value instanceof Statement || value instanceof Connection
                || value instanceof Blob || value instanceof Clob || value instanceof SQLXML
                || value instanceof java.sql.Array) {
            throw new IllegalStateException(job.describe() + " returned a " + value.getClass().getName()
                    + ": JDBC objects must not leave the connection's thread; return plain values instead");
        }
    }

    /** The connection to lend: opened if missing, replaced if closed or (when idle long) invalid. */
    private PooledConnection borrow() {
        PooledConnection pc = connection;
        if (pc != null) {
            if (pc.isClosedQuietly()) {
                discard(pc, "found closed");
                pc = null;
            } else if (options.reconnect()
                    && System.nanoTime() - pc.lastUsedNanos > pool.validateAfterIdleNanos
                    && !validate(pc)) {
                discard(pc, "failed validation");
                pc = null;
            }
        }
        return pc != null ? pc : open();
    }

    private boolean validate(PooledConnection pc) {
        int timeout = Job.seconds(options.validationTimeout());
        String sql = options.goodSQL();
        try {
            if (sql == null) {
                return pc.connection.isValid(timeout);
            }
            pc.setAutoCommit(true);
            try (Statement s = pc.connection.createStatement()) {
                s.setQueryTimeout(timeout);
                s.execute(sql);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "pool " + pool.name + ": " + pc + " failed validation", e);
            return false;
        }
    }

    private PooledConnection open() {
        Connection c;
        try {
            c = pool.source.connect();
        } catch (SQLException e) {
            // Its own type, so a caller can tell "the database is away, the call never ran" from an SQL error.
            throw new DatabaseUnavailableException("pool " + pool.name + " could not open a connection to "
                    + pool.source + ": " + SqlErrors.describe(e) + SqlErrors.connectHint(e), e);
        }
        if (c == null) {
            throw new DatabaseException("pool " + pool.name + ": the connection source " + pool.source
                    + " returned null", null, 0, null);
        }
        PooledConnection pc;
        try {
            ConnectionHook hook = options.onConnect();
            if (hook != null) {
                hook.connectionOpened(c);
            }
            pc = new PooledConnection(c, pool.nextConnectionId(), options.statementCacheSize());
        } catch (SQLException e) {
            PooledConnection.closeQuietly(c);
            String message = "pool " + pool.name + ": setting up a new connection failed: " + SqlErrors.describe(e);
            // The server went away between connecting and the hook: the call still never ran. Any other
            // error of the hook is its own SQL error, which waiting will not cure.
            throw SqlErrors.isConnectionLost(e) ? new DatabaseUnavailableException(message, e)
                    : new DatabaseException(message, e);
        } catch (RuntimeException | Error e) {
            PooledConnection.closeQuietly(c);
            throw e;
        }
        connection = pc;
        pool.connectionOpened(pc);
        return pc;
    }

    /** After a call: note the time, end the request, and discard the connection if it is unusable. */
    private void giveBack(PooledConnection pc) {
        pc.lastUsedNanos = System.nanoTime();
        if (!pc.broken && pc.isClosedQuietly()) {
            pc.broken = true;
        }
        if (!pc.broken) {
            try {
                pc.connection.endRequest();
            } catch (SQLException e) {
                pc.broken = true;
            }
        }
        if (pc.broken) {
            discard(pc, "lost or unusable");
        }
    }

    private void discard(PooledConnection pc, String why) {
        connection = null;
        Exception e = pc.close();
        pool.connectionClosed(pc, why, e);
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
