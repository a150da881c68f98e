package net.dbapi.internal;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import net.dbapi.AcquireTimeoutException;
import net.dbapi.CallOptions;
import net.dbapi.ConnectionFunction;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.dbapi.Interaction;
import net.dbapi.PoolClosedException;
import net.dbapi.PoolExhaustedException;
import net.dbapi.PoolStats;
import net.dbapi.Row;
import net.dbapi.RowMapper;
import net.deferred.Deferred;
import net.deferred.ScheduledCall;
import net.reactor.Reactor;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import net.threadpool.Blocking;
import org.jspecify.annotations.Nullable;

/**
 * The engine behind {@code net.dbapi.ConnectionPool}.
 *
 * <p><b>Calls</b> are {@link Job}s. On the reactor thread a call is handed straight to an idle
 * worker (one long-lived virtual thread per connection), or starts a new worker while fewer than
 * {@code maxConnections} exist, or waits in a FIFO queue (an intrusive list, so cancelling a
 * waiting call is O(1)) up to {@code queueLimit}. One reactor timer, armed only while calls wait,
 * fails those that waited longer than {@code acquireTimeout}; the queue is FIFO and every call
 * waits as long, so the head is always the next to expire.
 *
 * <p><b>Results</b> come back through a lock-free stack of completions: a worker pushes its
 * finished call and, only if the stack was empty, asks the reactor (one
 * {@code callFromThread}) to drain it; the drain takes everything at once and fires the Deferreds
 * in completion order. Under load many completions share one wake-up.
 *
 * <p><b>Several reactors</b> (a reactor group): the pool lives on its home reactor (timers,
 * lifecycle, shutdown), and every member of the group may call it. Each calling reactor has a
 * {@link Lane}, its own completion stack drained by its own {@code callFromThread}, so a call's
 * Deferred fires on the thread that made the call; a call failed by the home reactor (acquire
 * timeout, shutdown) is handed to the caller's thread the same way.
 *
 * <p><b>Lifecycle:</b> NEW (calls queue) → STARTED (when the reactor runs) → CLOSING (no new
 * calls; accepted ones finish) → CLOSED (every worker gone, every connection closed). The reactor's
 * "during shutdown" trigger closes the pool too; it waits, bounded, for running calls, because the
 * loop stops right after that phase and could not deliver later results.
 *
 * <p>Public only so that the API class in {@code net.dbapi} can reach it; this package is not
 * exported.
 */
public final class Pool {
    static final System.Logger LOG = System.getLogger("net.dbapi.ConnectionPool");

    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;
    /** After the shutdown bound: how long cancelled, then aborted, calls get to end. */
    private static final Duration FORCE_GRACE = Duration.ofSeconds(2);
    /** How often the watchdog looks at running calls. */
    private static final Duration WATCHDOG_PERIOD = Duration.ofSeconds(1);
    /** How long past its query timeout a call may run before the watchdog gives up on the driver. */
    static final Duration WATCHDOG_GRACE = Duration.ofSeconds(5);
    /** How often the same failure of calls (database unreachable, connection lost) is logged at most. */
    static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

    final Reactor reactor;
    final ConnectionSource source;
    final ConnectionPoolOptions options;
    final String name;
    final long validateAfterIdleNanos;
    /**
     * Calls failing because the database is unreachable: one WARNING per distinct failure every
     * {@link #FAILURE_LOG_INTERVAL}, with a count, instead of one per call.
     */
    final RateLimitedLog callFailures = new RateLimitedLog(LOG, FAILURE_LOG_INTERVAL, System::nanoTime);
    private final int maxWorkers;
    private final int minWorkers;
    private final long acquireTimeoutNanos;
    private final Level connectLevel;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workersChanged = lock.newCondition();
    // Guarded by lock.
    private @Nullable Job<?> head;
    private @Nullable Job<?> tail;
    private int waiting;
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final ArrayList<Worker> workers = new ArrayList<>();
    private int state = NEW;
    private int workerIds;

    // Guarded by lock: the last failure to open a connection that was logged at WARNING, and how
    // often it recurred since, so that each distinct failure is said once, not once per connection;
    // and how many attempts at start failed since a connection last opened.
    private @Nullable String lastConnectFailure;
    private int repeatedConnectFailures;
    private int failedConnectsAtStart;

    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    /** Call totals (PoolStats), written by the reactor thread and the workers. */
    final CallCounters counters = new CallCounters();

    /** The home reactor's lane, first of {@link #lanes}. */
    final Lane home;
    /** One lane per reactor that may call the pool: the home reactor and, for a group, the other members. */
    private final List<Lane> lanes;
    private final Completion closedSignal = new Completion() {
        @Override
        void deliver() {
            closed();
        }
    };

    // Reactor thread only.
    private @Nullable ScheduledCall acquireTimer;
    /** The query-timeout watchdog (see sweepRunning); reactor thread only. */
    private @Nullable ScheduledCall watchdog;
    /** Set while the watchdog is armed or about to be; lets workers arm it without a reactor call per call. */
    private final java.util.concurrent.atomic.AtomicBoolean watchdogWanted = new java.util.concurrent.atomic.AtomicBoolean();
    private final ArrayList<Deferred<Void>> closeWaiters = new ArrayList<>();
    private @Nullable SystemEventTrigger shutdownTrigger;
    private boolean closedAnnounced;

    private Pool(Reactor reactor, List<? extends Reactor> callers, ConnectionSource source,
            ConnectionPoolOptions options) {
        this.reactor = reactor;
        this.home = new Lane(reactor);
        List<Lane> l = new ArrayList<>();
        l.add(home);
        for (Reactor r : callers) {
            if (r != reactor) {
                l.add(new Lane(Objects.requireNonNull(r, "caller")));
            }
        }
        this.lanes = List.copyOf(l);
        this.source = source;
        this.options = options;
        this.name = options.name();
        this.maxWorkers = options.maxConnections();
        this.minWorkers = Math.min(options.minConnections(), options.maxConnections());
        this.acquireTimeoutNanos = saturatedNanos(options.acquireTimeout());
        this.validateAfterIdleNanos = saturatedNanos(options.validateAfterIdle());
        this.connectLevel = options.noisy() ? Level.INFO : Level.DEBUG;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * Creates a pool that starts when the reactor runs (at once if it runs already) and closes
     * when it shuts down.
     *
     * @param reactor the reactor whose thread receives the results
     * @param source where connections come from
     * @param options the settings
     * @return the pool
     * @throws WrongThreadException if called on a thread the reactor does not allow to set it up
     */
    public static Pool create(Reactor reactor, ConnectionSource source, ConnectionPoolOptions options) {
        return create(reactor, List.of(), source, options);
    }

    /**
     * Creates a pool that lives on {@code reactor} (it starts when that reactor runs and closes
     * when it shuts down) and may also be called on the threads of {@code callers}, whose calls
     * fire on their own thread.
     *
     * @param reactor the home reactor: timers, lifecycle, shutdown
     * @param callers other reactors that may call the pool (a group's members; the home reactor may be among them)
     * @param source where connections come from
     * @param options the settings
     * @return the pool
     * @throws WrongThreadException if called on a thread the home reactor does not allow to set it up
     */
    public static Pool create(Reactor reactor, List<? extends Reactor> callers, ConnectionSource source,
            ConnectionPoolOptions options) {
        Pool p = new Pool(Objects.requireNonNull(reactor, "reactor"), List.copyOf(callers),
                Objects.requireNonNull(source, "source"), Objects.requireNonNull(options, "options"));
        p.shutdownTrigger = reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, p::shutdown);
        reactor.callWhenRunning(p::start);
        return p;
    }

    // ------------------------------------------------------------------ the calls

    /**
     * Submits a runQuery.
     *
     * @param o call options
     * @param sql the query
     * @param params its parameters
     * @return fires with the rows
     */
    public Deferred<List<Row>> runQuery(CallOptions o, String sql, @Nullable Object[] params) {
        return submit("runQuery", new Jobs.Query(this, o, checkSql(sql), checkParams(params)));
    }

    /**
     * Submits a runQuery with a row mapper.
     *
     * @param o call options
     * @param sql the query
     * @param mapper maps each row
     * @param params its parameters
     * @param <T> the row value type
     * @return fires with the mapped rows
     */
    public <T> Deferred<List<T>> runQuery(CallOptions o, String sql, RowMapper<T> mapper, @Nullable Object[] params) {
        Objects.requireNonNull(mapper, "mapper");
        return submit("runQuery", new Jobs.MappedQuery<>(this, o, checkSql(sql), mapper, checkParams(params)));
    }

    /**
     * Submits a runOperation.
     *
     * @param o call options
     * @param sql the statement
     * @param params its parameters
     * @return fires with the update count
     */
    public Deferred<Integer> runOperation(CallOptions o, String sql, @Nullable Object[] params) {
        return submit("runOperation", new Jobs.Operation(this, o, checkSql(sql), checkParams(params)));
    }

    /**
     * Submits a runBatch.
     *
     * @param o call options
     * @param sql the statement
     * @param parameterSets one parameter list per execution
     * @return fires with the update counts
     */
    public Deferred<int[]> runBatch(CallOptions o, String sql, List<? extends List<?>> parameterSets) {
        Objects.requireNonNull(parameterSets, "parameterSets");
        return submit("runBatch", new Jobs.Batch(this, o, checkSql(sql), List.copyOf(parameterSets)));
    }

    /**
     * Submits a runInteraction.
     *
     * @param o call options
     * @param interaction the work
     * @param <T> the result type
     * @return fires with the interaction's result
     */
    public <T> Deferred<T> runInteraction(CallOptions o, Interaction<T> interaction) {
        Objects.requireNonNull(interaction, "interaction");
        return submit("runInteraction", new Jobs.InteractionJob<>(this, o, interaction));
    }

    /**
     * Submits a runWithConnection.
     *
     * @param o call options
     * @param function the work
     * @param <T> the result type
     * @return fires with the function's result
     */
    public <T> Deferred<T> runWithConnection(CallOptions o, ConnectionFunction<T> function) {
        Objects.requireNonNull(function, "function");
        return submit("runWithConnection", new Jobs.WithConnection<>(this, o, function));
    }

    private static String checkSql(String sql) {
        return Objects.requireNonNull(sql, "sql");
    }

    private static @Nullable Object[] checkParams(@Nullable Object[] params) {
        return Objects.requireNonNull(params, "params is null; to bind a single NULL, pass (Object) null");
    }

    /** The calling thread's lane: the home reactor's (also before it runs), or another caller's. */
    private Lane checkThread(String method) {
        if (!reactor.isRunning() || reactor.isReactorThread()) {
            return home;
        }
        for (int i = 1; i < lanes.size(); i++) {
            Lane l = lanes.get(i);
            if (l.reactor.isReactorThread()) {
                return l;
            }
        }
        throw new WrongThreadException(wrongThreadMessage(method));
    }

    /**
     * What to do instead of calling {@code method} here. Blocking code waits for the call's
     * Deferred; how depends on the thread: {@code Blocking.await} where a reactor is bound (threads
     * of Blocking.spawn, TaskScope.fork, deferToThreadPool), {@code Blocking.on(reactor).await} on
     * any other virtual thread (which should not tie up a platform thread in
     * blockingCallFromThread's wait either), blockingCallFromThread on a plain platform thread.
     */
    private String wrongThreadMessage(String method) {
        Thread t = Thread.currentThread();
        String call = "() -> pool." + method + "(...)";
        String advice;
        if (Blocking.currentLoop().filter(loop -> loop == reactor).isPresent()) {
            advice = "this thread is bound to the pool's reactor, so wait for the result with Blocking.await(" + call
                    + "), which runs the call on the reactor thread";
        } else if (t.isVirtual()) {
            advice = "from a virtual thread wait for the result with Blocking.await(" + call + ") in a thread"
                    + " started by Blocking.spawn or TaskScope.fork, or with Blocking.on(reactor).await(" + call
                    + ") in one with no reactor bound; either runs the call on the reactor thread";
        } else {
            advice = "from another thread use reactor.blockingCallFromThread(" + call + "), or"
                    + " reactor.callFromThread to make the call without waiting";
        }
        return "ConnectionPool." + method + " must be called on the reactor thread, not on "
                + (t.getName().isEmpty() ? t.toString() : t.getName()) + "; " + advice;
    }

    private <T> Deferred<T> submit(String method, Job<T> job) {
        Lane lane = checkThread(method);
        Deferred<T> d = new Deferred<>(job);
        job.deferred = d;
        job.lane = lane;
        Worker wake = null;
        Worker spawn = null;
        RuntimeException refused = null;
        boolean arm = false;
        lock.lock();
        try {
            if (state >= CLOSING) {
                refused = new PoolClosedException("pool " + name + " is closed; " + job.describe() + " refused");
            } else if (state == STARTED && (wake = idle.pollFirst()) != null) {
                job.state = Job.RUNNING;
                wake.assigned = job;
            } else if (state == STARTED && workers.size() < maxWorkers) {
                job.state = Job.RUNNING;
                spawn = newWorker(job, false);
            } else if (waiting >= options.queueLimit()) {
                refused = new PoolExhaustedException("pool " + name + " is exhausted: all " + maxWorkers
                        + " connections are busy and " + waiting + " calls wait already (queue limit "
                        + options.queueLimit() + "); " + job.describe() + " refused");
            } else {
                enqueue(job);
                arm = state == STARTED && acquireTimer == null;
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake.thread);
        } else if (spawn != null) {
            spawn.start();
        } else if (refused != null) {
            counters.refused.increment();
            d.errback(refused);
        } else if (arm) {
            if (lane == home) {
                armAcquireTimer();
            } else {
                reactor.callFromThread(this::armAcquireTimer); // the timer is the home reactor's
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ the wait queue (under lock)

    private void enqueue(Job<?> job) {
        job.state = Job.WAITING;
        job.deadline = reactor.nanoTime() + acquireTimeoutNanos;
        job.prev = tail;
        job.next = null;
        if (tail == null) {
            head = job;
        } else {
            tail.next = job;
        }
        tail = job;
        waiting++;
    }

    private void unlink(Job<?> job) {
        Job<?> p = job.prev;
        Job<?> n = job.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        job.prev = null;
        job.next = null;
        waiting--;
    }

    private @Nullable Job<?> pollWaiting() {
        Job<?> j = head;
        if (j != null) {
            unlink(j);
            j.state = Job.RUNNING;
        }
        return j;
    }

    private List<Job<?>> drainQueue() {
        List<Job<?>> dropped = new ArrayList<>();
        for (Job<?> j = head; j != null; j = head) {
            unlink(j);
            j.state = Job.DROPPED;
            dropped.add(j);
        }
        return dropped;
    }

    private Worker newWorker(@Nullable Job<?> first, boolean connectEagerly) {
        Worker w = new Worker(this, ++workerIds, first, connectEagerly);
        workers.add(w);
        return w;
    }

    private List<Worker> releaseIdleWorkers() {
        List<Worker> released = new ArrayList<>(idle);
        for (Worker w : released) {
            w.exit = true;
        }
        idle.clear();
        return released;
    }

    /** Reactor thread (a Deferred's canceller): removes a call that still waits. */
    boolean removeWaiting(Job<?> job) {
        lock.lock();
        try {
            if (job.state != Job.WAITING) {
                return false;
            }
            unlink(job);
            job.state = Job.DROPPED;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether calls may still run (a retry is pointless once the pool shuts down). */
    boolean acceptsWork() {
        lock.lock();
        try {
            return state == STARTED;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ acquire timeout

    private void armAcquireTimer() {
        long dueIn;
        lock.lock();
        try {
            Job<?> h = head;
            if (h == null || acquireTimer != null || state == NEW || state == CLOSED) {
                return;
            }
            dueIn = Math.max(0, h.deadline - reactor.nanoTime());
        } finally {
            lock.unlock();
        }
        acquireTimer = reactor.callLater(Duration.ofNanos(dueIn), this::expireWaiting);
    }

    /** A worker's thread: a call with a query timeout started; makes sure the watchdog runs. */
    void watchRunning() {
        if (watchdogWanted.compareAndSet(false, true)) {
            reactor.callFromThread(this::armWatchdog);
        }
    }

    private void armWatchdog() {
        if (watchdog == null) {
            watchdog = reactor.callLater(WATCHDOG_PERIOD, this::sweepRunning);
        }
    }

    /**
     * Reactor thread, once a second while calls with a query timeout run: a call still running
     * {@link #WATCHDOG_GRACE} past its timeout was not stopped by the driver (H2 does not
     * interrupt a lock wait; a frozen PostgreSQL cannot receive the cancel request). It is failed
     * with QueryTimeoutException and its connection aborted, so neither the caller nor the
     * connection hangs as long as the database does.
     */
    private void sweepRunning() {
        watchdog = null;
        if (!sweep()) {
            watchdogWanted.set(false);
            // A worker may have started a call after the scan and seen the flag still set.
            if (!sweep() || !watchdogWanted.compareAndSet(false, true)) {
                return;
            }
        }
        lock.lock();
        boolean open;
        try {
            open = state != CLOSED;
        } finally {
            lock.unlock();
        }
        if (open) {
            armWatchdog();
        } else {
            watchdogWanted.set(false);
        }
    }

    /** Gives up on overrunning calls; returns whether any call with a query timeout is running. */
    private boolean sweep() {
        long now = System.nanoTime();
        boolean any = false;
        for (Worker w : snapshotWorkers()) {
            Job<?> j = w.current;
            if (j == null || j.queryTimeoutSeconds() == 0 || j.startedNanos == 0) {
                continue;
            }
            any = true;
            long limit = TimeUnit.SECONDS.toNanos(j.queryTimeoutSeconds()) + WATCHDOG_GRACE.toNanos();
            if (!j.overran() && now - j.startedNanos > limit) {
                LOG.log(Level.WARNING, "pool {0}: {1} ran past its query timeout and the driver did not stop it;"
                        + " failing the call and aborting its connection", name, j.describe());
                j.overrun();
                PooledConnection pc = w.connection;
                // Some drivers' abort waits for the running statement (H2 closes the session under
                // its lock): never on the reactor thread.
                Thread.ofVirtual().name(name + "-abort").start(() -> abort(pc));
            }
        }
        return any;
    }

    private void expireWaiting() {
        acquireTimer = null;
        long now = reactor.nanoTime();
        List<Job<?>> expired = new ArrayList<>();
        lock.lock();
        try {
            for (Job<?> j = head; j != null && j.deadline - now <= 0; j = head) {
                unlink(j);
                j.state = Job.DROPPED;
                expired.add(j);
            }
        } finally {
            lock.unlock();
        }
        counters.acquireTimeouts.add(expired.size());
        for (Job<?> j : expired) {
            j.failNow(new AcquireTimeoutException("pool " + name + ": " + j.describe() + " waited "
                    + options.acquireTimeout() + " for a connection (all " + maxWorkers + " busy) and gave up"));
        }
        armAcquireTimer();
    }

    // ------------------------------------------------------------------ workers

    /**
     * A worker's thread: the next call to run, parking while there is none. Returns {@code null}
     * when the worker should end (the pool is closing and nothing waits).
     */
    @Nullable Job<?> nextJob(Worker w) {
        lock.lock();
        try {
            Job<?> j = pollWaiting();
            if (j != null) {
                return j;
            }
            if (state != STARTED) {
                return null;
            }
            idle.addLast(w);
        } finally {
            lock.unlock();
        }
        while (true) {
            Job<?> j = w.assigned;
            if (j != null) {
                w.assigned = null;
                return j;
            }
            if (w.exit) {
                return null;
            }
            LockSupport.park(this);
        }
    }

    /** A worker's thread, as it ends. */
    void workerExited(Worker w) {
        Worker replacement = null;
        boolean closedNow = false;
        lock.lock();
        try {
            workers.remove(w);
            idle.remove(w);
            if ((state == STARTED || state == CLOSING) && head != null && workers.size() < maxWorkers) {
                // A worker died with calls waiting (it ran into an Error): keep serving them.
                replacement = newWorker(pollWaiting(), false);
            } else if (state == CLOSING && workers.isEmpty()) {
                state = CLOSED;
                closedNow = true;
            }
            workersChanged.signalAll();
        } finally {
            lock.unlock();
        }
        if (replacement != null) {
            replacement.start();
        }
        if (closedNow) {
            complete(closedSignal);
        }
    }

    int nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    void connectionOpened(PooledConnection pc) {
        int n = open.incrementAndGet();
        peak.accumulateAndGet(n, Math::max);
        LOG.log(connectLevel, "pool {0}: opened {1} ({2} open)", name, pc, n);
        int failed;
        lock.lock();
        try {
            failed = failedConnectsAtStart;
            lastConnectFailure = null;
            repeatedConnectFailures = 0;
            failedConnectsAtStart = 0;
        } finally {
            lock.unlock();
        }
        if (failed > 0) {
            LOG.log(Level.INFO, "pool " + name + ": opened a connection again, after " + failed
                    + " failed attempt(s) at start");
        }
    }

    /**
     * A worker's thread: opening a connection when the pool started failed. The first failure is
     * logged at WARNING, without a stack trace (the message says what is wrong; the trace, at
     * DEBUG, shows only the driver's insides); the same failure again, as every other connection
     * of {@code minConnections} meets it, only at DEBUG with a count.
     */
    void connectFailedAtStart(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int repeats;
        lock.lock();
        try {
            failedConnectsAtStart++;
            if (message.equals(lastConnectFailure)) {
                repeats = ++repeatedConnectFailures;
            } else {
                lastConnectFailure = message;
                repeatedConnectFailures = 0;
                repeats = 0;
            }
        } finally {
            lock.unlock();
        }
        if (repeats == 0) {
            LOG.log(Level.WARNING, "pool " + name + ": opening a connection at start failed; calls will try again."
                    + " " + message + " (the same failure again is logged at DEBUG only)");
            LOG.log(Level.DEBUG, "pool " + name + ": opening a connection at start failed", e);
        } else {
            LOG.log(Level.DEBUG, "pool " + name + ": opening a connection at start failed again (" + (repeats + 1)
                    + " times in a row): " + message, e);
        }
    }

    void connectionClosed(PooledConnection pc, String why, @Nullable Exception error) {
        int n = open.decrementAndGet();
        if (error != null) {
            LOG.log(Level.WARNING, "pool " + name + ": closing " + pc + " failed", error);
        }
        LOG.log(connectLevel, "pool {0}: closed {1}: {2} ({3} open)", name, pc, why, n);
    }

    // ------------------------------------------------------------------ results to the reactor

    /** Any thread: hands a completion to its caller's reactor thread, waking it once per batch. */
    void complete(Completion c) {
        (c instanceof Job<?> j ? j.lane : home).push(c);
    }

    /** Home reactor thread: delivers the home lane's completions pushed so far. */
    private void drainCompletions() {
        home.drain();
    }

    /**
     * The way back to one calling reactor: finished calls wait in a lock-free stack, and the
     * first push of a batch asks that reactor (one {@code callFromThread}) to drain it.
     */
    final class Lane {
        final Reactor reactor;
        /** Finished calls on their way to the reactor thread (a Treiber stack). */
        private final AtomicReference<@Nullable Completion> done = new AtomicReference<>();
        private final Runnable drainer = this::drain;

        Lane(Reactor reactor) {
            this.reactor = reactor;
        }

        void push(Completion c) {
            Completion h;
            do {
                h = done.get();
                c.nextDone = h;
            } while (!done.compareAndSet(h, c));
            if (h == null) {
                reactor.callFromThread(drainer);
            }
        }

        /** This lane's reactor thread: runs {@code task} there, at once if already on it. */
        void run(Runnable task) {
            if (reactor.isReactorThread() || (this == home && !reactor.isRunning())) {
                task.run();
            } else {
                reactor.callFromThread(task);
            }
        }

        /** This lane's reactor thread: delivers every completion pushed so far, oldest first. */
        void drain() {
            drainInto(done.getAndSet(null));
        }
    }

    private void drainInto(@Nullable Completion c) {
        Completion ordered = null;
        while (c != null) {
            Completion n = c.nextDone;
            c.nextDone = ordered;
            ordered = c;
            c = n;
        }
        while (ordered != null) {
            Completion n = ordered.nextDone;
            ordered.nextDone = null;
            try {
                ordered.deliver();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "pool " + name + ": delivering a result failed", e);
            }
            ordered = n;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Reactor thread, when it runs: starts the minimum workers and those queued calls need. */
    private void start() {
        List<Worker> started = new ArrayList<>();
        boolean arm;
        lock.lock();
        try {
            if (state != NEW) {
                return;
            }
            state = STARTED;
            long now = reactor.nanoTime();
            for (Job<?> j = head; j != null; j = j.next) {
                j.deadline = now + acquireTimeoutNanos;
            }
            int n = Math.min(maxWorkers, Math.max(minWorkers, waiting));
            for (int i = 0; i < n; i++) {
                Job<?> first = pollWaiting();
                started.add(newWorker(first, first == null));
            }
            arm = head != null;
        } finally {
            lock.unlock();
        }
        LOG.log(connectLevel, "pool {0} started ({1} to {2} connections, {3})", name, minWorkers, maxWorkers, source);
        for (Worker w : started) {
            w.start();
        }
        if (arm) {
            armAcquireTimer();
        }
    }

    /**
     * Closes the pool: no new calls; calls already accepted (running or waiting) finish; then
     * every connection closes.
     *
     * @return fires on the reactor thread once every worker has ended and every connection is
     *     closed
     */
    public Deferred<Void> close() {
        checkThread("close");
        Deferred<Void> d = new Deferred<>();
        List<Worker> released = List.of();
        List<Job<?>> refused = List.of();
        boolean closedNow = false;
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> closedNow = closedAnnounced;
                case NEW -> {
                    state = CLOSED;
                    refused = drainQueue();
                    closedNow = true;
                }
                case STARTED -> {
                    state = CLOSING;
                    released = releaseIdleWorkers();
                    if (workers.isEmpty()) {
                        state = CLOSED;
                        closedNow = true;
                    }
                }
                default -> {
                    // CLOSING: the last worker to end announces it.
                }
            }
        } finally {
            lock.unlock();
        }
        closeWaiters.add(d);
        for (Worker w : released) {
            LockSupport.unpark(w.thread);
        }
        for (Job<?> j : refused) {
            j.failNow(new PoolClosedException("pool " + name + " was closed before it started; "
                    + j.describe() + " never ran"));
        }
        if (closedNow) {
            closed();
        }
        return d;
    }

    /** Reactor thread: the pool has closed; fires the close Deferreds (again, for late ones). */
    private void closed() {
        watchdogWanted.set(true); // never armed again
        ScheduledCall wd = watchdog;
        if (wd != null) {
            watchdog = null;
            wd.cancel();
        }
        ScheduledCall t = acquireTimer;
        if (t != null) {
            acquireTimer = null;
            t.cancel();
        }
        SystemEventTrigger trigger = shutdownTrigger;
        if (trigger != null) {
            shutdownTrigger = null;
            try {
                reactor.removeSystemEventTrigger(trigger);
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "pool {0}: shutdown trigger already gone", name);
            }
        }
        if (!closedAnnounced) {
            closedAnnounced = true;
            LOG.log(connectLevel, "pool {0} closed", name);
        }
        List<Deferred<Void>> waiters = new ArrayList<>(closeWaiters);
        closeWaiters.clear();
        for (Deferred<Void> d : waiters) {
            if (!d.called()) {
                d.callback(null);
            }
        }
    }

    /**
     * Reactor thread, "during shutdown": closes the pool and waits, bounded, for running calls,
     * because the reactor's loop ends right after this phase and could deliver nothing later.
     * Calls still waiting for a connection fail at once; running calls get
     * {@code shutdownTimeout}, then their statements are cancelled, then their connections
     * aborted.
     */
    private void shutdown() {
        shutdownTrigger = null;
        List<Job<?>> refused;
        List<Worker> released;
        boolean gone;
        lock.lock();
        try {
            if (state == CLOSED && closedAnnounced) {
                return;
            }
            refused = drainQueue();
            released = releaseIdleWorkers();
            if (state == NEW || workers.isEmpty()) {
                state = CLOSED;
            } else {
                state = CLOSING;
            }
            gone = state == CLOSED;
        } finally {
            lock.unlock();
        }
        for (Worker w : released) {
            LockSupport.unpark(w.thread);
        }
        for (Job<?> j : refused) {
            j.failNow(new PoolClosedException("pool " + name + ": the reactor is shutting down; "
                    + j.describe() + " was still waiting for a connection and never ran"));
        }
        if (!gone) {
            gone = awaitWorkers(options.shutdownTimeout());
        }
        if (!gone) {
            List<Worker> stuck = snapshotWorkers();
            LOG.log(Level.WARNING, "pool {0}: {1} call(s) still running {2} after shutdown began; cancelling them",
                    name, stuck.size(), options.shutdownTimeout());
            for (Worker w : stuck) {
                Job<?> j = w.current;
                if (j != null) {
                    j.requestCancel();
                }
            }
            gone = awaitWorkers(FORCE_GRACE);
        }
        if (!gone) {
            for (Worker w : snapshotWorkers()) {
                abort(w.connection);
            }
            gone = awaitWorkers(FORCE_GRACE);
        }
        drainCompletions();
        if (!gone) {
            for (Worker w : snapshotWorkers()) {
                Job<?> j = w.current;
                if (j != null) {
                    j.failNow(new PoolClosedException("pool " + name + ": the reactor shut down while "
                            + j.describe() + " ran and it did not stop"));
                }
            }
            LOG.log(Level.ERROR, "pool {0}: workers still running after shutdown: {1}", name, snapshotWorkers());
        }
        closed();
    }

    private boolean awaitWorkers(Duration bound) {
        long remaining = saturatedNanos(bound);
        lock.lock();
        try {
            while (!workers.isEmpty() && remaining > 0) {
                remaining = workersChanged.awaitNanos(remaining);
            }
            return workers.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return workers.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private List<Worker> snapshotWorkers() {
        lock.lock();
        try {
            return new ArrayList<>(workers);
        } finally {
            lock.unlock();
        }
    }

    private void abort(@Nullable PooledConnection pc) {
        if (pc == null) {
            return;
        }
        try {
            pc.connection.abort(command -> Thread.ofVirtual().name(name + "-abort").start(command));
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "pool " + name + ": aborting " + pc + " failed", e);
        }
    }

    // ------------------------------------------------------------------ inspection

    /**
     * A snapshot of the pool's counters.
     *
     * @return open, busy and peak connections, waiting calls and the call totals
     */
    public PoolStats stats() {
        int busy = 0;
        int queued;
        lock.lock();
        try {
            for (Worker w : workers) {
                if (w.current != null) {
                    busy++;
                }
            }
            queued = waiting;
        } finally {
            lock.unlock();
        }
        return new PoolStats(open.get(), busy, queued, peak.get(), maxWorkers, counters.succeeded.sum(),
                counters.failed.sum(), counters.queryTimeouts.sum(), counters.acquireTimeouts.sum(),
                counters.refused.sum());
    }

    /**
     * Whether the pool refuses calls because it is closing or closed.
     *
     * @return true once close() or the reactor's shutdown began
     */
    public boolean isClosed() {
        lock.lock();
        try {
            return state >= CLOSING;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ConnectionPool[" + name + ", " + source + ", " + stats() + "]";
    }
}
