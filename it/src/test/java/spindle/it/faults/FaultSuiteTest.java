package spindle.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.protocols.policies.TimeoutFactory;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.Trust;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectFailedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.HalfCloseableProtocol;
import net.reactor.HalfCloseableTransport;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.Transport;
import net.threadpool.Blocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20 §3: faults a network does to a server, each over every transport it applies to. Each
 * case checks what the user (the protocol or the client) sees, and that a well-behaved client on
 * the same reactor was served throughout with every byte intact. Its latencies are written to
 * {@code target/fault-suite-results.txt} for docs/fault-suite.md; no timing is asserted.
 */
class FaultSuiteTest {
    static final long WAIT = 60;
    static final Path RESULTS = Path.of("target", "fault-suite-results.txt");

    Reactor reactor;
    Thread loop;
    Path dir;

    @BeforeEach
    void start() throws IOException {
        reactor = Reactor.create(ReactorOptions.defaults().withShutdownTimeout(Duration.ofSeconds(1)));
        loop = reactor.start("it-faults-reactor");
        dir = FaultTransport.tempDir();
    }

    @AfterEach
    void stop() throws Exception {
        reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        loop.join(TimeUnit.SECONDS.toMillis(WAIT));
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    <T> T call(Supplier<T> action) {
        return reactor.blockingCallFromThread(() -> Deferred.succeed(action.get()));
    }

    /** An echo server and a well-behaved client of it on {@code transport}, the witness of each fault. */
    WellBehavedClient witness(FaultTransport transport) throws IOException {
        FaultTransport.Where echo = call(() -> transport.listen(reactor, Factory.forProtocol(Echo::new), dir));
        return new WellBehavedClient(echo);
    }

    /** Stops the witness, asserts it was served without loss, and records its figures. */
    static void served(WellBehavedClient witness, String fault, FaultTransport transport, String outcome)
            throws Exception {
        WellBehavedClient.Served served = witness.stop();
        assertThat(served.failure()).as("well-behaved client during " + fault).isNull();
        assertThat(served.roundTrips()).as("round trips served during " + fault).isPositive();
        assertThat(served.bytes()).isEqualTo(64L * served.roundTrips());
        String line = "| " + fault + " | " + transport + " | " + outcome + " | " + served.roundTrips() + " | "
                + served.maxMicros() / 1000.0 + " ms | " + served.p99Micros() / 1000.0 + " ms |\n";
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    static class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** A server protocol that reports its transport and how its connection ended. */
    static class Watched extends Protocol {
        final CompletableFuture<Transport> made = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            made.complete(transport());
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.complete(reason);
        }
    }

    // ---- peer reset mid-write ----

    @ParameterizedTest
    @EnumSource(FaultTransport.class)
    void aPeerResetWhileTheServerStreamsEndsOnlyThatConnection(FaultTransport transport) throws Exception {
        try (WellBehavedClient witness = witness(transport)) {
            Watched streamer = new Watched() {
                @Override
                public void dataReceived(byte[] data) {
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 128; i++) { // 8 MiB, far more than the socket buffers hold
                        transport().write(chunk);
                    }
                }
            };
            FaultTransport.Where where = call(() -> transport.listen(reactor, Factory.forProtocol(() -> streamer), dir));
            try (FaultTransport.BlockingPeer peer = where.connect()) {
                peer.out().write('g');
                peer.out().flush();
                peer.in().readNBytes(64 * 1024);
                peer.reset();
            }
            Throwable reason = streamer.lost.get(WAIT, TimeUnit.SECONDS);
            // The server's protocol hears of an unclean end, not a clean close.
            assertThat(reason).isInstanceOf(ConnectionLostException.class);
            served(witness, "peer reset mid-write", transport, "server protocol: " + reason.getClass().getSimpleName()
                    + " (" + reason.getMessage() + ")");
        }
    }

    // ---- a peer that never reads ----

    @ParameterizedTest
    @EnumSource(FaultTransport.class)
    void aPeerThatNeverReadsIsBoundedThenTimedOut(FaultTransport transport) throws Exception {
        try (WellBehavedClient witness = witness(transport)) {
            Watched echo = new Watched() {
                @Override
                public void dataReceived(byte[] data) {
                    transport().write(data);
                }
            };
            FaultTransport.Where where = call(() -> transport.listen(reactor,
                    new TimeoutFactory(Factory.forProtocol(() -> echo), reactor, Duration.ofSeconds(2)), dir));
            try (FaultTransport.BlockingPeer peer = where.connect()) {
                AtomicLong sent = new AtomicLong();
                Thread writer = Thread.ofPlatform().daemon().start(() -> {
                    byte[] block = new byte[16 * 1024];
                    try {
                        while (sent.get() < 512L * 1024 * 1024) {
                            peer.out().write(block);
                            sent.addAndGet(block.length);
                        }
                    } catch (IOException expected) {
                        // the server closed the connection: what we are waiting for
                    }
                });
                Transport server = echo.made.get(WAIT, TimeUnit.SECONDS);
                long maxBuffered = 0;
                long start = System.nanoTime();
                // The idle timer fires after 2 s without data (reading is paused, so nothing arrives) and asks
                // for a graceful close; the transport is then closing.
                while (!call(server::isClosing) && !echo.lost.isDone()) {
                    maxBuffered = Math.max(maxBuffered, call(server::bufferedBytes));
                    Thread.sleep(50);
                }
                long firedMillis = (System.nanoTime() - start) / 1_000_000;
                // A graceful close waits for the buffer to drain, which this peer never allows: one period
                // later the wrapper aborts the connection (no help from the application).
                Throwable reason = echo.lost.get(WAIT, TimeUnit.SECONDS);
                long closedMillis = (System.nanoTime() - start) / 1_000_000;
                writer.join(TimeUnit.SECONDS.toMillis(WAIT));
                // Reading stopped above the high-water mark, so the server never buffered the client's flood.
                assertThat(maxBuffered).isLessThan(4L * 1024 * 1024);
                assertThat(sent.get()).isLessThan(512L * 1024 * 1024);
                assertThat(closedMillis).as("closed by the abort one period after the idle close").isGreaterThan(firedMillis);
                served(witness, "peer never reads (TimeoutFactory 2 s)", transport,
                        "idle timer fired after " + firedMillis + " ms, graceful close stuck behind the unread buffer,"
                                + " aborted by the wrapper after " + closedMillis + " ms (" + reason.getClass().getSimpleName()
                                + "); client pushed " + sent.get() / 1024 + " KiB; server buffered at most "
                                + maxBuffered / 1024 + " KiB");
            }
        }
    }

    // ---- half-close both ways ----

    static class HalfCloser extends Watched implements HalfCloseableProtocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<String> afterWriteClosed = new CompletableFuture<>();
        boolean writeClosed;

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            String text = received.toString(StandardCharsets.US_ASCII);
            if (!writeClosed && text.endsWith("close your side\n")) {
                writeClosed = true;
                received.reset();
                transport().write("bye\n".getBytes(StandardCharsets.US_ASCII));
                ((HalfCloseableTransport) transport()).loseWriteConnection();
            } else if (writeClosed && text.endsWith("still here\n")) {
                afterWriteClosed.complete(text);
                transport().loseConnection();
            } else if (!writeClosed) {
                transport().write(data);
            }
        }

        @Override
        public void readConnectionLost() {
            transport().write("END\n".getBytes(StandardCharsets.US_ASCII));
            transport().loseConnection();
        }

        @Override
        public void writeConnectionLost() {}
    }

    @ParameterizedTest
    @EnumSource(value = FaultTransport.class, names = {"TCP", "UNIX"})
    void halfCloseWorksBothWays(FaultTransport transport) throws Exception {
        // TLS has no half-close: close_notify ends both directions (TLSConnectionLifecycleTest covers it).
        try (WellBehavedClient witness = witness(transport)) {
            List<HalfCloser> made = new ArrayList<>();
            FaultTransport.Where where = call(() -> transport.listen(reactor, Factory.forProtocol(() -> {
                HalfCloser p = new HalfCloser();
                synchronized (made) {
                    made.add(p);
                }
                return p;
            }), dir));
            // The client half-closes: the server still answers, then closes.
            try (FaultTransport.BlockingPeer peer = where.connect()) {
                peer.out().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                peer.out().flush();
                peer.shutdownOutput();
                assertThat(new String(peer.in().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\nEND\n");
            }
            // The server half-closes: the client reads EOF and can still send.
            try (FaultTransport.BlockingPeer peer = where.connect()) {
                peer.out().write("close your side\n".getBytes(StandardCharsets.US_ASCII));
                peer.out().flush();
                assertThat(new String(peer.in().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
                peer.out().write("still here\n".getBytes(StandardCharsets.US_ASCII));
                peer.out().flush();
                HalfCloser second;
                synchronized (made) {
                    second = made.get(1);
                }
                assertThat(second.afterWriteClosed.get(WAIT, TimeUnit.SECONDS)).isEqualTo("still here\n");
            }
            served(witness, "half-close both ways", transport, "client FIN: answer then EOF; server FIN: client"
                    + " reads EOF and its later bytes still arrive");
        }
    }

    // ---- connect to a closed port ----

    @ParameterizedTest
    @EnumSource(FaultTransport.class)
    void connectingToNothingFailsTheConnectWithTheReason(FaultTransport transport) throws Exception {
        try (WellBehavedClient witness = witness(transport)) {
            int closedPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            Path nothing = dir.resolve("nobody.sock");
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            ClientFactory factory = new ClientFactory() {
                @Override
                public Protocol buildProtocol(Address address) {
                    return new Protocol() {};
                }

                @Override
                public void clientConnectionFailed(Connector connector, Throwable reason) {
                    failed.complete(reason);
                }
            };
            call(() -> switch (transport) {
                case TCP -> reactor.connectTCP("127.0.0.1", closedPort, factory);
                case TLS -> TLS.connectSSL(reactor, "127.0.0.1", closedPort, factory,
                        TLSClientOptions.trusting(Trust.certificates(FaultTransport.SERVER.certificate())));
                case UNIX -> reactor.connectUNIX(nothing, factory);
            });
            Throwable reason = failed.get(WAIT, TimeUnit.SECONDS);
            if (transport == FaultTransport.UNIX) {
                assertThat(reason).isInstanceOf(ConnectFailedException.class);
            } else {
                assertThat(reason).isInstanceOf(ConnectionRefusedException.class);
            }
            served(witness, "connect to a closed port / missing socket", transport,
                    "clientConnectionFailed: " + reason.getClass().getSimpleName());
        }
    }

    // ---- listen backlog overflow ----

    @Test
    void aFullListenBacklogLeavesTheServerServing() throws Exception {
        FaultTransport transport = FaultTransport.TCP;
        try (WellBehavedClient witness = witness(transport)) {
            ListeningPort port = call(() -> reactor.listenTCP(0, Factory.forProtocol(Echo::new), 1, "127.0.0.1"));
            int number = ((IPv4Address) port.getHost()).port();
            // Hold the loop so nothing is accepted while 200 connects arrive at a backlog of 1: the kernel
            // drops SYNs it has no room for (the clients retry) - the overflow a slow server suffers.
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            reactor.callFromThread(() -> {
                holding.countDown();
                try {
                    release.await(WAIT, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            holding.await(WAIT, TimeUnit.SECONDS);
            List<java.nio.channels.SocketChannel> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(new java.net.InetSocketAddress("127.0.0.1", number));
                    flood.add(c);
                }
                Thread.sleep(300);
                release.countDown();
                // Afterwards a new client is served at once.
                try (java.net.Socket fresh = new java.net.Socket("127.0.0.1", number)) {
                    fresh.setSoTimeout(60_000);
                    fresh.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(fresh.getInputStream().readNBytes(6), StandardCharsets.US_ASCII))
                            .isEqualTo("after\n");
                }
            } finally {
                release.countDown();
                for (var c : flood) {
                    c.close();
                }
            }
            served(witness, "listen backlog overflow (backlog 1, 200 connects, loop held 300 ms)", transport,
                    "a new client is echoed afterwards; the witness's max latency includes the 300 ms hold");
        }
    }

    // ---- callbacks that throw ----

    @ParameterizedTest
    @EnumSource(FaultTransport.class)
    void throwingCallbacksAreContainedAndTheLoopGoesOn(FaultTransport transport) throws Exception {
        try (WellBehavedClient witness = witness(transport)) {
            CompletableFuture<String> after = new CompletableFuture<>();
            reactor.callFromThread(() -> {
                reactor.callLater(Duration.ZERO, () -> {
                    throw new IllegalStateException("a DelayedCall that throws");
                });
                reactor.callLater(Duration.ZERO, () -> {
                    throw new ExceptionInInitializerError("a DelayedCall that throws an Error");
                });
                reactor.callLater(Duration.ofMillis(10), () -> after.complete("later call ran"));
            });
            assertThat(after.get(WAIT, TimeUnit.SECONDS)).isEqualTo("later call ran");

            Watched thrower = new Watched() {
                @Override
                public void dataReceived(byte[] data) {
                    throw new IllegalStateException("a protocol callback that throws");
                }
            };
            FaultTransport.Where where = call(() -> transport.listen(reactor, Factory.forProtocol(() -> thrower), dir));
            try (FaultTransport.BlockingPeer peer = where.connect()) {
                peer.out().write("boom\n".getBytes(StandardCharsets.US_ASCII));
                peer.out().flush();
                Throwable reason = thrower.lost.get(WAIT, TimeUnit.SECONDS);
                // As in Twisted, the connection whose protocol threw is dropped with the exception as reason.
                assertThat(reason).hasStackTraceContaining("a protocol callback that throws");
                InputStream in = peer.in();
                int eof;
                try {
                    eof = in.read();
                } catch (IOException reset) {
                    eof = -1;
                }
                assertThat(eof).isEqualTo(-1);
                served(witness, "DelayedCall (RuntimeException, Error) and dataReceived throw", transport,
                        "loop goes on; the throwing connection is dropped (" + reason.getClass().getSimpleName() + ")");
            }
        }
    }

    // ---- a virtual-thread task that ignores interruption at shutdown ----

    @Test
    void aTaskIgnoringInterruptionDoesNotHoldTheReactorForever() throws Exception {
        Reactor own = Reactor.create(ReactorOptions.defaults().withShutdownTimeout(Duration.ofSeconds(1)));
        Thread ownLoop = own.start("it-faults-stubborn");
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        AtomicLong interrupts = new AtomicLong();
        AtomicLong taskThread = new AtomicLong();
        Thread[] task = new Thread[1];
        own.callFromThread(() -> Blocking.spawn(own, () -> {
            task[0] = Thread.currentThread();
            running.countDown();
            while (!release.get()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ignored) {
                    interrupts.incrementAndGet(); // the stubborn part: swallow it and carry on
                }
            }
            return null;
        }));
        assertThat(running.await(WAIT, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        own.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        ownLoop.join(TimeUnit.SECONDS.toMillis(WAIT));
        long stopMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(ownLoop.isAlive()).isFalse();
        assertThat(task[0].isAlive()).as("the stubborn task outlives the reactor").isTrue();
        release.set(true); // end it so the test leaks no thread
        task[0].join(TimeUnit.SECONDS.toMillis(WAIT));
        assertThat(task[0].isAlive()).isFalse();
        String line = "| virtual-thread task ignoring interruption | - | reactor stopped in " + stopMillis
                + " ms (shutdownTimeout 1 s); task interrupted " + interrupts.get()
                + " time(s) and still running after stop | - | - | - |\n";
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    // ---- 1,000 TLS handshakes in a row ----

    @Test
    void aThousandTlsHandshakesLeakNothing() throws Exception {
        int handshakes = Integer.getInteger("spindle.faults.handshakes", 1000);
        FaultTransport transport = FaultTransport.TLS;
        try (WellBehavedClient witness = witness(transport)) {
            FaultTransport.Where where = call(() -> transport.listen(reactor, Factory.forProtocol(Echo::new), dir));
            // Warm up once so lazily created threads and descriptors (JSSE, the loop's selectors) count as baseline.
            roundTrip(where);
            // Only the witness's connection stays open; wait until the server has closed the warm-up one.
            long openBefore = 1;
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            while (reactor.counters().connectionsOpen() > openBefore && System.nanoTime() < settle) {
                Thread.sleep(20);
            }
            long fdsBefore = descriptors();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long start = System.nanoTime();
            for (int i = 0; i < handshakes; i++) {
                roundTrip(where);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            while (reactor.counters().connectionsOpen() > openBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long openAfter = reactor.counters().connectionsOpen();
            long fdsAfter = descriptors();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(openAfter).isEqualTo(openBefore);
            assertThat(fdsAfter).as("open descriptors").isLessThanOrEqualTo(fdsBefore + 4);
            assertThat(threadsAfter).as("threads").isLessThanOrEqualTo(threadsBefore + 2);
            served(witness, handshakes + " TLS handshakes in a row", transport, "took " + millis + " ms; descriptors "
                    + fdsBefore + " -> " + fdsAfter + ", threads " + threadsBefore + " -> " + threadsAfter
                    + ", open connections " + openBefore + " -> " + openAfter);
        }
    }

    private static void roundTrip(FaultTransport.Where where) throws Exception {
        try (FaultTransport.BlockingPeer peer = where.connect()) {
            peer.out().write('x');
            peer.out().flush();
            assertThat(peer.in().read()).isEqualTo('x');
        }
    }

    private static long descriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
