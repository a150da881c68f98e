package net.reactor.internal;

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
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * A reactor for one test: created on the test thread (which may set it up), started on its own
 * thread, and stopped by {@link #close()}, which also checks that nothing was left behind.
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
    final SelectReactor reactor;
    /** What {@link #serve} and {@link #connect(ListeningPort, ClientFactory)} go over. */
    final Transports transport;
    /** Where UNIX socket files go; it must be empty again when the fixture closes. */
    private java.nio.file.@org.jspecify.annotations.Nullable Path socketDir;
    /** Socket and selector descriptors before the reactor existed: stopping it must give back all it opened. */
    private final long descriptorsBefore = openDescriptors();
    private Thread thread;

    ReactorFixture() {
        this(ReactorOptions.defaults());
    }

    ReactorFixture(ReactorOptions options) {
        this(Transports.TCP, options);
    }

    ReactorFixture(Transports transport) {
        this(transport, ReactorOptions.defaults());
    }

    ReactorFixture(Transports transport, ReactorOptions options) {
        name = "t" + COUNTER.incrementAndGet() + "-" + options.name();
        reactor = (SelectReactor) Reactor.create(options.withName(name));
        this.transport = transport;
    }

    ReactorFixture(ReactorOptions options, System.Logger log, System.Logger stallLog) {
        name = "t" + COUNTER.incrementAndGet() + "-" + options.name();
        reactor = new SelectReactor(options.withName(name), log, stallLog);
        transport = Transports.TCP;
    }

    ReactorFixture(ReactorOptions options, System.Logger stallLog) {
        name = "t" + COUNTER.incrementAndGet() + "-" + options.name();
        reactor = new SelectReactor(options.withName(name), SelectReactor.DEFAULT_LOG, stallLog);
        transport = Transports.TCP;
    }

    ReactorFixture start() {
        thread = reactor.start(name + "-loop");
        return this;
    }

    Thread thread() {
        return thread;
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

    /** Listens over this fixture's transport (TCP on loopback, or a UNIX socket in a temporary directory). */
    ListeningPort serve(Factory factory) {
        return serve(factory, 50);
    }

    ListeningPort serve(Factory factory, int backlog) {
        if (socketDir == null) {
            socketDir = Transports.socketDirectory();
        }
        return transport.listen(reactor, factory, backlog, socketDir);
    }

    /** Connects over this fixture's transport to a port {@link #serve} returned. */
    Connector connect(ListeningPort port, ClientFactory factory) {
        return transport.connect(reactor, port, factory);
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
        assertNoThreadsLeft(name);
        assertThat(openDescriptors()).as("open sockets and selectors after the reactor stopped")
                .isLessThanOrEqualTo(descriptorsBefore);
        assertThat(reactor.threadPool().activeCount()).as("pool threads running").isZero();
        assertThat(reactor.openCount()).as("open ports and connections").isZero();
        java.nio.file.Path dir = socketDir;
        if (dir != null) {
            try (var left = java.nio.file.Files.list(dir)) {
                assertThat(left.toList()).as("socket files left after the reactor stopped").isEmpty();
            }
            java.nio.file.Files.delete(dir);
        }
    }

    /** Sockets, selectors (epoll) and wake-up descriptors this process has open (jar files and the like do not count). */
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

    static void assertNoThreadsLeft(String prefix) {
        List<String> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                left.add(t.getName());
            }
        }
        assertThat(left).as("threads of reactor " + prefix + " still alive").isEmpty();
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
        private final java.util.Map<Integer, CompletableFuture<P>> nth = new java.util.HashMap<>();
        private final Supplier<P> supplier;
        final CompletableFuture<Throwable> failed = new CompletableFuture<>();
        final CompletableFuture<Throwable> clientLost = new CompletableFuture<>();
        int starts;
        int stops;

        Prepared(Supplier<P> supplier) {
            this.supplier = supplier;
        }

        @Override
        public Protocol buildProtocol(Address address) {
            P p = supplier.get();
            built.add(p);
            firstBuilt.complete(p);
            nth(built.size() - 1).complete(p);
            return p;
        }

        /** Completes with the {@code i}-th protocol built (from 0). Any thread. */
        synchronized CompletableFuture<P> nth(int i) {
            return nth.computeIfAbsent(i, k -> new CompletableFuture<>());
        }

        @Override
        protected void startFactory() {
            starts++;
        }

        @Override
        protected void stopFactory() {
            stops++;
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
