package bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/** A Spindle reactor running on its own thread for the cross-thread benchmarks. */
final class SpindleReactor implements AutoCloseable {

    final Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("bench"));
    private final Thread thread;

    /** Creates and starts a reactor. */
    SpindleReactor() {
        this(reactor -> { });
    }

    /**
     * Creates a reactor, lets {@code setUp} prepare it from this (its creating) thread, then starts it.
     *
     * @param setUp runs before the reactor does, on the calling thread
     */
    SpindleReactor(Consumer<Reactor> setUp) {
        setUp.accept(reactor);
        thread = reactor.start("reactor");
    }

    /** Stops the reactor and waits for its thread. */
    @Override
    public void close() {
        try {
            reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (Exception e) {
            throw new IllegalStateException("the reactor did not stop", e);
        }
    }
}
