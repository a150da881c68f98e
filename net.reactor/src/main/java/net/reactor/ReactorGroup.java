package net.reactor;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import net.reactor.internal.SelectReactorGroup;

/**
 * N reactors for N cores: a fixed set of full, single-threaded {@link Reactor}s (the members),
 * each on its own platform thread, that listen on the same port together. Every accepted
 * connection lives its whole life on one member: its protocol's events, its
 * {@code callLater}s and its {@code deferToThread} results all run on that member's thread, so
 * protocol code stays single-threaded as with one reactor.
 *
 * {@snippet :
 * ReactorGroup group = ReactorGroup.create(4, ReactorOptions.defaults().withName("echo"));
 * group.listenTCP(8000, member -> Factory.forProtocol(Echo::new));
 * group.run(); // returns after group.stop()
 * }
 *
 * <p><b>Spreading connections.</b> On Linux each member binds its own listening socket to the
 * port with {@code SO_REUSEPORT} and the kernel spreads new connections over them
 * ({@link Balancing#REUSE_PORT}). Where the option is missing, and always for UNIX sockets, one
 * member accepts and hands every channel, round-robin, to a member, which registers it with its
 * own selector on its own thread ({@link Balancing#HAND_OFF}).
 *
 * <p><b>Factories.</b> Each member gets its own {@link Factory}, built by the function given to
 * {@code listen...} (called once per member, with that member): a factory's state is then touched
 * by one thread only. State shared by all connections of a group must be thread-safe. For TLS,
 * build a {@code net.protocols.tls.TLSServerFactory} per member:
 * {@code group.listenTCP(443, m -> new TLSServerFactory(app, options, m, m::callFromThread))}.
 *
 * <p><b>Lifecycle.</b> Each member holds its selector from creation, so start (or run) and stop
 * every group you create. {@link #start(String)} (or {@link #run()}) runs every member;
 * {@link #stop()} stops every member, each with its own shutdown triggers; one member stopping
 * (its own {@code stop()}, or SIGINT when member 0 installs signal handlers) stops the others.
 *
 * <p><b>Threading:</b> {@code listen...} may be called before the group starts by the thread
 * that created it, or, once it runs, by a thread that is not a member's (it waits until every
 * member listens). {@link #member}, {@link #next}, {@link #size}, {@link #callFromThread},
 * {@link #stop()} and {@link #isRunning()} are safe from any thread.
 */
public interface ReactorGroup {

    /** How a group's listening port spreads accepted connections over the members. */
    enum Balancing {
        /** {@link #REUSE_PORT} where the JDK offers SO_REUSEPORT for TCP, else {@link #HAND_OFF}. */
        AUTO,
        /** One listening socket per member on the same port; the kernel picks the socket. UNIX sockets hand off. */
        REUSE_PORT,
        /** One listening socket on one member, which hands each accepted channel to the next member in turn. */
        HAND_OFF
    }

    /**
     * Creates a group of {@code size} reactors with {@link Balancing#AUTO}. Member {@code i} is
     * named {@code options.name() + "-" + i}; only member 0 installs signal handlers, if the
     * options ask for them.
     *
     * @param size how many reactors, at least 1 (usually the number of cores)
     * @param options every member's settings
     * @return a new group, not yet running
     * @throws IllegalArgumentException if {@code size} is below 1
     * @throws java.io.UncheckedIOException if a selector cannot be opened
     */
    static ReactorGroup create(int size, ReactorOptions options) {
        return create(size, options, Balancing.AUTO);
    }

    /**
     * Creates a group of {@code size} reactors that spreads connections as {@code balancing} says.
     *
     * @param size how many reactors, at least 1
     * @param options every member's settings
     * @param balancing how listening ports spread connections
     * @return a new group, not yet running
     * @throws IllegalArgumentException if {@code size} is below 1
     * @throws java.io.UncheckedIOException if a selector cannot be opened
     */
    static ReactorGroup create(int size, ReactorOptions options, Balancing balancing) {
        return new SelectReactorGroup(size, options, balancing);
    }

    /**
     * Whether this JDK and OS offer SO_REUSEPORT for TCP listening sockets (Linux, the BSDs,
     * macOS), so {@link Balancing#AUTO} uses it. Safe from any thread.
     *
     * @return true when REUSE_PORT is available
     */
    static boolean reusePortSupported() {
        return SelectReactorGroup.reusePortSupported();
    }

    /**
     * The number of members.
     *
     * @return the size given at creation
     */
    int size();

    /**
     * The member with the given index.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the member reactor
     * @throws IndexOutOfBoundsException if there is no such member
     */
    Reactor member(int index);

    /**
     * Every member, in index order.
     *
     * @return an unmodifiable list
     */
    List<Reactor> members();

    /**
     * The next member in round-robin order, for spreading outgoing connections or work.
     *
     * @return a member; successive calls go round all members
     */
    Reactor next();

    /**
     * The member whose reactor thread is calling, if any.
     *
     * @return the calling thread's member, or null on any other thread
     */
    @org.jspecify.annotations.Nullable Reactor current();

    /**
     * Runs {@code task} on member {@code index}'s thread: {@code member(index).callFromThread(task)}.
     *
     * @param index the member
     * @param task what to run
     * @throws IndexOutOfBoundsException if there is no such member
     */
    default void callFromThread(int index, Runnable task) {
        member(index).callFromThread(task);
    }

    /**
     * How this group's ports spread connections ({@link Balancing#AUTO} already resolved).
     *
     * @return REUSE_PORT or HAND_OFF
     */
    Balancing balancing();

    /**
     * Listens on {@code port} on every interface on all members.
     *
     * @param port the port, 0 for any free one ({@link ListeningPort#getHost()} tells which)
     * @param factoryFor builds each member's factory, given the member
     * @return the group's port; stopping it stops every member's part
     * @throws CannotListenException if a member cannot listen (the parts already listening are stopped)
     */
    default ListeningPort listenTCP(int port, Function<? super Reactor, ? extends Factory> factoryFor) {
        return listenTCP(port, factoryFor, ReactorTCP.DEFAULT_BACKLOG, "");
    }

    /**
     * Listens on {@code port} on one interface on all members (see
     * {@link ReactorTCP#listenTCP(int, Factory, String)} for the interface).
     *
     * @param port the port, 0 for any free one
     * @param factoryFor builds each member's factory, given the member
     * @param backlog the accept queue length of each listening socket
     * @param interfaceAddress the local address to bind, "" for every IPv4 interface
     * @return the group's port
     * @throws CannotListenException if a member cannot listen (the parts already listening are stopped)
     * @throws WrongThreadException if called on a member's thread once the group runs
     */
    ListeningPort listenTCP(int port, Function<? super Reactor, ? extends Factory> factoryFor, int backlog,
            String interfaceAddress);

    /**
     * Listens on the UNIX socket {@code path}: member 0 accepts and hands connections round-robin
     * to all members (the kernel cannot balance one socket file).
     *
     * @param path the socket file to create
     * @param factoryFor builds each member's factory, given the member
     * @return the group's port
     * @throws CannotListenException as {@link ReactorUNIX#listenUNIX(Path, Factory)}
     * @throws WrongThreadException if called on a member's thread once the group runs
     */
    ListeningPort listenUNIX(Path path, Function<? super Reactor, ? extends Factory> factoryFor);

    /**
     * Runs every member on its own thread and waits, on the calling thread, until all have
     * stopped.
     *
     * @throws ReactorAlreadyRunningException if the group was already started
     */
    void run();

    /**
     * Runs every member on its own platform thread, named {@code threadNamePrefix + "-" + i}.
     *
     * @param threadNamePrefix the threads' name prefix
     * @return the started threads, in member order
     * @throws ReactorAlreadyRunningException if the group was already started
     */
    List<Thread> start(String threadNamePrefix);

    /**
     * Stops every member (each runs its shutdown triggers and closes its ports and connections).
     * One member's failing trigger or failed stop does not keep the others from stopping. Safe
     * from any thread; calling it again returns the same stage.
     *
     * @return completes (on the thread of the last member to stop) when every member has stopped
     * @throws ReactorNotRunningException if the group was never started
     */
    CompletionStage<Void> stop();

    /**
     * Whether any member is running.
     *
     * @return true while at least one member runs
     */
    boolean isRunning();
}
