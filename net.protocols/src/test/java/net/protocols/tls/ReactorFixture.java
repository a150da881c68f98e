package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * A real reactor for one TLS test over loopback sockets, through net.reactor's public API only:
 * created on the test thread (which may set it up), started on its own thread, and stopped by
 * {@link #close()}, which also checks that no socket and no thread was left behind. (The reactor
 * module's own fixture sees its internals; this one sees what a user sees.)
 */
final class ReactorFixture implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        // The JDK opens one socket of its own, for good, the first time an NIO server socket is
        // used in a JVM; do that before any fixture counts descriptors.
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open()) {
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final long WAIT_SECONDS = 30;

    final String name;
    final Reactor reactor;
    private final long descriptorsBefore = openDescriptors();
    private Thread thread;

    ReactorFixture() {
        name = "tls" + COUNTER.incrementAndGet();
        reactor = Reactor.create(ReactorOptions.defaults().withName(name));
    }

    ReactorFixture start() {
        thread = reactor.start(name + "-loop");
        return this;
    }

    /** Runs {@code action} on the reactor thread and waits for its result. */
    <T> T call(Supplier<T> action) {
        return reactor.blockingCallFromThread(() -> Deferred.succeed(action.get()));
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    int listen(Factory factory) {
        return ((IPv4Address) reactor.listenTCP(0, factory, 50, "127.0.0.1").getHost()).port();
    }

    Connector connect(int port, ClientFactory factory) {
        return reactor.connectTCP("127.0.0.1", port, factory);
    }

    @Override
    public void close() throws Exception {
        if (thread == null && !reactor.isRunning()) {
            try {
                start(); // a reactor releases its selector only by running and stopping
            } catch (IllegalStateException alreadyRanOrRunning) {
                // run() on another thread, or already stopped: nothing to release here
            }
        }
        if (thread != null) {
            reactor.stop().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(thread.isAlive()).as("reactor thread ended").isFalse();
        }
        List<String> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(name + "-") && t.isAlive()) {
                left.add(t.getName());
            }
        }
        assertThat(left).as("threads of reactor " + name + " still alive").isEmpty();
        assertThat(openDescriptors()).as("open sockets and selectors after the reactor stopped")
                .isLessThanOrEqualTo(descriptorsBefore);
    }

    /** Sockets, selectors (epoll) and wake-up descriptors this process has open. */
    static long openDescriptors() {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:") || target.startsWith("anon_inode:[event");
                } catch (java.io.IOException gone) {
                    return false; // closed meanwhile (for example the listing's own descriptor)
                }
            }).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A protocol that records what happens to it. */
    static class Recorder extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Recorder> made = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        int lostCount;
        private int wanted = Integer.MAX_VALUE;
        private CompletableFuture<byte[]> enough = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            made.complete(this);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            checkEnough();
        }

        /** Completes (with all bytes so far) once at least {@code n} bytes have arrived. Reactor thread. */
        CompletableFuture<byte[]> receivedAtLeast(int n) {
            wanted = n;
            enough = new CompletableFuture<>();
            CompletableFuture<byte[]> f = enough;
            checkEnough();
            return f;
        }

        private void checkEnough() {
            if (received.size() >= wanted) {
                wanted = Integer.MAX_VALUE;
                enough.complete(received.toByteArray());
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lostCount++;
            lost.complete(reason);
        }

        synchronized byte[] bytes() {
            return received.toByteArray();
        }
    }

    /** Echoes everything back. */
    static class Echo extends Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport().write(data);
        }
    }

    /** A factory handing out prepared protocols in order and remembering them. */
    static final class Prepared<P extends Protocol> extends ClientFactory {
        final List<P> built = new ArrayList<>();
        final CompletableFuture<P> firstBuilt = new CompletableFuture<>();
        private final Supplier<P> supplier;
        final CompletableFuture<Throwable> failed = new CompletableFuture<>();
        final CompletableFuture<Throwable> clientLost = new CompletableFuture<>();

        Prepared(Supplier<P> supplier) {
            this.supplier = supplier;
        }

        @Override
        public Protocol buildProtocol(Address address) {
            P p = supplier.get();
            built.add(p);
            firstBuilt.complete(p);
            return p;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            failed.complete(reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            clientLost.complete(reason);
        }
    }
}
