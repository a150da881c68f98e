package net.reactor.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.reactor.IPv4Address;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * A running reactor for one test. Closing it stops the reactor and checks that nothing is left:
 * no spawned (virtual) handler thread still running, no platform thread of the reactor alive.
 */
final class BlockingFixture implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String name;
    final Reactor reactor;
    private final Thread thread;

    BlockingFixture() {
        this(ReactorOptions.defaults());
    }

    BlockingFixture(ReactorOptions options) {
        name = "bt" + COUNTER.incrementAndGet();
        reactor = Reactor.create(options.withName(name).withShutdownTimeout(Duration.ofSeconds(5)));
        thread = reactor.start(name + "-loop");
    }

    /** Runs {@code action} on the reactor thread and returns its result. */
    <T> T call(ThrowingSupplier<T> action) {
        return reactor.blockingCallFromThread(() -> Deferred.succeed(action.get()));
    }

    /** Serves connections on 127.0.0.1 with {@code handler}; returns the port. */
    int serve(ConnectionHandler handler) {
        return serve(handler, StreamOptions.defaults());
    }

    int serve(ConnectionHandler handler, StreamOptions options) {
        return call(() -> ((IPv4Address) reactor.listenTCP(0, BlockingServer.factory(reactor, handler, options), 50,
                "127.0.0.1").getHost()).port());
    }

    BlockingConnection connect(int port) {
        return BlockingClient.openTCP(reactor, "127.0.0.1", port);
    }

    BlockingConnection connect(int port, StreamOptions options) {
        return reactor.blockingTasks().await(() -> BlockingClient.connectTCP(reactor, "127.0.0.1", port,
                Duration.ofSeconds(30), options));
    }

    /** Waits for a condition another thread makes true; fails after 30 s instead of hanging. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting for: " + what).isNegative();
            Thread.yield();
        }
    }

    @Override
    public void close() throws Exception {
        reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thread.isAlive()).as("reactor thread ended").isFalse();
        assertThat(reactor.blockingTasks().stats().running()).as("handler threads still running").isZero();
        assertThat(reactor.blockingTasks().stats().waiting()).as("threads still waiting in await").isZero();
        List<String> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(name) && t.isAlive()) {
                left.add(t.getName());
            }
        }
        assertThat(left).as("platform threads of " + name).isEmpty();
    }
}
