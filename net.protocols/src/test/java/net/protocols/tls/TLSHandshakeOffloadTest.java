package net.protocols.tls;

import static net.protocols.tls.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import net.protocols.internal.tls.HandshakeWorkers;
import net.protocols.internal.tls.TLSConnection;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.IPv4Address;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import org.junit.jupiter.api.Test;

/**
 * Handshake steps off the reactor thread: where they run, that the reactor serves its other
 * connections while one is blocked, that a connection which goes while its step is out hears
 * nothing more, and that a burst of handshakes all complete through the bounded workers.
 */
class TLSHandshakeOffloadTest {
    private static final TLSServerOptions SERVER = TLSLoopbackTest.SERVER;
    private static final TLSClientOptions CLIENT = TLSLoopbackTest.CLIENT;

    /** Runs steps on the shared workers, noting their threads, after an optional gate opens. */
    private static final class GatedWorkers implements Executor {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate;
        final CountDownLatch finished = new CountDownLatch(1);

        GatedWorkers(boolean open) {
            gate = new CountDownLatch(open ? 0 : 1);
        }

        @Override
        public void execute(Runnable step) {
            HandshakeWorkers.shared().execute(() -> {
                threads.add(Thread.currentThread());
                entered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    step.run();
                } finally {
                    finished.countDown();
                }
            });
        }
    }

    /** Writes a line when connected, records the answer. */
    static final class Hello extends ReactorFixture.Recorder {
        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().write("hello".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static int listenTLS(ReactorFixture f, Factory app, TLSServerOptions options, Executor workers) {
        return listenTLS(f, app, options, workers, new CompletableFuture<>());
    }

    /** Listens with the TLS factory, handing out the first server-side TLS layer it builds. */
    private static int listenTLS(ReactorFixture f, Factory app, TLSServerOptions options, Executor workers,
            CompletableFuture<TLSConnection> built) {
        TLSServerFactory tls = new TLSServerFactory(app, options, f.reactor, f.reactor::callFromThread, workers);
        return f.listen(new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                TLSConnection layer = (TLSConnection) java.util.Objects.requireNonNull(tls.buildProtocol(address));
                built.complete(layer);
                return layer;
            }
        });
    }

    @Test
    void theHandshakeStepsRunOffTheReactorThreadAndTheProtocolOnIt() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Thread reactorThread = f.call(Thread::currentThread);
            GatedWorkers workers = new GatedWorkers(true);
            CompletableFuture<Thread> serverMadeOn = new CompletableFuture<>();
            Factory app = Factory.forProtocol(() -> new ReactorFixture.Echo() {
                @Override
                public void connectionMade() {
                    serverMadeOn.complete(Thread.currentThread());
                    super.connectionMade();
                }
            });
            Hello client = new Hello();
            TLSLoopbackTest.Outcome outcome = new TLSLoopbackTest.Outcome(client);
            f.run(() -> {
                int port = listenTLS(f, app, SERVER, workers);
                TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, CLIENT);
            });

            assertThat(new String(await(f.call(() -> client.receivedAtLeast(5))), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
            assertThat(workers.threads).isNotEmpty().doesNotContain(reactorThread)
                    .allSatisfy(t -> assertThat(t.isVirtual()).isTrue());
            assertThat(await(serverMadeOn)).isSameAs(reactorThread);
            f.run(() -> client.transport().loseConnection());
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @Test
    void aPlainConnectionOnTheSameReactorIsServedWhileAHandshakeStepIsBlocked() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            GatedWorkers workers = new GatedWorkers(false);
            Hello tlsClient = new Hello();
            TLSLoopbackTest.Outcome outcome = new TLSLoopbackTest.Outcome(tlsClient);
            f.run(() -> {
                int port = listenTLS(f, Factory.forProtocol(ReactorFixture.Echo::new), SERVER, workers);
                TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, CLIENT);
            });
            assertThat(workers.entered.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            // The server's step (the client's hello) is held: a plain echo on the same reactor still answers.
            Hello plain = new Hello();
            ReactorFixture.Prepared<Hello> plainFactory = new ReactorFixture.Prepared<>(() -> plain);
            f.run(() -> f.connect(f.listen(Factory.forProtocol(ReactorFixture.Echo::new)), plainFactory));
            assertThat(new String(await(f.call(() -> plain.receivedAtLeast(5))), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
            assertThat(workers.gate.getCount()).isEqualTo(1);
            assertThat(f.call(() -> tlsClient.made.isDone())).isFalse();

            workers.gate.countDown();
            assertThat(new String(await(f.call(() -> tlsClient.receivedAtLeast(5))), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
            f.run(() -> {
                plain.transport().loseConnection();
                tlsClient.transport().loseConnection();
            });
            await(plain.lost);
            await(tlsClient.lost);
        }
    }

    @Test
    void aPeerThatGoesWhileAStepIsOutIsReportedLostOnceTheStepIsBack() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            GatedWorkers workers = new GatedWorkers(false);
            ReactorFixture.Recorder serverApp = new ReactorFixture.Recorder();
            Hello tlsClient = new Hello();
            TLSLoopbackTest.Outcome outcome = new TLSLoopbackTest.Outcome(tlsClient);
            CompletableFuture<TLSConnection> server = new CompletableFuture<>();
            Connector connector = f.call(() -> {
                int port = listenTLS(f, Factory.forProtocol(() -> serverApp), SERVER, workers, server);
                return TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, CLIENT);
            });
            assertThat(workers.entered.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            // The client gives up while the server's step is held. The server holds the loss back
            // (the peer's last records could be queued behind the step) until the step is back.
            f.run(connector::disconnect);
            assertThat(await(outcome.failed)).isNotNull();
            TLSConnection layer = await(server);
            for (int i = 0; i < 3; i++) {
                f.run(() -> {});
            }
            assertThat(f.call(layer::finalReason)).as("lost while the step is out").isNull();

            workers.gate.countDown();
            assertThat(workers.finished.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            f.run(() -> {}); // the step's return has run by the second turn
            f.run(() -> {});
            assertThat(f.call(layer::finalReason)).isInstanceOf(TLSException.class);
            assertThat(serverApp.made).isNotDone();
            assertThat(serverApp.lostCount).isZero();
            f.run(() -> assertThat(f.reactor.getDelayedCalls()).as("the handshake timer was cancelled").isEmpty());
        }
    }

    @Test
    void anUploadWhosePeerIsGoneBeforeTheLastStepReturnsIsDeliveredBeforeTheLoss() throws Exception {
        byte[] upload = new byte[100_000];
        for (int i = 0; i < upload.length; i++) {
            upload[i] = (byte) (i * 31 + 7);
        }
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        java.util.ArrayDeque<Runnable> steps = new java.util.ArrayDeque<>(); // the test thread is the worker
        List<String> serverEvents = new ArrayList<>();
        ReactorFixture.Recorder serverApp = new ReactorFixture.Recorder() {
            @Override
            public void connectionMade() {
                serverEvents.add("made");
                super.connectionMade();
            }

            @Override
            public void connectionLost(Throwable reason) {
                serverEvents.add("lost after " + received.size() + " bytes");
                super.connectionLost(reason);
            }
        };
        ReactorFixture.Recorder uploader = new ReactorFixture.Recorder() {
            @Override
            public void connectionMade() {
                super.connectionMade();
                transport().write(upload);
            }
        };
        TLSServerFactory server = new TLSServerFactory(Factory.forProtocol(() -> serverApp), SERVER, clock,
                pipe.reactorExecutor(), steps::add);
        TLSClientFactory client = new TLSClientFactory(ClientFactory.forProtocol(() -> uploader),
                CLIENT.withServerName("localhost"), "localhost", 443, clock, pipe.reactorExecutor()); // inline: a Clock
        pipe.connect(client.buildProtocol(pipe.server().getHost()), server.buildProtocol(pipe.client().getHost()));
        pipe.pump();
        assertThat(steps).as("the server's step for the client's hello").hasSize(1);
        steps.poll().run();
        pipe.pump();
        assertThat(uploader.made).isDone();
        assertThat(steps).as("the server's step for the client's Finished, the upload queued behind it").hasSize(1);

        pipe.dropConnection(); // the peer's socket closes while that step is out
        assertThat(serverEvents).isEmpty();

        steps.poll().run();
        pipe.pump();
        assertThat(serverEvents).containsExactly("made", "lost after " + upload.length + " bytes");
        assertThat(serverApp.bytes()).isEqualTo(upload);
    }

    @Test
    void theHandshakeTimeoutStillFiresWhileAStepIsHeld() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            GatedWorkers workers = new GatedWorkers(false);
            ReactorFixture.Recorder serverApp = new ReactorFixture.Recorder();
            Hello tlsClient = new Hello();
            TLSLoopbackTest.Outcome outcome = new TLSLoopbackTest.Outcome(tlsClient);
            f.run(() -> {
                int port = listenTLS(f, Factory.forProtocol(() -> serverApp),
                        SERVER.withHandshakeTimeout(Duration.ofMillis(200)), workers);
                TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, CLIENT);
            });
            assertThat(workers.entered.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            // The server aborts on its timeout although its step never came back: the client fails.
            assertThat(await(outcome.failed)).isNotNull();
            workers.gate.countDown();
            assertThat(workers.finished.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            f.run(() -> {});
            f.run(() -> {});
            assertThat(serverApp.made).isNotDone();
            assertThat(serverApp.lostCount).isZero();
        }
    }

    @Test
    void aCloseAskedForWhileTheFirstStepRunsClosesWhenItReturns() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ReactorFixture.Recorder serverApp = new ReactorFixture.Recorder();
            CompletableFuture<Boolean> stepWasOut = new CompletableFuture<>();
            List<String> handshakes = new CopyOnWriteArrayList<>();
            class Quitter extends ReactorFixture.Recorder implements TLSHandshakeListener {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    TLSTransport tls = TLS.startTLS(transport(), CLIENT);
                    // A client's first step (its hello and key shares) is now out.
                    stepWasOut.complete(!tls.isHandshakeComplete());
                    transport().loseConnection();
                }

                @Override
                public void handshakeCompleted(TLSTransport transport) {
                    handshakes.add("completed");
                }
            }
            Quitter client = new Quitter();
            ReactorFixture.Prepared<Quitter> factory = new ReactorFixture.Prepared<>(() -> client);
            f.run(() -> {
                int port = f.listen(new TLSServerFactory(Factory.forProtocol(() -> serverApp), SERVER, f.reactor,
                        f.reactor::callFromThread));
                f.connect(port, factory);
            });

            assertThat(await(stepWasOut)).isTrue();
            assertThat(await(client.lost)).isNotNull();
            assertThat(handshakes).isEmpty();
            f.run(() -> {});
            assertThat(serverApp.made).isNotDone();
            assertThat(client.lostCount).isEqualTo(1);
        }
    }

    @Test
    void aBurstOfHandshakesAllCompleteThroughTheBoundedWorkers() throws Exception {
        int clients = 40;
        try (ReactorFixture f = new ReactorFixture().start()) {
            List<Hello> hellos = new ArrayList<>();
            List<TLSLoopbackTest.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Hello h = new Hello();
                hellos.add(h);
                outcomes.add(new TLSLoopbackTest.Outcome(h));
            }
            f.run(() -> {
                int port = ((IPv4Address) TLS.listenSSL(f.reactor, 0, Factory.forProtocol(ReactorFixture.Echo::new),
                        SERVER, 100, "127.0.0.1").getHost()).port();
                for (TLSLoopbackTest.Outcome o : outcomes) {
                    TLS.connectSSL(f.reactor, "127.0.0.1", port, o, CLIENT);
                }
            });
            for (Hello h : hellos) {
                assertThat(new String(await(f.call(() -> h.receivedAtLeast(5))), StandardCharsets.US_ASCII))
                        .isEqualTo("hello");
            }
            assertThat(HandshakeWorkers.shared().running()).isLessThanOrEqualTo(HandshakeWorkers.shared().limit());
            f.run(() -> hellos.forEach(h -> h.transport().loseConnection()));
            for (Hello h : hellos) {
                assertThat(await(h.lost)).isInstanceOf(ConnectionDoneException.class);
            }
        }
    }

    @Test
    void theSharedWorkersServeReactorsUnlessTheOptionsOrATestClockSayInline() {
        {
            var reactor = new net.reactor.testing.MemoryReactor();
            assertThat(HandshakeWorkers.forConnection(SERVER, reactor)).isSameAs(HandshakeWorkers.shared());
            assertThat(HandshakeWorkers.forConnection(CLIENT, reactor)).isSameAs(HandshakeWorkers.shared());
            assertThat(HandshakeWorkers.forConnection(SERVER.withInlineHandshakes(true), reactor)).isNull();
            assertThat(HandshakeWorkers.forConnection(CLIENT.withInlineHandshakes(true), reactor)).isNull();
        }
        assertThat(HandshakeWorkers.forConnection(SERVER, new Clock())).isNull();
        assertThat(SERVER.inlineHandshakes()).isFalse();
        assertThat(SERVER.withInlineHandshakes(true).withCloseTimeout(Duration.ofSeconds(1)).inlineHandshakes()).isTrue();
    }

    @Test
    void theWorkersRunNoMoreThanTheirLimitAtOnce() throws Exception {
        HandshakeWorkers workers = new HandshakeWorkers(2, "offload-test");
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            workers.execute(() -> {
                started.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }
        assertThat(started.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(workers.running()).isEqualTo(2);
        assertThat(workers.waiting()).isEqualTo(3);
        gate.countDown();
        assertThat(done.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theWorkersRunTheStepsOfHandshakesUnderWayBeforeFirstSteps() throws Exception {
        HandshakeWorkers workers = new HandshakeWorkers(1, "offload-order-test");
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(4);
        List<String> order = new CopyOnWriteArrayList<>();
        workers.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add("running");
            done.countDown();
        });
        for (String name : List.of("new A", "new B")) {
            workers.execute(() -> {
                order.add(name);
                done.countDown();
            }, false);
        }
        workers.execute(() -> {
            order.add("under way C");
            done.countDown();
        }, true);
        assertThat(workers.waiting()).isEqualTo(3);
        gate.countDown();
        assertThat(done.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("running", "under way C", "new A", "new B");
    }
}
