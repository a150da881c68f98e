package net.reactor.testing;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionLostException;
import net.reactor.Connector;
import net.reactor.DatagramProtocol;
import net.reactor.DelayedCall;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorAlreadyRunningException;
import net.reactor.ReactorNotRestartableException;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.reactor.SocketType;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import net.reactor.UNIXAddress;
import net.reactor.internal.SystemEventTriggers;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTransport;
import net.threadpool.BlockingTasks;
import net.threadpool.CheckedFailureException;
import net.threadpool.spi.TaskRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Reactor} that does no I/O and has no thread of its own (Twisted's
 * {@code MemoryReactorClock}): it records {@code listenTCP} and {@code connectTCP} calls for the
 * test to inspect and drive, keeps time with a fake {@link Clock}, and runs thread work
 * synchronously. Code that takes a {@code Reactor} (or one of its roles) can be tested with it
 * deterministically, without sockets.
 *
 * {@snippet :
 * MemoryReactor reactor = new MemoryReactor();
 * myService.start(reactor);                                 // calls reactor.connectTCP(...)
 * MemoryReactor.TCPClient client = reactor.tcpClients().getFirst();
 * assertThat(client.host()).isEqualTo("db.example.org");
 * StringTransport transport = client.connector().completeConnection();
 * assertThat(transport.valueAsString(UTF_8)).startsWith("HELLO");
 * reactor.advance(Duration.ofSeconds(30));                  // drives timeouts
 * }
 *
 * <p><b>TCP:</b> {@link #listenTCP} records a {@link TCPServer} and returns a
 * {@link MemoryListeningPort} (its {@code accept} plays an incoming client); {@link #connectTCP}
 * records a {@link TCPClient}, starts the attempt as a real connector does (factory
 * {@code doStart}, {@code startedConnecting}) and returns a {@link MemoryConnector} whose
 * {@code completeConnection} and {@code failConnection} decide the outcome. Unlike Twisted's
 * MemoryReactor, factories are started and stopped as a real reactor does, and a connection
 * attempt times out on the clock. Transports are {@link StringTransport}s, or
 * {@link StringTransportWithDisconnection}s after {@link #setImmediateDisconnects(boolean)}.
 *
 * <p><b>UNIX sockets:</b> {@link #listenUNIX} and {@link #connectUNIX} are recorded the same way
 * ({@link #unixServers()}, {@link #unixClients()}), with {@link UNIXAddress}es for the port's
 * host and the connector's destination; the transports are the same {@link StringTransport}s
 * (so a protocol under test sees a {@code TCPTransport}, not a {@code UNIXTransport}). No file is
 * created.
 *
 * <p><b>UDP:</b> {@link #listenUDP} and {@link #listenMulticast} record a {@link UDPServer} or
 * {@link MulticastServer} and return a {@link MemoryDatagramTransport} (a
 * {@link MemoryMulticastTransport} for multicast), which records what the
 * protocol writes and plays incoming datagrams; {@code stop()} stops them.
 *
 * <p><b>Time:</b> {@link #callLater} and friends use the {@link #clock()}; {@link #advance} first
 * runs the queued {@link #callFromThread} tasks, then advances the clock.
 *
 * <p><b>Threads:</b> {@link #callFromThread} is the only thread-safe method: it queues the task
 * until {@link #runThreadCalls()} or the next {@link #advance}. {@link #callInThread} and
 * {@link #deferToThread} run the work at once on the calling thread (so results are
 * deterministic); an exception from {@code callInThread} propagates to the caller.
 * {@link #blockingCallFromThread} runs the call at once and needs its Deferred to have fired.
 *
 * <p><b>Lifecycle:</b> {@link #run()} does not block: it runs the start-up triggers and
 * {@link #callWhenRunning} tasks and returns, leaving the reactor "running" until {@link #stop()}.
 * {@code stop()} runs the shutdown triggers, stops every listening port and delivers
 * {@code connectionLost} ({@link ConnectionLostException}) to every open connection, as the real
 * reactor does. The triggers are the real reactor's own ({@code SystemEventTriggers}), so they
 * fire in the same order: phase by phase, FIFO, a trigger added to a running phase runs in it, and
 * only the Deferreds of "before" triggers are awaited — for shut-down at most the shutdown
 * timeout, which here passes on the {@link #clock()}. {@link #start(String)} is not supported:
 * there is no loop to put on a thread.
 *
 * <p><b>Threading:</b> apart from {@code callFromThread}, use it from the test's thread;
 * {@link #isReactorThread()} is true on the thread that created it.
 */
public class MemoryReactor implements Reactor {
    private static final System.Logger LOG = System.getLogger(MemoryReactor.class.getName());

    /**
     * One {@code listenTCP} call.
     *
     * @param port the port asked for
     * @param factory the factory given
     * @param backlog the backlog given
     * @param interfaceAddress the interface given, "" for every interface
     * @param listeningPort the port returned
     */
    public record TCPServer(
            int port, Factory factory, int backlog, String interfaceAddress, MemoryListeningPort listeningPort) {}

    /**
     * One {@code connectTCP} call.
     *
     * @param host the host given
     * @param port the port given
     * @param factory the factory given
     * @param timeout the connect timeout given
     * @param bindAddress the local address given, or null
     * @param connector the connector returned
     */
    public record TCPClient(
            String host,
            int port,
            ClientFactory factory,
            Duration timeout,
            @Nullable InetSocketAddress bindAddress,
            MemoryConnector connector) {}

    /**
     * One {@code listenUNIX} call.
     *
     * @param path the socket file's path given
     * @param factory the factory given
     * @param backlog the backlog given
     * @param mode the file mode given
     * @param wantPID whether a lock file was asked for
     * @param listeningPort the port returned
     */
    public record UNIXServer(
            Path path, Factory factory, int backlog, int mode, boolean wantPID, MemoryListeningPort listeningPort) {}

    /**
     * One {@code connectUNIX} call.
     *
     * @param path the socket file's path given
     * @param factory the factory given
     * @param timeout the connect timeout given
     * @param connector the connector returned
     */
    public record UNIXClient(Path path, ClientFactory factory, Duration timeout, MemoryConnector connector) {}

    /**
     * One {@code spawnProcess} call.
     *
     * @param protocol the protocol given
     * @param executable the program given
     * @param args the argument vector given
     * @param env the environment given, null for "this JVM's"
     * @param path the working directory given, or null
     * @param usePTY the flag given
     * @param childFDs the mapping given, or null
     * @param transport the pretend process returned
     */
    public record ProcessSpawn(
            ProcessProtocol protocol,
            String executable,
            List<String> args,
            @Nullable Map<String, String> env,
            @Nullable Path path,
            boolean usePTY,
            @Nullable Map<Integer, String> childFDs,
            MemoryProcessTransport transport) {}

    private final List<ProcessSpawn> processes = new ArrayList<>();

    /**
     * One {@code listenUDP} call.
     *
     * @param port the port asked for
     * @param protocol the protocol given
     * @param interfaceAddress the interface given, "" for every interface
     * @param maxPacketSize the maximum datagram size given
     * @param transport the port returned
     */
    public record UDPServer(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize,
            MemoryDatagramTransport transport) {}

    /**
     * One {@code listenMulticast} call.
     *
     * @param port the port asked for
     * @param protocol the protocol given
     * @param interfaceAddress the interface given, "" for every interface
     * @param maxPacketSize the maximum datagram size given
     * @param listenMultiple whether the port may be shared
     * @param transport the port returned
     */
    public record MulticastServer(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize, boolean listenMultiple,
            MemoryMulticastTransport transport) {}

    private final Clock clock = new Clock();
    private final Thread creator = Thread.currentThread();
    private final List<TCPServer> tcpServers = new ArrayList<>();
    private final List<TCPClient> tcpClients = new ArrayList<>();
    private final List<UNIXServer> unixServers = new ArrayList<>();
    private final List<UNIXClient> unixClients = new ArrayList<>();
    private final List<UDPServer> udpServers = new ArrayList<>();
    private final List<MulticastServer> multicastServers = new ArrayList<>();
    private final List<StringTransport> transports = new ArrayList<>();
    private final Duration shutdownTimeout;
    /** The real reactor's triggers, so that both fire them in the same order. */
    private final SystemEventTriggers triggers = new SystemEventTriggers(clock, LOG);
    private final ConcurrentLinkedQueue<Runnable> threadCalls = new ConcurrentLinkedQueue<>();
    private boolean immediateDisconnects;
    private boolean hasRun;
    private boolean running;
    private boolean hasStopped;
    private @Nullable CompletableFuture<Void> stopped;
    private int threadPoolSize;
    private volatile @Nullable BlockingTasks blockingTasks;

    /** Creates a memory reactor that has not run, at clock time 0, with the default options. */
    public MemoryReactor() {
        this(ReactorOptions.defaults());
    }

    /**
     * Creates a memory reactor that has not run, at clock time 0, with the settings of a real
     * reactor that matter here: the shutdown timeout (on the {@link #clock()}) and the initial
     * {@link #threadPoolSize()}. The others concern sockets and threads it does not have.
     *
     * @param options the settings, as given to {@link Reactor#create(ReactorOptions)}
     */
    public MemoryReactor(ReactorOptions options) {
        Objects.requireNonNull(options, "options");
        this.shutdownTimeout = options.shutdownTimeout();
        this.threadPoolSize = options.threadPoolSize();
    }

    // ---- test side ------------------------------------------------------------------------

    /**
     * The fake clock behind {@link #callLater} and {@link #nanoTime()}.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Runs the queued {@link #callFromThread} tasks, then advances the clock by {@code amount}
     * (running the calls that become due).
     *
     * @param amount how far to move the clock, zero or more
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + amount);
        }
        runThreadCalls();
        clock.advance(amount);
    }

    /**
     * Calls {@link #advance} once per element, in order.
     *
     * @param steps how far to move at each step
     */
    public void pump(List<Duration> steps) {
        Objects.requireNonNull(steps, "steps");
        for (Duration step : steps) {
            advance(step);
        }
    }

    /**
     * Runs the tasks queued by {@link #callFromThread} so far, in order. Tasks that they queue
     * wait for the next call, as in the real reactor.
     *
     * @return how many tasks ran
     */
    public int runThreadCalls() {
        int count = threadCalls.size();
        int ran = 0;
        for (; ran < count; ran++) {
            Runnable task = threadCalls.poll();
            if (task == null) {
                break;
            }
            task.run();
        }
        return ran;
    }

    /**
     * How many {@link #callFromThread} tasks are waiting.
     *
     * @return the queue length
     */
    public int pendingThreadCalls() {
        return threadCalls.size();
    }

    /**
     * Every {@code spawnProcess} call so far, in order.
     *
     * @return a snapshot
     */
    public List<ProcessSpawn> processes() {
        return List.copyOf(processes);
    }

    /**
     * Every {@code listenTCP} call so far, in order.
     *
     * @return a snapshot
     */
    public List<TCPServer> tcpServers() {
        return List.copyOf(tcpServers);
    }

    /**
     * Every {@code connectTCP} call so far, in order.
     *
     * @return a snapshot
     */
    public List<TCPClient> tcpClients() {
        return List.copyOf(tcpClients);
    }

    /**
     * Every {@code listenUNIX} call so far, in order.
     *
     * @return a snapshot
     */
    public List<UNIXServer> unixServers() {
        return List.copyOf(unixServers);
    }

    /**
     * Every {@code connectUNIX} call so far, in order.
     *
     * @return a snapshot
     */
    public List<UNIXClient> unixClients() {
        return List.copyOf(unixClients);
    }

    /**
     * Every {@code listenUDP} call so far, in order.
     *
     * @return a snapshot
     */
    public List<UDPServer> udpServers() {
        return List.copyOf(udpServers);
    }

    /**
     * Every {@code listenMulticast} call so far, in order.
     *
     * @return a snapshot
     */
    public List<MulticastServer> multicastServers() {
        return List.copyOf(multicastServers);
    }

    /**
     * The system event triggers added and not yet run or removed, including the
     * {@link #callWhenRunning} tasks waiting for start-up.
     *
     * @return a snapshot, by event, then phase, then the order they were added
     */
    public List<SystemEventTrigger> triggers() {
        return triggers.pending();
    }

    /**
     * Makes the transports this reactor creates from now on
     * {@link StringTransportWithDisconnection}s (the protocol hears {@code connectionLost} as soon
     * as it closes its connection) or plain {@link StringTransport}s (the test delivers it).
     *
     * @param enabled true for immediate disconnects; the default is false
     */
    public void setImmediateDisconnects(boolean enabled) {
        immediateDisconnects = enabled;
    }

    /**
     * Whether {@link #run()} has been called.
     *
     * @return true once run
     */
    public boolean hasRun() {
        return hasRun;
    }

    /**
     * Whether a {@link #stop()} has completed.
     *
     * @return true once stopped
     */
    public boolean hasStopped() {
        return hasStopped;
    }

    /**
     * The last size given to {@link #suggestThreadPoolSize}.
     *
     * @return the suggested size; 10 by default
     */
    public int threadPoolSize() {
        return threadPoolSize;
    }

    StringTransport newTransport(Address host, Address peer) {
        StringTransport transport = immediateDisconnects
                ? new StringTransportWithDisconnection(host, peer)
                : new StringTransport(host, peer);
        transports.add(transport);
        return transport;
    }

    static Address tcpAddress(String host, int port) {
        return host.indexOf(':') >= 0
                ? new IPv6Address(SocketType.TCP, host, port)
                : new IPv4Address(SocketType.TCP, host, port);
    }

    // ---- ReactorCore ----------------------------------------------------------------------

    /**
     * Runs the start-up triggers and the {@link #callWhenRunning} tasks, then returns; the
     * reactor is then running until {@link #stop()}.
     *
     * @throws ReactorAlreadyRunningException if it is running
     * @throws ReactorNotRestartableException if it has run and stopped
     */
    @Override
    public void run() {
        if (hasStopped) {
            throw new ReactorNotRestartableException("this MemoryReactor has run and stopped; create a new one");
        }
        if (hasRun) {
            throw new ReactorAlreadyRunningException("this MemoryReactor is already running");
        }
        hasRun = true;
        triggers.fire(SystemEvent.STARTUP, null, () -> running = true, () -> {});
    }

    /**
     * Not supported: a memory reactor has no loop to run on a thread. Call {@link #run()}.
     *
     * @param threadName ignored
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Thread start(String threadName) {
        throw new UnsupportedOperationException("a MemoryReactor has no event loop thread; call run() instead");
    }

    /**
     * Runs the shutdown: "before" triggers, then every listening port stops and every open
     * connection gets {@code connectionLost(ConnectionLostException)}, then "during" and "after"
     * triggers.
     *
     * @return completes when the shutdown is over: at once unless a "before" trigger's Deferred
     *     is pending, then when the last fires or the shutdown timeout has passed on the clock;
     *     the same stage on every call
     * @throws ReactorNotRunningException if the reactor never ran
     */
    @Override
    public CompletionStage<Void> stop() {
        if (!hasRun) {
            throw new ReactorNotRunningException("cannot stop a reactor that is not running");
        }
        CompletableFuture<Void> result = stopped;
        if (result != null) {
            return result;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        stopped = done;
        triggers.fire(SystemEvent.SHUTDOWN, shutdownTimeout, this::disconnectAll, () -> {
            running = false;
            hasStopped = true;
            done.complete(null);
        });
        return done;
    }

    private void disconnectAll() {
        for (TCPServer server : tcpServers) {
            server.listeningPort().stopListening();
        }
        for (TCPClient client : tcpClients) {
            client.connector().stopConnecting();
        }
        for (UNIXServer server : unixServers) {
            server.listeningPort().stopListening();
        }
        for (UNIXClient client : unixClients) {
            client.connector().stopConnecting();
        }
        for (UDPServer server : udpServers) {
            server.transport().stopListening();
        }
        for (MulticastServer server : multicastServers) {
            server.transport().stopListening();
        }
        for (StringTransport transport : List.copyOf(transports)) {
            if (transport.protocol() != null && !transport.connectionLostDelivered()) {
                transport.deliverConnectionLost(new ConnectionLostException("the reactor stopped"));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Whether the caller is on the thread that created this reactor.
     *
     * @return true on the creating thread
     */
    @Override
    public boolean isReactorThread() {
        return Thread.currentThread() == creator;
    }

    /**
     * Runs {@code task} now if the reactor is running, otherwise when {@link #run()} finishes
     * start-up (it is kept as an "after start-up" trigger).
     *
     * @param task what to run
     */
    @Override
    public void callWhenRunning(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (running) {
            task.run();
        } else {
            triggers.addWhenRunning(task);
        }
    }

    @Override
    public SystemEventTrigger addSystemEventTrigger(TriggerPhase phase, SystemEvent event, Runnable action) {
        return triggers.add(phase, event, action);
    }

    @Override
    public SystemEventTrigger addSystemEventTriggerDeferred(
            TriggerPhase phase, SystemEvent event, Supplier<? extends @Nullable Deferred<?>> action) {
        Objects.requireNonNull(action, "action");
        return triggers.add(phase, event, action, String.valueOf(action));
    }

    /**
     * Removes a trigger that has not run; removing one that has run is logged, as the real
     * reactor does.
     *
     * @param trigger a handle from this reactor
     * @throws IllegalArgumentException if it is not this reactor's or was already removed
     */
    @Override
    public void removeSystemEventTrigger(SystemEventTrigger trigger) {
        triggers.remove(trigger);
    }

    // ---- ReactorTime ----------------------------------------------------------------------

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        return clock.callLater(delay, task);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }

    // ---- ReactorMetrics -------------------------------------------------------------------

    /**
     * Zeros, except the pending delayed calls: a memory reactor has no sockets and no loop, and
     * its fake connections and datagram ports count nowhere (a {@code MemoryDatagramTransport}
     * keeps its own {@code droppedWrites()}). Call on the test's thread.
     *
     * @return a snapshot with {@code delayedCallsPending} set to the clock's pending calls
     */
    @Override
    public net.reactor.ReactorCounters counters() {
        return new net.reactor.ReactorCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, clock.getDelayedCalls().size(),
                net.reactor.TurnTimeHistogram.empty());
    }

    // ---- ReactorThreads -------------------------------------------------------------------

    /**
     * Queues {@code task} until {@link #runThreadCalls()} or the next {@link #advance}. Safe from
     * any thread.
     *
     * @param task what to run
     */
    @Override
    public void callFromThread(Runnable task) {
        threadCalls.add(Objects.requireNonNull(task, "task"));
    }

    /**
     * The blocking façade's registry for this reactor, created on first use: awaits from other
     * threads are served when the test runs the queued thread calls.
     *
     * @return the same registry on every call
     */
    @Override
    public BlockingTasks blockingTasks() {
        BlockingTasks b = blockingTasks;
        if (b == null) {
            synchronized (this) {
                b = blockingTasks;
                if (b == null) {
                    b = new TaskRegistry("memory-reactor", this).tasks();
                    blockingTasks = b;
                }
            }
        }
        return b;
    }

    /**
     * Runs {@code task} at once on the calling thread; an exception propagates.
     *
     * @param task the "blocking" work
     */
    @Override
    public void callInThread(Runnable task) {
        Objects.requireNonNull(task, "task").run();
    }

    /**
     * Runs {@code task} at once on the calling thread.
     *
     * @param task the "blocking" work
     * @param <T> the result type
     * @return an already-fired Deferred with the task's result or exception
     */
    @Override
    public <T> Deferred<T> deferToThread(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        T result;
        try {
            result = task.call();
        } catch (Exception failure) {
            return Deferred.fail(failure);
        }
        return Deferred.succeed(result);
    }

    /**
     * Runs {@code call} at once and returns the result of the Deferred it returns.
     *
     * @param call returns a Deferred that must have fired by the time it returns
     * @param <T> the result type
     * @return the Deferred's result
     * @throws IllegalStateException if the Deferred has not fired: nothing here could fire it
     *     while the caller waits
     * @throws CheckedFailureException if the call or the Deferred failed with a checked exception
     *     (the cause); an unchecked one is thrown as it is, as the real reactor does
     */
    @Override
    public <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call) {
        Objects.requireNonNull(call, "call");
        Deferred<T> deferred;
        try {
            deferred = Objects.requireNonNull(call.get(),
                    "the call to blockingCallFromThread returned null instead of a Deferred");
        } catch (Exception failure) {
            throw CheckedFailureException.wrapIfChecked(failure);
        }
        List<Outcome<T>> result = new ArrayList<>(1);
        // Consumes the result, as the real reactor's wait does: a failure thrown here is not
        // reported again as unhandled.
        deferred.addBoth(outcome -> {
            result.add(outcome);
            return null;
        });
        return switch (result.isEmpty() ? null : result.getFirst()) {
            case null -> throw new IllegalStateException("the Deferred returned to blockingCallFromThread has not"
                    + " fired; a MemoryReactor runs the call synchronously and cannot wait for it");
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failed<T> f -> throw CheckedFailureException.wrapIfChecked(f.failure().value());
        };
    }

    /**
     * Records the size (see {@link #threadPoolSize()}); work runs synchronously anyway.
     *
     * @param maxThreads the bound, at least 1
     * @throws IllegalArgumentException if {@code maxThreads} is below 1
     */
    @Override
    public void suggestThreadPoolSize(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("thread pool size must be at least 1: " + maxThreads);
        }
        threadPoolSize = maxThreads;
    }

    // ---- ReactorProcess -------------------------------------------------------------------

    /**
     * Records the call and returns a {@link MemoryProcessTransport}, a pretend child (pid 1000 plus
     * the call's index) that the test drives; the protocol's {@code makeConnection} runs now. Nothing
     * is started. Refuses {@code usePTY} and other {@code childFDs} as the real reactor does.
     */
    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path, boolean usePTY,
            @Nullable Map<Integer, String> childFDs) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(executable, "executable");
        if (usePTY) {
            throw new UnsupportedOperationException("spawnProcess: usePTY=true is not supported (no pseudo-terminal in Java)");
        }
        if (childFDs != null && !Map.of(0, "w", 1, "r", 2, "r").entrySet().containsAll(childFDs.entrySet())) {
            throw new UnsupportedOperationException("spawnProcess: only childFDs 0=w, 1=r, 2=r are supported: " + childFDs);
        }
        MemoryProcessTransport t = new MemoryProcessTransport(protocol, 1000 + processes.size());
        processes.add(new ProcessSpawn(protocol, executable, List.copyOf(args), env == null ? null : Map.copyOf(env),
                path, usePTY, childFDs == null ? null : Map.copyOf(childFDs), t));
        protocol.makeConnection(t);
        return t;
    }

    // ---- ReactorTCP -----------------------------------------------------------------------

    @Override
    public ListeningPort listenTCP(int port, Factory factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    /**
     * Records the call and returns a port that pretends to listen.
     *
     * @param port the port, 0 to 65535 (0 stays 0: nothing picks a free port)
     * @param factory the factory; its {@code doStart} runs now
     * @param backlog recorded only
     * @param interfaceAddress "" for every interface, or an address; an IPv6 literal gives an
     *     {@link IPv6Address}
     * @return a {@link MemoryListeningPort}
     * @throws IllegalArgumentException if the port is out of range
     */
    @Override
    public ListeningPort listenTCP(int port, Factory factory, int backlog, String interfaceAddress) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        checkPort(port);
        Address host = interfaceAddress.isEmpty() ? tcpAddress("0.0.0.0", port) : tcpAddress(interfaceAddress, port);
        MemoryListeningPort listening = new MemoryListeningPort(this, host, factory);
        tcpServers.add(new TCPServer(port, factory, backlog, interfaceAddress, listening));
        return listening;
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory factory) {
        return connectTCP(host, port, factory, DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Records the call and starts a {@link MemoryConnector}'s first attempt.
     *
     * @param host a host name or address; recorded, never resolved
     * @param port the port, 0 to 65535
     * @param factory the factory; its {@code doStart} and {@code startedConnecting} run now
     * @param timeout how long, on the clock, before the attempt fails with
     *     {@link net.reactor.ConnectTimeoutException}
     * @param bindAddress recorded only
     * @return a {@link MemoryConnector}
     * @throws IllegalArgumentException if the port is out of range or the timeout negative
     */
    @Override
    public Connector connectTCP(
            String host, int port, ClientFactory factory, Duration timeout, @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(timeout, "timeout");
        checkPort(port);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative connect timeout: " + timeout);
        }
        MemoryConnector connector = new MemoryConnector(this, host, port, factory, timeout, bindAddress);
        tcpClients.add(new TCPClient(host, port, factory, timeout, bindAddress, connector));
        connector.connect();
        return connector;
    }

    // ---- ReactorUNIX ----------------------------------------------------------------------

    /**
     * Records the call and returns a port that pretends to listen; no file is created.
     *
     * @param path the socket file's path; the port's host is its {@link UNIXAddress}
     * @param factory the factory; its {@code doStart} runs now
     * @param backlog recorded only
     * @param mode recorded only
     * @param wantPID recorded only
     * @return a {@link MemoryListeningPort}
     */
    @Override
    public ListeningPort listenUNIX(Path path, Factory factory, int backlog, int mode, boolean wantPID) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        MemoryListeningPort listening = new MemoryListeningPort(this, new UNIXAddress(path), factory);
        unixServers.add(new UNIXServer(path, factory, backlog, mode, wantPID, listening));
        return listening;
    }

    /**
     * Records the call and starts a {@link MemoryConnector}'s first attempt, as
     * {@link #connectTCP} does.
     *
     * @param path the socket file's path; the connector's destination is its {@link UNIXAddress}
     * @param factory the factory; its {@code doStart} and {@code startedConnecting} run now
     * @param timeout how long, on the clock, before the attempt fails
     * @return a {@link MemoryConnector}
     * @throws IllegalArgumentException if the timeout is negative
     */
    @Override
    public Connector connectUNIX(Path path, ClientFactory factory, Duration timeout) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative connect timeout: " + timeout);
        }
        MemoryConnector connector = new MemoryConnector(this, new UNIXAddress(path), factory, timeout);
        unixClients.add(new UNIXClient(path, factory, timeout, connector));
        connector.connect();
        return connector;
    }

    // ---- ReactorUDP, ReactorMulticast ----------------------------------------------------

    /**
     * Records the call and returns a port that pretends to listen; the protocol's
     * {@code startProtocol} runs now.
     *
     * @param port the port, 0 to 65535 (0 stays 0)
     * @param protocol the protocol
     * @param interfaceAddress "" for every interface, or an address; an IPv6 literal gives an
     *     {@link IPv6Address}
     * @param maxPacketSize the longest datagram {@link MemoryDatagramTransport#deliver} hands over whole
     * @return a {@link MemoryDatagramTransport}
     * @throws IllegalArgumentException if the port or the size is out of range
     */
    @Override
    public net.reactor.UDPTransport listenUDP(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize) {
        MemoryDatagramTransport t = datagramPort(port, protocol, interfaceAddress, maxPacketSize, false);
        udpServers.add(new UDPServer(port, protocol, interfaceAddress, maxPacketSize, t));
        return t;
    }

    /**
     * Records the call and returns a multicast port that pretends to listen; the protocol's
     * {@code startProtocol} runs now.
     *
     * @param port the port, 0 to 65535
     * @param protocol the protocol
     * @param interfaceAddress "" for every interface, or an address
     * @param maxPacketSize the longest datagram delivered whole
     * @param listenMultiple recorded only
     * @return a {@link MemoryMulticastTransport}
     * @throws IllegalArgumentException if the port or the size is out of range
     */
    @Override
    public net.reactor.MulticastTransport listenMulticast(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize, boolean listenMultiple) {
        MemoryMulticastTransport t = (MemoryMulticastTransport) datagramPort(port, protocol, interfaceAddress,
                maxPacketSize, true);
        multicastServers.add(new MulticastServer(port, protocol, interfaceAddress, maxPacketSize, listenMultiple, t));
        return t;
    }

    private MemoryDatagramTransport datagramPort(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize, boolean multicast) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        checkPort(port);
        if (maxPacketSize < 1 || maxPacketSize > 65535) {
            throw new IllegalArgumentException("maxPacketSize must be 1 to 65535: " + maxPacketSize);
        }
        String h = interfaceAddress.isEmpty() ? "0.0.0.0" : interfaceAddress;
        Address host = h.indexOf(':') >= 0 ? new IPv6Address(SocketType.UDP, h, port)
                : new IPv4Address(SocketType.UDP, h, port);
        MemoryDatagramTransport t = multicast ? new MemoryMulticastTransport(host, protocol, maxPacketSize)
                : new MemoryDatagramTransport(host, protocol, maxPacketSize, false);
        t.start();
        return t;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return "MemoryReactor[" + clock + ", running=" + running + "]";
    }
}
