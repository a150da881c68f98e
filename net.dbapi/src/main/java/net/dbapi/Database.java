package net.dbapi;

import java.util.List;
import net.deferred.Deferred;
import org.jspecify.annotations.Nullable;

/**
 * Asynchronous access to a relational database from reactor code: every call returns at once
 * with a {@link Deferred}, the JDBC work runs on a virtual thread that owns a connection, and the
 * Deferred fires on the reactor thread with the result, read completely beforehand. Implemented
 * by {@link ConnectionPool}; {@link #withOptions(CallOptions)} gives the same operations with
 * per-call settings. An interface, so that code using a database can be tested with a fake.
 *
 * <p><b>Threading:</b> call these methods on the reactor thread (or, before the reactor runs, on
 * the thread setting it up); the Deferreds fire on the reactor thread. Another thread gets a
 * {@link WrongThreadException} at once, whose message names the way for that thread. Blocking
 * code on a virtual thread waits for a call with {@code net.threadpool}'s
 * {@code Blocking.await(() -> db.runQuery(...))} (in a thread started by {@code Blocking.spawn}
 * or {@code TaskScope.fork}; elsewhere {@code Blocking.on(reactor).await(() -> ...)}), which makes
 * the call on the reactor thread and parks the virtual thread until it fires; a plain platform
 * thread uses {@code reactor.blockingCallFromThread(() -> db.runQuery(...))}.
 *
 * <p><b>How calls fail</b> (the Deferred's failure): every database failure is a
 * {@link DatabaseException}, so one {@code failure.trap(DatabaseException.class)} handles them
 * all. The DatabaseException itself is an error the database reported, with its SQLState and
 * vendor code; its subclasses are {@link DatabaseUnavailableException} when no connection could
 * be opened (the server refused, timed out or is down: the call never ran, so it is safe to run
 * again), {@link DatabaseConnectionLostException} when the connection died under the call (never
 * retried unless the call is marked idempotent),
 * {@link QueryTimeoutException}, {@link PoolExhaustedException} and
 * {@link AcquireTimeoutException} when no connection could be had, and
 * {@link PoolClosedException} after the pool closed. Not database failures:
 * {@link net.deferred.CancelledException} after {@link Deferred#cancel()}, and an exception
 * thrown by an interaction's own code, delivered as it is.
 *
 * <p><b>Cancelling</b> a call's Deferred: a call still waiting for a connection is removed from
 * the queue; a running call has its statement cancelled with {@link java.sql.Statement#cancel()}
 * from another thread (the connection's thread is never interrupted: on JDK 25 that would close
 * its socket), its transaction rolled back, and its connection returned to the pool in good
 * health. The Deferred fails with {@code CancelledException} at once. A call cancelled while it
 * commits may still have committed.
 */
public interface Database {

    /**
     * Runs a query and reads all its rows. Unlike Twisted's adbapi, which wraps every query in
     * BEGIN and COMMIT (three round trips), the query runs in <b>auto-commit</b> mode: one round
     * trip, and a single statement is its own transaction anyway. Use
     * {@link #runInteraction} for several reads that must see one snapshot.
     *
     * @param sql the query, with {@code ?} placeholders
     * @param params the values for the placeholders, in order
     * @return fires on the reactor thread with a new list of the rows
     */
    Deferred<List<Row>> runQuery(String sql, @Nullable Object... params);

    /**
     * Runs a query in auto-commit mode (see {@link #runQuery(String, Object...)}) and maps each
     * row on the connection's thread, which skips building {@link Row}s. The mapper reads each
     * row through a {@link CurrentRow}, whose columns count from 0 as in every {@link Row}.
     *
     * @param sql the query, with {@code ?} placeholders
     * @param mapper turns each row into a value, on the connection's thread
     * @param params the values for the placeholders, in order
     * @param <T> the row value type
     * @return fires on the reactor thread with a new list of the mapped rows
     */
    <T extends @Nullable Object> Deferred<List<T>> runQuery(String sql, RowMapper<T> mapper,
            @Nullable Object... params);

    /**
     * Runs an INSERT, UPDATE, DELETE or DDL statement in a transaction, committed when it
     * succeeds.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param params the values for the placeholders, in order
     * @return fires on the reactor thread with the number of rows changed
     */
    Deferred<Integer> runOperation(String sql, @Nullable Object... params);

    /**
     * Runs {@code interaction} in a transaction on one connection: committed when it returns,
     * rolled back when it throws. If the rollback fails too, the Deferred fails with the original
     * error, the rollback's error is attached to it as {@linkplain Throwable#getSuppressed()
     * suppressed}, and the connection is discarded.
     *
     * @param interaction the work, run on the connection's virtual thread
     * @param <T> the result type
     * @return fires on the reactor thread with the interaction's result
     */
    <T extends @Nullable Object> Deferred<T> runInteraction(Interaction<T> interaction);

    /**
     * Runs {@code function} with a pooled JDBC connection in manual-commit mode: committed when
     * it returns, rolled back when it throws (a failing rollback is handled as in
     * {@link #runInteraction}).
     *
     * @param function the work, run on the connection's virtual thread
     * @param <T> the result type
     * @return fires on the reactor thread with the function's result
     */
    <T extends @Nullable Object> Deferred<T> runWithConnection(ConnectionFunction<T> function);

    /**
     * Runs one statement with many parameter sets as a JDBC batch, in a transaction.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param parameterSets one list of values per execution
     * @return fires on the reactor thread with each execution's update count
     */
    Deferred<int[]> runBatch(String sql, List<? extends List<?>> parameterSets);

    /**
     * The same operations with other per-call settings (query timeout, idempotent retry). The
     * returned view is cheap, may be kept, and shares this database's connections.
     *
     * @param options the settings for calls made through the view
     * @return the view
     */
    Database withOptions(CallOptions options);
}
