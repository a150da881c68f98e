package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.reactor.ConnectionLostException;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorAlreadyRunningException;
import net.reactor.ReactorNotRestartableException;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import net.reactor.internal.ReactorFixture.Echo;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;

/** Running, stopping, system event triggers, thread confinement, the stall detector. */
class ReactorLifecycleTest {

    @Test
    void stopBeforeStartIsNotRunning() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            assertThatThrownBy(f.reactor::stop).isInstanceOf(ReactorNotRunningException.class);
            assertThat(f.reactor.isRunning()).isFalse();
        }
    }

    @Test
    void runTwiceAndRestartAreRefused() throws Exception {
        ReactorFixture f = new ReactorFixture().start();
        try (f) {
            assertThatThrownBy(f.reactor::run).isInstanceOf(ReactorAlreadyRunningException.class);
            assertThatThrownBy(() -> f.reactor.start("again")).isInstanceOf(ReactorAlreadyRunningException.class);
        }
        assertThatThrownBy(f.reactor::run).isInstanceOf(ReactorNotRestartableException.class);
        assertThat(f.reactor.isRunning()).isFalse();
        assertThatThrownBy(() -> f.reactor.listenTCP(0, Factory.forProtocol(Echo::new)))
                .isInstanceOf(ReactorNotRunningException.class);
    }

    @Test
    void runRefusesAVirtualThread() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    f.reactor.run();
                    refused.complete(null);
                } catch (RuntimeException e) {
                    refused.complete(e);
                }
            });
            assertThat(await(refused)).isInstanceOf(WrongThreadException.class).hasMessageContaining("platform thread");
            assertThat(f.reactor.isRunning()).isFalse();
        }
    }

    @Test
    void stopReturnsOneStageAndRunOnTheCallingThreadReturnsAfterIt() throws Exception {
        Reactor r = Reactor.create(ReactorOptions.defaults().withName("inline"));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        r.callWhenRunning(() -> {
            events.add("running " + r.isRunning() + " " + r.isReactorThread());
            CompletionStage<Void> a = r.stop();
            assertThat(r.stop()).isSameAs(a);
        });
        r.run(); // the test thread becomes the reactor thread until stop completes
        assertThat(events).containsExactly("running true true");
        assertThat(r.stop().toCompletableFuture()).isCompleted();
        assertThat(r.isRunning()).isFalse();
        assertThat(r.isReactorThread()).as("after run() returns the thread is ordinary again").isFalse();
        ReactorFixture.assertNoThreadsLeft("inline");
    }

    @Test
    void triggersRunInPhaseOrderAndRunningFollowsTwisted() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        ReactorFixture f = new ReactorFixture();
        Reactor r = f.reactor;
        for (SystemEvent e : SystemEvent.values()) {
            for (TriggerPhase p : new TriggerPhase[] {TriggerPhase.AFTER, TriggerPhase.DURING, TriggerPhase.BEFORE}) {
                for (int i = 1; i <= 2; i++) {
                    String label = p + " " + e + " " + i;
                    r.addSystemEventTrigger(p, e, () -> order.add(label + " running=" + r.isRunning()));
                }
            }
        }
        SystemEventTrigger removed = r.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP,
                () -> order.add("removed trigger ran"));
        r.removeSystemEventTrigger(removed);
        assertThatThrownBy(() -> r.removeSystemEventTrigger(removed)).isInstanceOf(IllegalArgumentException.class);
        r.callWhenRunning(() -> order.add("callWhenRunning"));
        f.start();
        f.close();
        assertThat(order).containsExactly(
                "BEFORE STARTUP 1 running=false", "BEFORE STARTUP 2 running=false",
                "DURING STARTUP 1 running=true", "DURING STARTUP 2 running=true",
                "AFTER STARTUP 1 running=true", "AFTER STARTUP 2 running=true",
                "callWhenRunning",
                "BEFORE SHUTDOWN 1 running=true", "BEFORE SHUTDOWN 2 running=true",
                "DURING SHUTDOWN 1 running=true", "DURING SHUTDOWN 2 running=true",
                "AFTER SHUTDOWN 1 running=true", "AFTER SHUTDOWN 2 running=true");
    }

    @Test
    void beforeShutdownDeferredDelaysTheStop() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch beforeRan = new CountDownLatch(1);
        Deferred<String> gate = new Deferred<>();
        try (ReactorFixture f = new ReactorFixture()) {
            f.reactor.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
                order.add("before");
                beforeRan.countDown();
                return gate;
            });
            f.reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> order.add("during"));
            f.start();
            CompletableFuture<Void> stopped = f.reactor.stop().toCompletableFuture();
            assertThat(beforeRan.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            // The before trigger ran and its Deferred is pending: nothing after it may have run.
            assertThat(f.call(() -> List.copyOf(order))).containsExactly("before");
            assertThat(stopped).isNotDone();
            f.reactor.callFromThread(() -> gate.callback("done"));
            await(stopped);
            assertThat(order).containsExactly("before", "during");
        }
    }

    @Test
    void beforeShutdownDeferredIsBoundedByTheShutdownTimeout() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults()
                .withShutdownTimeout(Duration.ofMillis(50)))) {
            f.reactor.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, Deferred::new);
            f.reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> order.add("after"));
            f.start();
            await(f.reactor.stop().toCompletableFuture());
            assertThat(order).containsExactly("after");
        }
    }

    @Test
    void exceptionsFromTriggersAndTimersAreLoggedNotFatal() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (ReactorFixture f = new ReactorFixture()) {
            f.reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.STARTUP, () -> {
                throw new IllegalStateException("trigger fails");
            });
            f.reactor.callLater(Duration.ZERO, () -> {
                throw new IllegalStateException("timer fails");
            });
            CompletableFuture<String> second = new CompletableFuture<>();
            f.reactor.callLater(Duration.ZERO, () -> second.complete("second timer"));
            f.reactor.callFromThread(() -> {
                throw new IllegalStateException("task fails");
            });
            f.start();
            assertThat(await(second)).isEqualTo("second timer");
            f.run(() -> order.add("still running"));
            assertThat(order).containsExactly("still running");
        }
    }

    @Test
    void stopClosesEveryPortAndConnection() throws Exception {
        int port;
        Prepared<Recorder> server = new Prepared<>(Echo::new);
        Prepared<Recorder> client = new Prepared<>(Recorder::new);
        ReactorFixture f = new ReactorFixture();
        try (f) {
            port = f.listen(server);
            for (int i = 0; i < 3; i++) {
                f.connect(port, client);
            }
            f.start();
            for (int i = 0; i < 3; i++) {
                Recorder c = await(await(client.nth(i)).made);
                // An echo proves that both ends of the connection are up.
                CompletableFuture<byte[]> echoed = f.call(() -> {
                    c.transport().write(new byte[] {7});
                    return c.receivedAtLeast(1);
                });
                await(echoed);
            }
        }
        List<Recorder> all = new ArrayList<>(server.built);
        all.addAll(client.built);
        assertThat(all).hasSize(6);
        for (Recorder r : all) {
            assertThat(r.lost).isCompleted();
            assertThat(r.lost.get()).isInstanceOf(ConnectionLostException.class);
            assertThat(r.lostCount).isEqualTo(1);
        }
        assertThat(server.stops).isEqualTo(1);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void stopListeningKeepsLiveConnections() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Echo::new);
            ListeningPort listening = f.reactor.listenTCP(0, server, 50, "127.0.0.1");
            int port = ((net.reactor.IPv4Address) listening.getHost()).port();
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(await(client.firstBuilt).made);
            await(await(server.firstBuilt).made);
            CompletableFuture<Void> stopped = f.call(() -> listening.stopListening().toCompletableFuture());
            await(stopped);
            assertThat(f.call(() -> server.stops)).isEqualTo(1);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            CompletableFuture<byte[]> echo = f.call(() -> {
                c.transport().write(new byte[] {1, 2, 3});
                return c.receivedAtLeast(3);
            });
            assertThat(await(echo)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void factoryStartAndStopAreCountedAcrossPorts() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> factory = new Prepared<>(Recorder::new);
            ListeningPort a = f.reactor.listenTCP(0, factory, 50, "127.0.0.1");
            ListeningPort b = f.reactor.listenTCP(0, factory, 50, "127.0.0.1");
            ListeningPort c = f.reactor.listenTCP(0, factory, 50, "127.0.0.1");
            f.start();
            f.run(() -> {
                a.stopListening();
                b.stopListening();
            });
            assertThat(f.call(() -> factory.starts + "/" + factory.stops)).isEqualTo("1/0");
            await(f.call(() -> c.stopListening().toCompletableFuture()));
            assertThat(f.call(() -> factory.starts + "/" + factory.stops)).isEqualTo("1/1");
        }
    }

    @Test
    void foreignThreadsAreRefusedWithWrongThreadException() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server); // allowed: the creating thread, before the reactor runs
            f.connect(port, new Prepared<>(Recorder::new));
            f.start();
            Recorder s = await(await(server.firstBuilt).made);
            assertThatThrownBy(() -> s.transport().write(new byte[] {1}))
                    .isInstanceOf(WrongThreadException.class)
                    .hasMessageContaining("Transport.write")
                    .hasMessageContaining("callFromThread");
            assertThatThrownBy(() -> f.reactor.listenTCP(0, Factory.forProtocol(Echo::new)))
                    .isInstanceOf(WrongThreadException.class);
            assertThatThrownBy(() -> f.reactor.callLater(Duration.ZERO, () -> {}))
                    .isInstanceOf(WrongThreadException.class);
        }
    }

    @Test
    void stallDetectorWatchesCallWhenRunning() throws Exception {
        CapturingLogger log = new CapturingLogger();
        CompletableFuture<Boolean> sawLog = new CompletableFuture<>();
        try (ReactorFixture f = new ReactorFixture(
                ReactorOptions.defaults().withStallThreshold(Duration.ofMillis(20)), log)) {
            // Runs as a start-up trigger, before the loop's first turn.
            f.reactor.callWhenRunning(() -> {
                try {
                    sawLog.complete(log.first.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    sawLog.completeExceptionally(e);
                }
            });
            f.start();
            assertThat(await(sawLog)).as("the stall inside callWhenRunning was reported").isTrue();
        }
        assertThat(log.records).anySatisfy(r -> {
            assertThat(r.level()).isEqualTo(System.Logger.Level.WARNING);
            assertThat(r.thrown().getStackTrace())
                    .anyMatch(e -> e.getMethodName().contains("stallDetectorWatchesCallWhenRunning"));
        });
    }

    @Test
    void stallDetectorLogsTheReactorStackOncePerStall() throws Exception {
        CapturingLogger log = new CapturingLogger();
        try (ReactorFixture f = new ReactorFixture(
                ReactorOptions.defaults().withStallThreshold(Duration.ofMillis(20)), log)) {
            f.start();
            CompletableFuture<Boolean> sawLog = new CompletableFuture<>();
            f.reactor.callFromThread(() -> {
                // Block the loop until the detector has reported this stall.
                try {
                    sawLog.complete(log.first.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    sawLog.completeExceptionally(e);
                }
            });
            assertThat(await(sawLog)).isTrue();
            f.run(() -> {});
        }
        // A loaded machine may show other (short) stalls too; the one this test caused is reported once.
        List<CapturingLogger.Logged> ours = log.records.stream().filter(x -> x.thrown() != null && java.util.Arrays
                .stream(x.thrown().getStackTrace())
                .anyMatch(e -> e.getMethodName().contains("stallDetectorLogsTheReactorStackOncePerStall"))).toList();
        assertThat(ours).hasSize(1);
        CapturingLogger.Logged r = ours.get(0);
        assertThat(r.level()).isEqualTo(System.Logger.Level.WARNING);
        assertThat(r.message()).contains("stall threshold 20 ms");
        assertThat(r.thrown()).isNotNull();
        assertThat(r.thrown().getStackTrace())
                .anyMatch(e -> e.getMethodName().contains("stallDetectorLogsTheReactorStackOncePerStall"));
    }
}
