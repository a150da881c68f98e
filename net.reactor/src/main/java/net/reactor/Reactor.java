package net.reactor;

import java.util.Objects;
import net.reactor.internal.SelectReactor;
import net.threadpool.LoopExecutor;

/**
 * A reactor: one thread that owns every socket and timer and runs every protocol event. It
 * combines the role interfaces; code that needs only one role (for example only time) should ask
 * for that role, so a test double can stand in.
 *
 * <p>Reactors are explicit objects: several may run in one JVM and there is no global one. Make
 * one with {@link #create()}, set it up from the creating thread, then {@link #run()} it (or
 * {@link #start(String)} it on its own thread):
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * reactor.listenTCP(8000, Factory.forProtocol(Echo::new));
 * reactor.run(); // returns after reactor.stop()
 * }
 *
 * <p>A reactor is also the {@link LoopExecutor} of the blocking façade ({@code net.threadpool}):
 * {@code Blocking.spawn(reactor, ...)} runs blocking-style code on a virtual thread bound to it,
 * {@code Blocking.on(reactor).await(d)} waits for one of its Deferreds from any other thread
 * ({@link #blockingTasks()} is that same {@code Blocking.on(reactor)}, with the counters of the
 * reactor's blocking work); when the reactor stops, pending awaits fail and spawned tasks are
 * given a bounded time, then cancelled.
 */
public interface Reactor
        extends ReactorCore, ReactorTime, ReactorThreads, ReactorTCP, ReactorUDP, ReactorMulticast, ReactorUNIX,
                ReactorProcess, ReactorMetrics, LoopExecutor {

    /**
     * Creates a reactor with {@link ReactorOptions#defaults()}: a java.nio Selector loop that
     * will run on one platform thread.
     *
     * <p>The reactor holds its selector (a few file descriptors) and two direct buffers from now
     * until its stop completes; a reactor that is created but never run keeps them, so run (or
     * start) and stop every reactor you create.
     *
     * @return a new reactor, not yet running
     * @throws java.io.UncheckedIOException if the selector cannot be opened
     */
    static Reactor create() {
        return create(ReactorOptions.defaults());
    }

    /**
     * Creates a reactor with the given options.
     *
     * @param options its settings
     * @return a new reactor, not yet running
     * @throws java.io.UncheckedIOException if the selector cannot be opened
     */
    static Reactor create(ReactorOptions options) {
        return new SelectReactor(Objects.requireNonNull(options, "options"));
    }
}
