package net.reactor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorAlreadyRunningException;
import net.reactor.ReactorGroup;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.reactor.ReactorTCP;
import net.reactor.ReactorUNIX;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ReactorGroup} of {@link SelectReactor}s. Listening with SO_REUSEPORT gives each
 * member a plain {@link TcpPort}; the hand-off gives member 0 the port and every other member a
 * {@link HandOffTarget}, and the port's accept loop offers channels round-robin (see
 * {@link RoundRobin}). Either way the group's port is a {@link GroupPort} over the parts.
 *
 * <p><b>Threading:</b> as the interface says; a part is only ever touched on its member's thread.
 */
public final class SelectReactorGroup implements ReactorGroup {
    private static final System.Logger LOG = System.getLogger("net.reactor.group");
    private static final class ReusePort {
        static final boolean SUPPORTED = probe();

        private static boolean probe() {
            try (ServerSocketChannel ch = ServerSocketChannel.open()) {
                return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    private final List<SelectReactor> members;
    private final List<Reactor> view;
    private final Balancing balancing;
    private final String name;
    private final AtomicInteger nextMember = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile List<Thread> threads = List.of();

    /**
     * Creates the members; use {@link ReactorGroup#create}.
     *
     * @param size the member count
     * @param options every member's settings
     * @param balancing how ports spread connections
     */
    public SelectReactorGroup(int size, ReactorOptions options, Balancing balancing) {
        if (size < 1) {
            throw new IllegalArgumentException("a reactor group needs at least one member, not " + size);
        }
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(balancing, "balancing");
        this.name = options.name();
        this.balancing = balancing == Balancing.AUTO
                ? (ReusePort.SUPPORTED ? Balancing.REUSE_PORT : Balancing.HAND_OFF)
                : balancing;
        if (this.balancing == Balancing.REUSE_PORT && !ReusePort.SUPPORTED) {
            throw new UnsupportedOperationException("SO_REUSEPORT is not available on this platform; use AUTO or HAND_OFF");
        }
        List<SelectReactor> m = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // One member owns the signals: SIGINT stops it, and its shutdown trigger stops the rest.
            SelectReactor r = new SelectReactor(options.withName(name + "-" + i)
                    .withInstallSignalHandlers(i == 0 && options.installSignalHandlers()));
            r.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, this::stopAll);
            m.add(r);
        }
        this.members = List.copyOf(m);
        this.view = List.copyOf(m);
    }

    /**
     * Whether SO_REUSEPORT is available for TCP listening sockets.
     *
     * @return true where the JDK supports the option
     */
    public static boolean reusePortSupported() {
        return ReusePort.SUPPORTED;
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public Reactor member(int index) {
        return members.get(index);
    }

    @Override
    public List<Reactor> members() {
        return view;
    }

    @Override
    public Reactor next() {
        return members.get(Math.floorMod(nextMember.getAndIncrement(), members.size()));
    }

    @Override
    public @Nullable Reactor current() {
        for (SelectReactor m : members) {
            if (m.isReactorThread()) {
                return m;
            }
        }
        return null;
    }

    @Override
    public Balancing balancing() {
        return balancing;
    }

    // ------------------------------------------------------------------ listening

    @Override
    public ListeningPort listenTCP(int port, Function<? super Reactor, ? extends Factory> factoryFor, int backlog,
            String interfaceAddress) {
        Objects.requireNonNull(factoryFor, "factoryFor");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        checkCaller("listenTCP");
        if (balancing == Balancing.REUSE_PORT) {
            List<ListeningPort> parts = new ArrayList<>();
            try {
                int bindPort = port;
                for (SelectReactor m : members) {
                    int p = bindPort;
                    TcpPort part = onMember(m, () ->
                            TcpPort.listen(m, p, factory(factoryFor, m), backlog, interfaceAddress, true));
                    parts.add(part);
                    // With port 0 the first member learns the port; the others join it.
                    bindPort = portOf(part.getHost());
                }
            } catch (RuntimeException e) {
                stopQuietly(parts);
                throw e;
            }
            return new GroupPort(parts);
        }
        SelectReactor acceptor = members.get(0);
        return handOff(() -> TcpPort.listen(acceptor, port, factory(factoryFor, acceptor), backlog, interfaceAddress),
                factoryFor);
    }

    @Override
    public ListeningPort listenUNIX(Path path, Function<? super Reactor, ? extends Factory> factoryFor) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(factoryFor, "factoryFor");
        checkCaller("listenUNIX");
        SelectReactor acceptor = members.get(0);
        return handOff(() -> TcpPort.listenUNIX(acceptor, path, factory(factoryFor, acceptor),
                ReactorTCP.DEFAULT_BACKLOG, ReactorUNIX.DEFAULT_MODE, false), factoryFor);
    }

    private static Factory factory(Function<? super Reactor, ? extends Factory> factoryFor, Reactor member) {
        return Objects.requireNonNull(factoryFor.apply(member), "factoryFor returned null");
    }

    /** Member 0 listens; every other member gets a hand-off share; then member 0 starts handing off. */
    private ListeningPort handOff(Supplier<TcpPort> listen, Function<? super Reactor, ? extends Factory> factoryFor) {
        SelectReactor acceptor = members.get(0);
        RoundRobin spread = new RoundRobin(members.size());
        List<ListeningPort> parts = new ArrayList<>();
        try {
            TcpPort port = onMember(acceptor, () -> {
                TcpPort p = listen.get();
                p.handOff(spread); // before the first accept: it runs on this thread
                return p;
            });
            parts.add(port);
            for (int i = 1; i < members.size(); i++) {
                SelectReactor m = members.get(i);
                HandOffTarget target = onMember(m, () -> HandOffTarget.open(m, factory(factoryFor, m), port.getHost()));
                parts.add(target);
                spread.targets[i] = target;
            }
            // Publishes the filled array (volatile); until now member 0 kept every connection.
            spread.ready = true;
        } catch (RuntimeException e) {
            stopQuietly(parts);
            throw e;
        }
        return new GroupPort(parts);
    }

    /**
     * The acceptor's choice of member for each new channel, in turn; {@code false} (slot 0 or
     * not yet ready) keeps it on the acceptor. Acceptor's thread only, apart from set-up.
     */
    private static final class RoundRobin implements Predicate<SocketChannel> {
        final @Nullable HandOffTarget[] targets;
        volatile boolean ready;
        private int next;

        RoundRobin(int size) {
            this.targets = new HandOffTarget[size];
        }

        @Override
        public boolean test(SocketChannel ch) {
            if (!ready) {
                return false;
            }
            int i = next;
            next = i + 1 == targets.length ? 0 : i + 1;
            HandOffTarget t = targets[i];
            if (t == null) {
                return false;
            }
            t.offer(ch);
            return true;
        }
    }

    private static int portOf(Address a) {
        return switch (a) {
            case IPv4Address v4 -> v4.port();
            case IPv6Address v6 -> v6.port();
            default -> throw new IllegalStateException("not an IP address: " + a);
        };
    }

    /** listen... runs before the group starts (creating thread), or from a thread that is not a member's. */
    private void checkCaller(String what) {
        if (started.get() && current() != null) {
            throw new WrongThreadException("ReactorGroup." + what + " may not be called on a member's thread once the"
                    + " group runs (it waits for every member); call it before start() or from another thread");
        }
    }

    /** Runs {@code action} on member {@code m}: directly before the group starts, else on its thread, waiting. */
    private <T> T onMember(SelectReactor m, Supplier<T> action) {
        if (!started.get() || m.isReactorThread()) {
            return action.get();
        }
        return m.blockingCallFromThread(() -> Deferred.succeed(action.get()));
    }

    private void stopQuietly(List<ListeningPort> parts) {
        for (int i = 0; i < parts.size(); i++) {
            ListeningPort part = parts.get(i);
            try {
                onMember(members.get(i), part::stopListening);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reactor group " + name + ": closing " + part + " after a failed listen failed", e);
            }
        }
    }

    /** The group's port: one part per member (a TcpPort, or a hand-off share). */
    private final class GroupPort implements ListeningPort {
        private final List<ListeningPort> parts;
        private @Nullable Deferred<Void> stopping;

        GroupPort(List<ListeningPort> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        public Address getHost() {
            return parts.get(0).getHost();
        }

        /**
         * Stops every part on its member's thread. Safe from any thread (unlike a lone port):
         * the Deferred fires on the calling member's thread, or member 0's when called from
         * elsewhere.
         */
        @Override
        public synchronized Deferred<Void> stopListening() {
            Deferred<Void> d = stopping;
            if (d != null) {
                return d;
            }
            Deferred<Void> result = new Deferred<>();
            stopping = result;
            Reactor caller = current();
            Reactor deliverOn = caller != null ? caller : members.get(0);
            AtomicInteger remaining = new AtomicInteger(parts.size());
            java.util.concurrent.atomic.AtomicReference<@Nullable Throwable> firstError =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Runnable partDone = () -> {
                if (remaining.decrementAndGet() == 0) {
                    Throwable e = firstError.get();
                    deliverOn.callFromThread(() -> {
                        if (e == null) {
                            result.callback(null);
                        } else {
                            result.errback(e);
                        }
                    });
                }
            };
            for (int i = 0; i < parts.size(); i++) {
                ListeningPort part = parts.get(i);
                SelectReactor m = members.get(i);
                Runnable stopPart = () -> {
                    Deferred<Void> pd;
                    try {
                        pd = part.stopListening();
                    } catch (RuntimeException e) {
                        // The member has stopped already: its shutdown closed the part.
                        partDone.run();
                        return;
                    }
                    pd.addBoth(v -> {
                        if (v instanceof net.deferred.Outcome.Failed<Void> f) {
                            firstError.compareAndSet(null, f.failure().value());
                        }
                        partDone.run();
                        return null;
                    });
                };
                if (!started.get() || m.isReactorThread()) {
                    stopPart.run();
                } else if (!m.isRunning()) {
                    partDone.run(); // stopped (or stopping): shutdown closes every port
                } else {
                    m.callFromThread(stopPart);
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return "group port " + getHost() + " on " + parts.size() + " reactors (" + balancing + ")";
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void run() {
        List<Thread> ts = start(name);
        boolean interrupted = false;
        for (Thread t : ts) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<Thread> start(String threadNamePrefix) {
        Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
        if (!started.compareAndSet(false, true)) {
            throw new ReactorAlreadyRunningException("reactor group " + name + " has already been started");
        }
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            ts.add(members.get(i).start(threadNamePrefix + "-" + i));
        }
        threads = List.copyOf(ts);
        return threads;
    }

    @Override
    public CompletionStage<Void> stop() {
        if (!started.get()) {
            throw new ReactorNotRunningException("reactor group " + name + " is not running: it was never started");
        }
        stopAll();
        return stopped.minimalCompletionStage();
    }

    /** Stops every member once; a member's failure to stop is logged and the others go on. */
    private void stopAll() {
        if (!stopRequested.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (SelectReactor m : members) {
            try {
                all.add(m.stop().toCompletableFuture().handle((v, e) -> {
                    if (e != null) {
                        LOG.log(Level.WARNING, "reactor group " + name + ": " + m + " stopped with an error", e);
                    }
                    return null;
                }));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reactor group " + name + ": stopping " + m + " failed", e);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> stopped.complete(null));
    }

    @Override
    public boolean isRunning() {
        for (SelectReactor m : members) {
            if (m.isRunning()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "reactor group " + name + " (" + members.size() + " reactors, " + balancing + ")";
    }
}
