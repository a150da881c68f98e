package net.dbapi;

import java.util.List;
import java.util.Objects;
import net.dbapi.internal.Pool;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import org.jspecify.annotations.Nullable;

/**
 * A pool of JDBC connections whose calls return Deferreds (Twisted's
 * {@code adbapi.ConnectionPool}): reactor code reads and writes a relational database without
 * blocking the loop.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * ConnectionPool pool = ConnectionPool.create(reactor,
 *         ConnectionSource.url("jdbc:postgresql://127.0.0.1/app", "app", secret),
 *         ConnectionPoolOptions.defaults().withMaxConnections(10));
 * reactor.callWhenRunning(() ->
 *     pool.runQuery("SELECT name FROM users WHERE id = ?", 42)
 *         .addCallback(rows -> {
 *             System.out.println(rows.get(0).getString("name"));
 *             return null;
 *         })
 *         .addErrback(failure -> {
 *             System.err.println("query failed: " + failure.value());
 *             return null;
 *         }));
 * reactor.run();
 * }
 *
 * <h2>How it works</h2>
 * Each connection belongs to one long-lived virtual thread, which runs the pool's calls on it one
 * after another; at most {@link ConnectionPoolOptions#maxConnections()} connections (and so calls)
 * are active at once. Further calls wait in FIFO order, up to
 * {@link ConnectionPoolOptions#queueLimit()} of them (then a call fails at once with
 * {@link PoolExhaustedException}) and for at most {@link ConnectionPoolOptions#acquireTimeout()}
 * (then {@link AcquireTimeoutException}). Rows are read completely on the connection's thread;
 * the Deferred then fires on the reactor thread, and results of calls finishing together are
 * delivered with one wake-up of the reactor. Connections are never looked up by thread, are
 * bracketed with {@link java.sql.Connection#beginRequest()} and
 * {@link java.sql.Connection#endRequest()} around each call, keep a small cache of prepared
 * statements, and, when idle longer than {@link ConnectionPoolOptions#validateAfterIdle()}, are
 * validated before use.
 *
 * <h2>Lifecycle</h2>
 * The pool starts when its reactor runs (at once if it already runs) and opens
 * {@link ConnectionPoolOptions#minConnections()} connections; calls made before that wait. It
 * closes when the reactor shuts down (a "during shutdown" trigger, as in Twisted, so "before
 * shutdown" triggers may still use it): calls still waiting then fail with
 * {@link PoolClosedException}, and running calls get
 * {@link ConnectionPoolOptions#shutdownTimeout()} to finish before they are cancelled. Or close it
 * yourself with {@link #close()}.
 *
 * <h2>Faults</h2>
 * See {@link Database} for how calls fail and how cancellation works. A connection that is lost
 * (SQLState class 08, a session ended by the server, a failed validation) is discarded and a fresh
 * one is opened for the next call; the call that was running fails with
 * {@link DatabaseConnectionLostException} and is not retried unless marked idempotent. While no
 * connection can be opened (the database is down, refuses connections or is starting), calls that
 * need a new connection fail with {@link DatabaseUnavailableException}: they never reached the
 * database, so they may be run again; the pool itself keeps trying with each later call and
 * recovers by itself when the database is back.
 *
 * <h2>Drivers on virtual threads</h2>
 * JDBC calls run on the connections' virtual threads, never more at once than there are
 * connections. Since JDK 24 a {@code synchronized} block in a driver no longer pins the carrier
 * thread; native code still does. To check a driver, record the JFR event
 * {@code jdk.VirtualThreadPinned} (for example {@code -XX:StartFlightRecording}); the
 * {@code -Djdk.tracePinnedThreads} option of earlier JDKs no longer exists. Set the driver's own
 * connect and socket timeouts: a connection attempt that hangs holds its connection slot.
 *
 * <p><b>Threading:</b> create the pool and call its methods on the reactor thread (or, before
 * the reactor runs, on the thread setting it up); {@link #stats()} is safe from any thread. The
 * Deferreds fire on the reactor thread. A pool made for a {@link ReactorGroup} also takes calls
 * on every member's thread and fires each call's Deferred on the member that made it;
 * {@link #close()} belongs to member 0. Blocking code reaches the pool through
 * {@code Blocking.await(() -> pool.runQuery(...))} (see {@link Database}).
 */
public final class ConnectionPool implements Database {
    private final Pool pool;
    private final ConnectionPoolOptions options;

    private ConnectionPool(Pool pool, ConnectionPoolOptions options) {
        this.pool = pool;
        this.options = options;
    }

    /**
     * Creates a pool. It starts when {@code reactor} runs (at once if it runs already) and closes
     * when it shuts down.
     *
     * @param reactor the reactor whose thread receives the results
     * @param source where connections come from
     * @param options the settings
     * @return the pool
     * @throws WrongThreadException if called on a thread the reactor does not allow to set it up
     */
    public static ConnectionPool create(Reactor reactor, ConnectionSource source, ConnectionPoolOptions options) {
        return new ConnectionPool(Pool.create(reactor, source, options), options);
    }

    /**
     * Creates one pool for a whole reactor group: any member may call it, and each call's Deferred
     * fires on the thread of the member that made it. The pool lives on member 0: it starts when
     * member 0 runs and closes when it shuts down (a group stops all members together; a call made
     * by another member after that fails with {@link PoolClosedException}).
     *
     * {@snippet :
     * ReactorGroup group = ReactorGroup.create(4, ReactorOptions.defaults());
     * ConnectionPool pool = ConnectionPool.create(group, ConnectionSource.url("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1"),
     *         ConnectionPoolOptions.defaults().withMaxConnections(8));
     * group.listenTCP(8000, member -> Factory.forProtocol(() -> new QueryProtocol(pool)));
     * }
     *
     * @param group the reactors that may call the pool
     * @param source where connections come from
     * @param options the settings (one pool: {@code maxConnections} is shared by all members)
     * @return the pool
     * @throws WrongThreadException if called on a thread member 0 does not allow to set it up
     */
    public static ConnectionPool create(ReactorGroup group, ConnectionSource source, ConnectionPoolOptions options) {
        return new ConnectionPool(Pool.create(group.member(0), group.members(), source, options), options);
    }

    /**
     * Creates a pool with {@link ConnectionPoolOptions#defaults()} for a JDBC URL without
     * credentials, such as an embedded H2 database ({@code "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1"}).
     *
     * @param reactor the reactor whose thread receives the results
     * @param jdbcUrl the JDBC URL
     * @return the pool
     * @throws WrongThreadException if called on a thread the reactor does not allow to set it up
     */
    public static ConnectionPool create(Reactor reactor, String jdbcUrl) {
        return create(reactor, ConnectionSource.url(jdbcUrl), ConnectionPoolOptions.defaults());
    }

    @Override
    public Deferred<List<Row>> runQuery(String sql, @Nullable Object... params) {
        return pool.runQuery(CallOptions.defaults(), sql, params);
    }

    @Override
    public <T extends @Nullable Object> Deferred<List<T>> runQuery(String sql, RowMapper<T> mapper,
            @Nullable Object... params) {
        return pool.runQuery(CallOptions.defaults(), sql, mapper, params);
    }

    @Override
    public Deferred<Integer> runOperation(String sql, @Nullable Object... params) {
        return pool.runOperation(CallOptions.defaults(), sql, params);
    }

    @Override
    public <T extends @Nullable Object> Deferred<T> runInteraction(Interaction<T> interaction) {
        return pool.runInteraction(CallOptions.defaults(), interaction);
    }

    @Override
    public <T extends @Nullable Object> Deferred<T> runWithConnection(ConnectionFunction<T> function) {
        return pool.runWithConnection(CallOptions.defaults(), function);
    }

    @Override
    public Deferred<int[]> runBatch(String sql, List<? extends List<?>> parameterSets) {
        return pool.runBatch(CallOptions.defaults(), sql, parameterSets);
    }

    @Override
    public Database withOptions(CallOptions options) {
        return new WithOptions(pool, Objects.requireNonNull(options, "options"));
    }

    /**
     * Closes the pool: later calls fail with {@link PoolClosedException}; calls already accepted,
     * running or waiting, still run; then every connection closes. Calling it again returns
     * another Deferred for the same event. Call it on the reactor thread.
     *
     * @return fires on the reactor thread when every call has finished and every connection is
     *     closed
     */
    public Deferred<Void> close() {
        return pool.close();
    }

    /**
     * Whether the pool refuses new calls (it is closing or closed).
     *
     * @return true once {@link #close()} or the reactor's shutdown began
     */
    public boolean isClosed() {
        return pool.isClosed();
    }

    /**
     * A snapshot of the pool's counters. Safe from any thread.
     *
     * @return open, busy and peak connections, and waiting calls
     */
    public PoolStats stats() {
        return pool.stats();
    }

    /**
     * The pool's settings.
     *
     * @return the options it was created with
     */
    public ConnectionPoolOptions options() {
        return options;
    }

    /**
     * Describes the pool: its name, source and counters.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        return pool.toString();
    }

    /** The view returned by {@link #withOptions}: the same pool, other per-call settings. */
    private record WithOptions(Pool pool, CallOptions options) implements Database {
        @Override
        public Deferred<List<Row>> runQuery(String sql, @Nullable Object... params) {
            return pool.runQuery(options, sql, params);
        }

        @Override
        public <T extends @Nullable Object> Deferred<List<T>> runQuery(String sql, RowMapper<T> mapper,
                @Nullable Object... params) {
            return pool.runQuery(options, sql, mapper, params);
        }

        @Override
        public Deferred<Integer> runOperation(String sql, @Nullable Object... params) {
            return pool.runOperation(options, sql, params);
        }

        @Override
        public <T extends @Nullable Object> Deferred<T> runInteraction(Interaction<T> interaction) {
            return pool.runInteraction(options, interaction);
        }

        @Override
        public <T extends @Nullable Object> Deferred<T> runWithConnection(ConnectionFunction<T> function) {
            return pool.runWithConnection(options, function);
        }

        @Override
        public Deferred<int[]> runBatch(String sql, List<? extends List<?>> parameterSets) {
            return pool.runBatch(options, sql, parameterSets);
        }

        @Override
        public Database withOptions(CallOptions other) {
            return new WithOptions(pool, Objects.requireNonNull(other, "options"));
        }
    }
}
