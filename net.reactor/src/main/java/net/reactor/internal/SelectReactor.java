package net.reactor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.DatagramProtocol;
import net.reactor.DelayedCall;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.MulticastTransport;
import net.reactor.Reactor;
import net.reactor.ReactorAlreadyRunningException;
import net.reactor.ReactorCounters;
import net.reactor.ReactorNotRestartableException;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.reactor.ReactorThreads;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTransport;
import net.reactor.UDPTransport;
import net.reactor.internal.jfr.CallFromThreadQueueEvent;
import net.reactor.internal.jfr.ReactorTurnEvent;
import net.threadpool.BlockingTasks;
import net.threadpool.VirtualThreadPool;
import net.threadpool.spi.TaskRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The reactor: a {@link Selector} loop on one platform thread.
 *
 * <p>One turn of the loop: select (waiting at most until the next timer is due, not at all when
 * work is queued) and handle every ready channel as it is reported; run the tasks deferred to
 * "the next turn"; run the {@code callFromThread} tasks that were queued when the drain started;
 * run the timers that are due. Tasks and timers added during a turn run in the next one, so a
 * flood of them cannot starve I/O.
 *
 * <p>Helpers, one concept each: {@link Inbox} (callFromThread), {@link TimerQueue} (callLater),
 * {@link SystemEventTriggers} (start-up and shut-down phases), {@link ThreadBridge} (the
 * virtual-thread pool), {@link StallDetector}, {@link SignalStop} (SIGINT and SIGTERM),
 * {@link Registry} (what stop must close), and the stream-socket classes (TCP and UNIX)
 * {@link TcpPort}, {@link StreamConnection} (with its {@link OutboundBuffer} and the
 * {@link ProtocolEnd} its protocol holds) and {@link TcpConnector}, which see this class only as their {@link ConnectionLoop}. Logging goes to the {@code net.reactor} System.Logger.
 *
 * <p>Threading: until {@link #run()} the creating thread may set the reactor
 * up; from then on only the reactor thread may, and every other thread goes through
 * {@link #callFromThread}. Methods that are not thread-safe check the calling thread and throw
 * {@link WrongThreadException} naming the safe alternative.
 */
public final class SelectReactor implements Reactor, ConnectionLoop {
    static final System.Logger DEFAULT_LOG = System.getLogger("net.reactor");
    /** epoll_wait takes an int of milliseconds; Twisted caps its poll at about 24 days too. */
    private static final long MAX_SELECT_MILLIS = Integer.MAX_VALUE;
    /** Direct buffer that writes are copied into before the system call; Twisted's SEND_LIMIT. */
    private static final int WRITE_BUFFER_SIZE = 128 * 1024;

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private final ReactorOptions options;
    private final System.Logger log;
    private final System.Logger stallLog;
    private final String name;
    private final Selector selector;
    private final Inbox inbox;
    private final TimerQueue timers;
    private final SystemEventTriggers triggers;
    private final Registry registry = new Registry();
    private final ThreadBridge threads;
    /** Child processes (spawnProcess). */
    private final ProcessSpawner processes = new ProcessSpawner(this);
    /** The blocking façade's tasks and waits bound to this reactor (net.threadpool). */
    private final TaskRegistry blockingTasks;
    private final ByteBuffer readBuffer;
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
    // Allocated once: the loop passes these on every turn.
    private final Consumer<SelectionKey> onSelected = this::dispatch;
    private final BiConsumer<Runnable, Throwable> onTaskError = this::taskFailed;
    private final Consumer<Throwable> onTimerError = this::timerFailed;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletionStage<Void> stoppedStage = stopped.minimalCompletionStage();
    /** Start of the current loop turn in nanoTime (0 while waiting in select), for the stall detector. */
    private final AtomicLong turnStartedAt = new AtomicLong();
    /** Throwables the loop caught outside any one event (a logger or internal failure); see runLoop. */
    private final AtomicLong loopFailures = new AtomicLong();
    /** ReactorMetrics: written on the reactor thread, read from any. */
    private final LoopCounters counters;
    /** The JFR turn event of the current turn, when a recording wants it. */
    private @Nullable ReactorTurnEvent turnEvent;
    /** When the loop last recorded a spindle.CallFromThreadQueue sample (nanoTime; 0: never). */
    private long queueSampledAt;

    /** The thread allowed to use the reactor: the creator until run(), then the reactor thread. */
    private volatile Thread owner;
    private volatile @Nullable Thread reactorThread;
    private volatile boolean running;
    private boolean loopDone;
    /** Set when shutdown starts closing everything: no new ports or connection attempts after it. */
    private boolean closingAll;
    private boolean turnMarked;
    private ArrayList<Runnable> nextTurn = new ArrayList<>();
    /** Connections holding small writes until the end of the current event (write coalescing). */
    private final ArrayList<StreamConnection> heldWrites = new ArrayList<>();
    private final Runnable afterTask = this::flushHeldWrites;
    private ArrayList<Runnable> nextTurnRunning = new ArrayList<>();
    private @Nullable StallDetector stallDetector;
    /** SIGINT/SIGTERM handling, when installSignalHandlers is on and the JVM allows it. */
    private @Nullable SignalStop signalStop;
    /** The fallback for System.exit; taken by whoever removes it (the loop, or a second signal). */
    private final AtomicReference<@Nullable Thread> shutdownHook = new AtomicReference<>();

    /**
     * Creates a reactor; use {@link Reactor#create(ReactorOptions)}.
     *
     * @param options its settings
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public SelectReactor(ReactorOptions options) {
        this(options, DEFAULT_LOG, StallDetector.DEFAULT_LOG);
    }

    /** For tests: a reactor that logs to {@code log}, and whose stall detector logs to {@code stallLog}. */
    SelectReactor(ReactorOptions options, System.Logger log, System.Logger stallLog) {
        // Guarded: nothing a logger throws may end the loop (see runLoop).
        this.log = GuardedLogger.of(log);
        this.stallLog = GuardedLogger.of(stallLog);
        this.triggers = new SystemEventTriggers(this, this.log);
        this.options = Objects.requireNonNull(options, "options");
        this.name = options.name();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.owner = Thread.currentThread();
        this.inbox = new Inbox(selector);
        this.counters = new LoopCounters(name, inbox::size);
        this.timers = new TimerQueue(System::nanoTime, () -> checkThread("callLater and the DelayedCall methods"));
        this.threads = new ThreadBridge(this, name, options.threadPoolSize());
        this.blockingTasks = new TaskRegistry(name, this);
        this.readBuffer = ByteBuffer.allocateDirect(options.readBufferSize());
    }

    @Override
    public ReactorCounters counters() {
        return counters.snapshot();
    }

    @Override
    public LoopCounters loopCounters() {
        return counters;
    }

    // ---------------------------------------------------------------------------------------
    // ConnectionLoop: the services of ports, connections and connectors (reactor thread only).

    @Override
    public System.Logger log() {
        return log;
    }

    @Override
    public ReactorOptions options() {
        return options;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    @Override
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    @Override
    public ByteBuffer writeBuffer() {
        return writeBuffer;
    }

    @Override
    public ReactorThreads threads() {
        return this;
    }

    @Override
    public void flushAtEndOfEvent(StreamConnection connection) {
        heldWrites.add(connection);
    }

    /**
     * Sends the writes held during the event that just ended. A flush may fail a connection,
     * whose connectionLost may write to another: that one is appended and flushed in this pass.
     */
    private void flushHeldWrites() {
        ArrayList<StreamConnection> held = heldWrites;
        if (held.isEmpty()) {
            return;
        }
        try {
            for (int i = 0; i < held.size(); i++) {
                try {
                    held.get(i).flushHeld();
                } catch (Throwable e) {
                    log.log(Level.ERROR, "reactor " + name + ": internal error flushing " + held.get(i), e);
                    rethrowIfFatal(e);
                }
            }
        } finally {
            held.clear();
        }
    }

    @Override
    public void register(Selectable s) {
        registry.add(s);
    }

    @Override
    public void unregister(Selectable s) {
        registry.remove(s);
    }

    /** Number of open ports, connections and connection attempts. */
    int openCount() {
        return registry.size();
    }

    /**
     * Runs {@code task} on the reactor thread at the start of the next turn, right after the next
     * select; the loop does not block while such tasks wait. Used to deliver events that must not
     * run re-entrantly (for example connectionLost after abortConnection).
     */
    @Override
    public void runNextTurn(Runnable task) {
        nextTurn.add(task);
    }

    @Override
    public void logUserError(String where, Object who, Throwable error) {
        // Under a layer (TLS, a policy) the socket's protocol is the layer: name the user's protocol on top.
        log.log(Level.ERROR, "exception in " + where + " of " + CallbackOwner.describe(who), error);
        rethrowIfFatal(error);
    }

    /** A VirtualMachineError is the one failure that stops the loop (see runLoop); anything else is logged and the loop goes on. */
    private static void rethrowIfFatal(Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /**
     * Throws {@link ReactorNotRunningException} once shutdown has started closing ports and
     * connections, so a factory reconnecting from clientConnectionLost cannot reopen them.
     */
    @Override
    public void checkNotClosing(String what) {
        if (closingAll) {
            throw new ReactorNotRunningException(what + ": reactor " + name + " is stopping");
        }
    }

    /**
     * Throws {@link WrongThreadException} unless called on the reactor thread (or, before it
     * runs, the creating thread); once the reactor has stopped, other threads get
     * {@link ReactorNotRunningException}. {@code what} should be a constant: this is on the hot path.
     */
    @Override
    public void checkThread(String what) {
        Thread o = owner;
        if (Thread.currentThread() != o) {
            throw wrongThread(what, o);
        }
    }

    private RuntimeException wrongThread(String what, Thread o) {
        if (state.get() == State.STOPPED) {
            return new ReactorNotRunningException(what + ": reactor " + name + " has stopped");
        }
        String allowed = reactorThread == null
                ? "the thread that created the reactor (" + o.getName() + "), until the reactor runs"
                : "the reactor thread (" + o.getName() + ")";
        return new WrongThreadException(what + " may only be called on " + allowed + ", not on "
                + Thread.currentThread().getName() + "; from other threads use reactor.callFromThread(...)"
                + " (or blockingCallFromThread to wait for a result)");
    }

    // ---------------------------------------------------------------------------------------
    // ReactorCore

    @Override
    public void run() {
        if (Thread.currentThread().isVirtual()) {
            // A selector loop would pin (and monopolise) a carrier thread: DESIGN.md keeps the
            // reactor on a platform thread.
            throw new WrongThreadException("reactor " + name + ": run() must be called on a platform thread, not"
                    + " on virtual thread " + Thread.currentThread() + "; use start(name) to run it on its own thread");
        }
        beginRun(Thread.currentThread());
        loop();
    }

    @Override
    public Thread start(String threadName) {
        Objects.requireNonNull(threadName, "threadName");
        Thread t = Thread.ofPlatform().name(threadName).unstarted(this::loop);
        beginRun(t);
        t.start();
        return t;
    }

    private void beginRun(Thread t) {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            if (state.get() == State.STOPPED) {
                throw new ReactorNotRestartableException("reactor " + name + " has already run and stopped;"
                        + " create a new one");
            }
            throw new ReactorAlreadyRunningException("reactor " + name + " is already running");
        }
        reactorThread = t;
        owner = t;
    }

    @Override
    public CompletionStage<Void> stop() {
        if (state.get() == State.NEW) {
            throw new ReactorNotRunningException("reactor " + name + " is not running: it was never started");
        }
        if (stopRequested.compareAndSet(false, true)) {
            inbox.offer(this::beginShutdown);
        }
        return stoppedStage;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isReactorThread() {
        return Thread.currentThread() == reactorThread;
    }

    @Override
    public void callWhenRunning(Runnable task) {
        Objects.requireNonNull(task, "task");
        checkThread("callWhenRunning");
        if (running) {
            task.run();
        } else {
            triggers.addWhenRunning(task);
        }
    }

    @Override
    public SystemEventTrigger addSystemEventTrigger(TriggerPhase phase, SystemEvent event, Runnable action) {
        Objects.requireNonNull(action, "action");
        checkThread("addSystemEventTrigger");
        return triggers.add(phase, event, action);
    }

    @Override
    public SystemEventTrigger addSystemEventTriggerDeferred(
            TriggerPhase phase, SystemEvent event, Supplier<? extends Deferred<?>> action) {
        Objects.requireNonNull(action, "action");
        checkThread("addSystemEventTriggerDeferred");
        return triggers.add(phase, event, action, String.valueOf(action));
    }

    @Override
    public void removeSystemEventTrigger(SystemEventTrigger trigger) {
        checkThread("removeSystemEventTrigger");
        triggers.remove(trigger);
    }

    // ---------------------------------------------------------------------------------------
    // The loop

    private void loop() {
        // Marks this thread as a reactor thread: the blocking façade refuses to wait on it.
        blockingTasks.runAsReactorThread(this::runLoop);
        SignalStop s = signalStop;
        if (s != null) {
            s.loopEnded(); // if a signal stopped the reactor, the JVM now exits as it would have
        }
    }

    private void runLoop() {
        try {
            startUp();
            while (!loopDone) {
                try {
                    turn();
                } catch (IOException | ClosedSelectorException e) {
                    log.log(Level.ERROR, "reactor " + name + ": the selector failed; stopping", e);
                    break;
                } catch (VirtualMachineError e) {
                    if (!fatalError(e)) {
                        break;
                    }
                } catch (Throwable e) {
                    // Errors included (an ExceptionInInitializerError from a logger that cannot
                    // load a class while out of descriptors): log, count and go on.
                    loopFailures.incrementAndGet();
                    log.log(Level.ERROR, "reactor " + name + ": internal error in the event loop", e);
                }
            }
        } finally {
            finish();
        }
    }

    /**
     * A VirtualMachineError (out of memory, stack overflow, internal error) reached the loop: the
     * process cannot be trusted to go on, so the reactor shuts down as stop() would, running the
     * shutdown triggers. Returns whether the loop should keep turning to finish that shutdown
     * (false on a second such error while already stopping: then it ends at once).
     */
    private boolean fatalError(VirtualMachineError e) {
        loopFailures.incrementAndGet();
        log.log(Level.ERROR, "reactor " + name + ": " + e + " in the event loop; stopping", e);
        if (stopRequested.compareAndSet(false, true)) {
            try {
                beginShutdown();
                return true;
            } catch (VirtualMachineError again) {
                return false;
            }
        }
        return false;
    }

    /** Throwables the loop caught outside any one event (logged, counted, and the loop went on); for tests. */
    long loopFailures() {
        return loopFailures.get();
    }

    /** Calls to the reactor's logger that threw (swallowed and counted); for tests. */
    long loggerFailures() {
        return log instanceof GuardedLogger g ? g.failures() : 0;
    }

    private void startUp() {
        if (options.installSignalHandlers()) {
            long waitMillis = options.shutdownTimeout().multipliedBy(3).plusSeconds(5).toMillis();
            signalStop = SignalStop.install(this, log, name, waitMillis);
            installShutdownHook(waitMillis);
        }
        long threshold = options.stallThreshold().toNanos();
        if (threshold > 0) {
            StallDetector d = new StallDetector(name, Thread.currentThread(), turnStartedAt, threshold, stallLog);
            stallDetector = d;
            d.start();
        }
        // The start-up triggers (callWhenRunning among them) are user code run before the first
        // turn: watch them as a turn, or a stall in them goes unreported.
        watched(() -> triggers.fire(SystemEvent.STARTUP, null, () -> running = true, () -> {}));
    }

    /** Runs user code outside a loop turn with the stall detector watching, as if it were a turn. */
    private void watched(Runnable userCode) {
        markTurnStart();
        try {
            userCode.run();
        } finally {
            endTurn();
        }
    }

    private void turn() throws IOException {
        flushHeldWrites(); // writes made outside any event (start-up triggers, before run) go out before we sleep
        long timeout = selectTimeoutMillis();
        int ready;
        if (timeout < 0 || !nextTurn.isEmpty()) {
            ready = selector.selectNow(onSelected);
        } else if (inbox.prepareToSleep()) {
            try {
                ready = selector.select(onSelected, timeout);
            } finally {
                inbox.awake();
            }
        } else {
            ready = selector.selectNow(onSelected);
        }
        if (!turnMarked) {
            markTurnStart();
        }
        runNextTurnTasks();
        flushHeldWrites();
        int tasks = inbox.drain(onTaskError, afterTask);
        int fired = 0;
        if (timers.nextDueTime() != Long.MAX_VALUE) {
            fired = timers.runDue(System.nanoTime(), onTimerError);
            flushHeldWrites();
        }
        ReactorTurnEvent e = turnEvent;
        if (e != null) {
            e.readyKeys = ready;
            e.tasks = tasks;
            e.timers = fired;
        }
        if (CallFromThreadQueueEvent.wanted()) {
            sampleQueues(tasks);
        }
        endTurn();
    }

    /** spindle.CallFromThreadQueue, at most once a second, from the loop itself (no JFR periodic hook). */
    private void sampleQueues(int drained) {
        long now = System.nanoTime();
        if (queueSampledAt != 0 && now - queueSampledAt < 1_000_000_000L) {
            return;
        }
        queueSampledAt = now;
        CallFromThreadQueueEvent q = new CallFromThreadQueueEvent();
        q.reactor = name;
        q.depth = drained;
        q.delayedCalls = timers.size();
        q.commit();
    }

    /** -1: do not block; 0: block until woken; otherwise the bound in milliseconds. */
    private long selectTimeoutMillis() {
        long due = timers.nextDueTime();
        if (due == Long.MAX_VALUE) {
            return 0;
        }
        long delta = due - System.nanoTime();
        if (delta <= 0) {
            return -1;
        }
        return Math.min((delta + 999_999) / 1_000_000, MAX_SELECT_MILLIS);
    }

    private void markTurnStart() {
        long now = System.nanoTime();
        turnStartedAt.lazySet(now == 0 ? 1 : now);
        turnMarked = true;
        if (ReactorTurnEvent.wanted()) { // a static field read when no recording wants it
            ReactorTurnEvent e = new ReactorTurnEvent();
            e.reactor = name;
            e.begin();
            turnEvent = e;
        }
    }

    private void endTurn() {
        counters.turnEnded(System.nanoTime() - turnStartedAt.getPlain(), timers.size());
        ReactorTurnEvent e = turnEvent;
        if (e != null) {
            turnEvent = null;
            e.commit();
        }
        turnMarked = false;
        turnStartedAt.lazySet(0);
    }

    private void dispatch(SelectionKey key) {
        if (!turnMarked) {
            markTurnStart();
        }
        Selectable s = (Selectable) key.attachment();
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        try {
            s.ready(ops);
        } catch (Throwable e) {
            log.log(Level.ERROR, "reactor " + name + ": internal error handling " + s, e);
            rethrowIfFatal(e);
        }
        flushHeldWrites(); // the event's writes go out together, before the next key's event
    }

    private void runNextTurnTasks() {
        if (nextTurn.isEmpty()) {
            return;
        }
        ArrayList<Runnable> tasks = nextTurn;
        nextTurn = nextTurnRunning;
        nextTurnRunning = tasks;
        try {
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    tasks.get(i).run();
                } catch (Throwable e) {
                    log.log(Level.ERROR, "reactor " + name + ": internal error in a deferred event", e);
                    rethrowIfFatal(e);
                }
            }
        } finally {
            tasks.clear();
        }
    }

    private void taskFailed(Runnable task, Throwable error) {
        log.log(Level.ERROR, "reactor " + name + ": callFromThread task " + task + " threw", error);
        rethrowIfFatal(error);
    }

    private void timerFailed(Throwable error) {
        log.log(Level.ERROR, "reactor " + name + ": a timed call (callLater) threw", error);
        rethrowIfFatal(error);
    }

    private void beginShutdown() {
        state.set(State.STOPPING);
        triggers.fire(SystemEvent.SHUTDOWN, options.shutdownTimeout(), this::disconnectAll, () -> loopDone = true);
    }

    /** The built-in "during shutdown" action: every port, connection and attempt closes. */
    private void disconnectAll() {
        closingAll = true;
        for (Selectable s : registry.snapshot()) {
            try {
                s.closeForShutdown();
            } catch (Throwable e) {
                log.log(Level.ERROR, "reactor " + name + ": closing " + s + " at shutdown failed", e);
            }
        }
    }

    private void finish() {
        try {
            running = false;
            state.set(State.STOPPED);
            // connectionLost and the like still run user code here; the waits below do not (a
            // bounded wait for the pool is not a stall), so only this part is watched.
            watched(() -> {
                threads.failPendingCalls();
                disconnectAll();
                runNextTurnTasks();
                flushHeldWrites(); // every connection is closed by now: this only lets go of them
            });
            int dropped = inbox.clear();
            if (dropped > 0) {
                log.log(Level.DEBUG, "reactor {0}: dropped {1} callFromThread task(s) queued after it stopped",
                        name, dropped);
            }
            try {
                selector.close();
            } catch (IOException e) {
                log.log(Level.WARNING, "reactor " + name + ": closing the selector failed", e);
            }
            // Fails pending awaits (before the pool waits for tasks that might be awaiting), then
            // gives spawned tasks a bounded time to end.
            blockingTasks.shutdown(options.shutdownTimeout(), () -> new ReactorNotRunningException(
                    "reactor " + name + " stopped before the awaited Deferred fired"));
            threads.shutdownPool(options.shutdownTimeout());
            StallDetector d = stallDetector;
            if (d != null) {
                d.stop();
            }
            SignalStop s = signalStop;
            if (s != null) {
                s.uninstall();
            }
            dropShutdownHook();
        } finally {
            reactorThread = null; // the thread that ran the loop is an ordinary thread again
            stopped.complete(null);
        }
    }

    /**
     * The fallback when the JVM shuts down while the reactor runs without a signal having reached
     * {@link SignalStop} first: {@code System.exit}, or a JVM that lets no one handle signals
     * ({@code -Xrs}). It stops the reactor, but what is logged meanwhile may be lost: the logging
     * back end shuts down in its own hook at the same time (see SignalStop).
     */
    private void installShutdownHook(long waitMillis) {
        Thread hook = Thread.ofPlatform().name(name + "-shutdown-hook").unstarted(() -> {
            try {
                if (state.get() != State.STOPPED) {
                    log.log(Level.INFO, "reactor {0}: the JVM is shutting down (System.exit, or a signal the reactor could"
                            + " not handle); stopping", name);
                    stop().toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | IllegalStateException e) {
                log.log(Level.WARNING, "reactor " + name + " did not stop cleanly at JVM shutdown", e);
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook.set(hook);
    }

    /** Removes the shutdown hook, if still there. Any thread. */
    void dropShutdownHook() {
        Thread hook = shutdownHook.getAndSet(null);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException jvmShuttingDown) {
                // The hook is running (or about to): nothing to remove.
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // ReactorTime

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("callLater: negative delay " + delay);
        }
        return timers.schedule(TimerQueue.nanos(delay), task);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        checkThread("getDelayedCalls");
        return timers.pending();
    }

    /** Pending timers, for tests. */
    int pendingTimerCount() {
        return timers.size();
    }

    // ---------------------------------------------------------------------------------------
    // ReactorThreads

    @Override
    public void callFromThread(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (state.get() == State.STOPPED) {
            log.log(Level.DEBUG, "reactor {0} has stopped; dropping callFromThread task {1}", name, task);
            return;
        }
        inbox.offer(task);
    }

    @Override
    public void callInThread(Runnable task) {
        threads.callInThread(task);
    }

    @Override
    public <T> Deferred<T> deferToThread(Callable<T> task) {
        checkThread("deferToThread");
        return threads.deferToThread(task);
    }

    @Override
    public <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call) {
        return threads.blockingCallFromThread(call);
    }

    @Override
    public void suggestThreadPoolSize(int maxThreads) {
        threads.pool().setMaxThreads(maxThreads);
    }

    @Override
    public BlockingTasks blockingTasks() {
        return blockingTasks.tasks();
    }

    /** The reactor's thread pool, for tests. */
    VirtualThreadPool threadPool() {
        return threads.pool();
    }

    // ---------------------------------------------------------------------------------------
    // ReactorTCP

    @Override
    public ListeningPort listenTCP(int port, Factory factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    @Override
    public ListeningPort listenTCP(int port, Factory factory, int backlog, String interfaceAddress) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        checkThread("listenTCP");
        checkNotClosing("listenTCP");
        return TcpPort.listen(this, port, factory, backlog, interfaceAddress);
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory) {
        return connectTCP(host, port, factory, DEFAULT_CONNECT_TIMEOUT, null);
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory, Duration timeout,
            @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(timeout, "timeout");
        checkThread("connectTCP");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        TcpConnector c = new TcpConnector(this, host, port, factory, timeout, bindAddress);
        c.connect();
        return c;
    }

    // ---------------------------------------------------------------------------------------
    // ReactorUNIX

    @Override
    public ListeningPort listenUNIX(Path path, Factory factory, int backlog, int mode, boolean wantPID) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        checkThread("listenUNIX");
        checkNotClosing("listenUNIX");
        return TcpPort.listenUNIX(this, path, factory, backlog, mode, wantPID);
    }

    @Override
    public Connector connectUNIX(Path path, ClientFactory factory, Duration timeout) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(timeout, "timeout");
        checkThread("connectUNIX");
        TcpConnector c = new TcpConnector(this, path, factory, timeout);
        c.connect();
        return c;
    }

    // ---------------------------------------------------------------------------------------
    // ReactorProcess

    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path, boolean usePTY,
            @Nullable Map<Integer, String> childFDs) {
        return processes.spawn(protocol, executable, args, env, path, usePTY, childFDs);
    }

    /** The child processes' side, for tests (live pipe threads, running children). */
    ProcessSpawner processes() {
        return processes;
    }

    // ---------------------------------------------------------------------------------------
    // ReactorUDP, ReactorMulticast

    @Override
    public UDPTransport listenUDP(int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize) {
        checkThread("listenUDP");
        checkNotClosing("listenUDP");
        return UdpPort.listen(this, port, protocol, interfaceAddress, maxPacketSize);
    }

    @Override
    public MulticastTransport listenMulticast(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize, boolean listenMultiple) {
        checkThread("listenMulticast");
        checkNotClosing("listenMulticast");
        return (MulticastTransport) UdpPort.open(this, port, protocol, interfaceAddress, maxPacketSize, true,
                listenMultiple);
    }

    @Override
    public String toString() {
        return "SelectReactor[" + name + ", " + state.get() + "]";
    }
}
