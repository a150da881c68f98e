package net.dbapi.internal;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import net.dbapi.CallOptions;
import net.dbapi.QueryTimeoutException;
import net.dbapi.internal.jfr.PoolWaitEvent;
import net.deferred.CancelledException;
import net.deferred.Canceller;
import net.deferred.Deferred;
import org.jspecify.annotations.Nullable;

/**
 * One call of the pool, from submission to delivery: the only object the pool allocates per call
 * besides the caller's Deferred. It is the node of the FIFO wait queue (linked through
 * {@link #prev}/{@link #next} under the pool's lock), carries its result to the reactor thread as
 * a {@link Completion}, and is the Deferred's {@link Canceller}.
 *
 * <p>Threads: created and cancelled on the reactor thread, run on a connection's virtual thread,
 * delivered on the reactor thread. The running statement and the cancel request are guarded by
 * this object's monitor, so a cancel can never hit a statement that started after the call ended.
 *
 * @param <T> the call's result type
 */
abstract class Job<T> extends Completion implements Canceller<T> {
    static final int NEW = 0;
    static final int WAITING = 1;
    static final int RUNNING = 2;
    /** Left the queue without running (cancelled, timed out, refused at shutdown). */
    static final int DROPPED = 3;

    private static final System.Logger LOG = System.getLogger("net.dbapi.ConnectionPool");

    final Pool pool;
    final boolean transactional;
    final boolean idempotent;
    private final int queryTimeoutSeconds;
    @Nullable Deferred<T> deferred;
    /** The calling reactor's way back; set by the pool before the job is published. */
    Pool.Lane lane;

    // Queue state, guarded by the pool's lock.
    int state = NEW;
    @Nullable Job<?> prev;
    @Nullable Job<?> next;
    long deadline;

    // Outcome, written by the worker before the push that publishes the completion.
    @Nullable Object result;
    @Nullable Throwable error;

    /** spindle.PoolWait, begun at submission when a recording wants it (observability only). */
    final @Nullable PoolWaitEvent waitEvent;

    /** System.nanoTime() when the worker started running this call; 0 while not running. */
    volatile long startedNanos;
    /** Set by the pool's watchdog: the call ran past its query timeout and the driver did not stop it. */
    private volatile boolean overran;

    // Cancellation, guarded by this.
    private volatile boolean cancelRequested;
    private @Nullable Statement running;
    private @Nullable Thread cancelling;

    Job(Pool pool, CallOptions options, boolean transactional) {
        this.pool = pool;
        this.lane = pool.home;
        this.transactional = transactional;
        this.idempotent = options.idempotent();
        Duration timeout = options.queryTimeout();
        if (timeout == null) {
            timeout = pool.options.queryTimeout();
        }
        this.queryTimeoutSeconds = seconds(timeout);
        this.waitEvent = PoolWaitEvent.wanted() ? beginWait() : null;
    }

    private static PoolWaitEvent beginWait() {
        PoolWaitEvent e = new PoolWaitEvent();
        e.begin();
        return e;
    }

    /** Whole seconds, rounded up, as JDBC's query timeout wants them; 0 for none. */
    static int seconds(Duration d) {
        if (d.isZero()) {
            return 0;
        }
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, s));
    }

    /**
     * Does the call's work on {@code connection}, on the connection's thread. The worker has set
     * the commit mode and commits or rolls back afterwards.
     */
    abstract T run(PooledConnection connection) throws Exception;

    /** A short description for error messages and logs. */
    abstract String describe();

    int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    // ------------------------------------------------------------------ cancellation

    /** Reactor thread: Deferred.cancel() was called and the Deferred has not fired. */
    @Override
    public void cancel(Deferred<T> d) {
        if (!pool.removeWaiting(this)) {
            requestCancel();
        }
        // Returning without firing: the Deferred fails with CancelledException now.
    }

    /** Any thread: asks the running call to stop; its statement, if one runs, is cancelled. */
    void requestCancel() {
        synchronized (this) {
            cancelRequested = true;
            Statement st = running;
            if (st != null && cancelling == null) {
                // Statement.cancel() may block on the network (PostgreSQL opens a connection to
                // send the cancel request; MariaDB runs KILL QUERY): never on the reactor thread.
                cancelling = Thread.ofVirtual().name(pool.name + "-cancel").start(() -> cancelQuietly(st));
            }
        }
    }

    private void cancelQuietly(Statement st) {
        try {
            st.cancel();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "pool " + pool.name + ": Statement.cancel() failed", e);
        }
    }

    /** Connection thread: a statement of this call is about to run. */
    void statementStarted(Statement st) {
        synchronized (this) {
            if (cancelRequested) {
                throw new CancelledException("database call cancelled: " + describe());
            }
            running = st;
        }
    }

    /**
     * Connection thread: the statement has finished. If a cancel is under way, waits for it, so
     * that it cannot reach a later statement on this connection.
     */
    void statementFinished() {
        Thread t;
        synchronized (this) {
            running = null;
            t = cancelling;
        }
        if (t != null) {
            try {
                if (!t.join(pool.options.validationTimeout().plusSeconds(5))) {
                    LOG.log(System.Logger.Level.WARNING, "pool {0}: Statement.cancel() still running", pool.name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connection thread: throws if the call was cancelled. */
    void checkNotCancelled() {
        if (cancelRequested) {
            throw new CancelledException("database call cancelled: " + describe());
        }
    }

    /** Whether the watchdog gave up on this call (its connection must then not be reused). */
    boolean overran() {
        return overran;
    }

    /**
     * Reactor thread (the pool's watchdog): the call is still running well past its query
     * timeout, so the driver's own timeout did not work (a lock wait the driver does not
     * interrupt, a frozen database that the cancel request cannot reach). Fails the call now with
     * {@link QueryTimeoutException}, asks the statement to stop, and marks the call so its
     * connection is discarded, not reused, once the driver lets go of it.
     */
    void overrun() {
        overran = true;
        failNow(new QueryTimeoutException(describe() + " ran past its query timeout of " + queryTimeoutSeconds
                + " s and the driver did not stop it; the statement was cancelled and its connection is aborted",
                null, 0, null));
        requestCancel();
    }

    // ------------------------------------------------------------------ delivery

    /** Reactor thread: fires the Deferred, unless it has fired already (cancelled, timed out). */
    @Override
    final void deliver() {
        Deferred<T> d = deferred;
        if (d == null || d.called()) {
            return;
        }
        Throwable e = error;
        if (e != null) {
            d.errback(e);
        } else {
            @SuppressWarnings("unchecked") T value = (T) result;
            d.callback(value);
        }
    }

    /** Home reactor thread: fails the call without running it, on the calling reactor's thread (at once when that is this one). */
    final void failNow(Throwable e) {
        Deferred<T> d = deferred;
        if (d == null) {
            return;
        }
        lane.run(() -> {
            if (!d.called()) {
                d.errback(e);
            }
        });
    }
}
