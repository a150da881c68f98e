package net.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionLostException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.ReactorTCP;
import net.reactor.SocketType;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import net.threadpool.CheckedFailureException;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final List<String> log = new ArrayList<>();

    /** A client factory that logs every event, and reconnects once if asked. */
    final class LoggingClientFactory extends ClientFactory {
        boolean reconnectOnFailure;
        boolean buildNothing;
        final List<StringTransportTest.Recorder> built = new ArrayList<>();

        @Override
        protected void startFactory() {
            log.add("startFactory");
        }

        @Override
        protected void stopFactory() {
            log.add("stopFactory");
        }

        @Override
        public void startedConnecting(Connector connector) {
            log.add("startedConnecting");
        }

        @Override
        public Protocol buildProtocol(Address address) {
            log.add("buildProtocol " + address);
            if (buildNothing) {
                return null;
            }
            StringTransportTest.Recorder p = new StringTransportTest.Recorder() {
                @Override
                public void connectionLost(Throwable reason) {
                    super.connectionLost(reason);
                    log.add("protocol.connectionLost " + reason.getClass().getSimpleName());
                }
            };
            built.add(p);
            return p;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            log.add("clientConnectionFailed " + reason.getClass().getSimpleName());
            if (reconnectOnFailure) {
                reconnectOnFailure = false;
                connector.connect();
            }
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            log.add("clientConnectionLost " + reason.getClass().getSimpleName());
        }
    }

    @Test
    void listenTCPRecordsTheCallAndStartsTheFactory() {
        Factory factory = Factory.forProtocol(StringTransportTest.Recorder::new);
        ListeningPort port = reactor.listenTCP(8080, factory, 25, "127.0.0.1");
        assertThat(reactor.tcpServers()).singleElement().satisfies(server -> {
            assertThat(server.port()).isEqualTo(8080);
            assertThat(server.factory()).isSameAs(factory);
            assertThat(server.backlog()).isEqualTo(25);
            assertThat(server.interfaceAddress()).isEqualTo("127.0.0.1");
            assertThat(server.listeningPort()).isSameAs(port);
        });
        assertThat(port.getHost()).isEqualTo(new IPv4Address(SocketType.TCP, "127.0.0.1", 8080));
        assertThat(factory.numPorts()).isEqualTo(1);
        port.stopListening();
        port.stopListening();
        assertThat(factory.numPorts()).isZero();
    }

    @Test
    void listenAddressesFollowTheInterface() {
        Factory factory = Factory.forProtocol(StringTransportTest.Recorder::new);
        assertThat(reactor.listenTCP(80, factory).getHost()).isEqualTo(new IPv4Address(SocketType.TCP, "0.0.0.0", 80));
        assertThat(reactor.tcpServers().getFirst().backlog()).isEqualTo(ReactorTCP.DEFAULT_BACKLOG);
        assertThat(reactor.listenTCP(81, factory, 50, "::").getHost()).isEqualTo(new IPv6Address(SocketType.TCP, "::", 81));
        assertThatThrownBy(() -> reactor.listenTCP(70000, factory)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listenTCPOnOneInterfaceRecordsItWithTheDefaultBacklog() {
        Factory factory = Factory.forProtocol(StringTransportTest.Recorder::new);
        ListeningPort port = reactor.listenTCP(8080, factory, "127.0.0.1");
        assertThat(reactor.tcpServers()).singleElement().satisfies(server -> {
            assertThat(server.interfaceAddress()).isEqualTo("127.0.0.1");
            assertThat(server.backlog()).isEqualTo(ReactorTCP.DEFAULT_BACKLOG);
            assertThat(server.listeningPort()).isSameAs(port);
        });
        assertThat(port.getHost()).isEqualTo(new IPv4Address(SocketType.TCP, "127.0.0.1", 8080));
    }

    @Test
    void acceptPlaysAnIncomingConnection() {
        MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(
                9000, Factory.forProtocol(StringTransportTest.Recorder::new), 50, "127.0.0.1");
        IPv4Address peer = new IPv4Address(SocketType.TCP, "127.0.0.1", 40000);
        StringTransport transport = port.accept(peer);
        assertThat(transport).isNotNull();
        assertThat(transport.getPeer()).isEqualTo(peer);
        assertThat(transport.getHost()).isEqualTo(port.getHost());
        StringTransportTest.Recorder protocol = (StringTransportTest.Recorder) transport.protocol();
        assertThat(protocol.events).containsExactly("made");
        port.stopListening();
        assertThatThrownBy(port::accept).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptReturnsNullWhenTheFactoryRefuses() {
        Factory refusing = new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return null;
            }
        };
        MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(9000, refusing);
        assertThat(port.accept()).isNull();
    }

    @Test
    void connectTCPRecordsTheCallAndStartsAnAttempt() {
        LoggingClientFactory factory = new LoggingClientFactory();
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
        Connector connector = reactor.connectTCP("example.org", 80, factory, Duration.ofSeconds(5), bind);
        assertThat(reactor.tcpClients()).singleElement().satisfies(client -> {
            assertThat(client.host()).isEqualTo("example.org");
            assertThat(client.port()).isEqualTo(80);
            assertThat(client.factory()).isSameAs(factory);
            assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(client.bindAddress()).isEqualTo(bind);
            assertThat(client.connector()).isSameAs(connector);
        });
        assertThat(log).containsExactly("startFactory", "startedConnecting");
        assertThat(((MemoryConnector) connector).state()).isEqualTo(MemoryConnector.State.CONNECTING);
        assertThat(connector.getDestination()).isEqualTo(new IPv4Address(SocketType.TCP, "example.org", 80));
        assertThatThrownBy(connector::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("CONNECTING");
    }

    @Test
    void aCompletedConnectionEndsWithProtocolThenFactoryNotifications() {
        LoggingClientFactory factory = new LoggingClientFactory();
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("::1", 7000, factory);
        StringTransport transport = connector.completeConnection();
        assertThat(connector.state()).isEqualTo(MemoryConnector.State.CONNECTED);
        assertThat(connector.transport()).isSameAs(transport);
        assertThat(transport.getPeer()).isEqualTo(new IPv6Address(SocketType.TCP, "::1", 7000));
        assertThat(factory.built).singleElement().satisfies(p -> assertThat(p.events).containsExactly("made"));

        connector.disconnect();
        assertThat(transport.isDisconnecting()).isTrue();
        transport.deliverConnectionLost();
        assertThat(log).containsExactly(
                "startFactory",
                "startedConnecting",
                "buildProtocol [::1]:7000",
                "protocol.connectionLost ConnectionDoneException",
                "clientConnectionLost ConnectionDoneException",
                "stopFactory");
        assertThat(connector.state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
    }

    @Test
    void aFailedAttemptNotifiesTheFactoryAndStopsIt() {
        LoggingClientFactory factory = new LoggingClientFactory();
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("h", 1, factory);
        connector.failConnection(new ConnectionRefusedException("refused"));
        assertThat(log).containsExactly(
                "startFactory", "startedConnecting", "clientConnectionFailed ConnectionRefusedException", "stopFactory");
        assertThatThrownBy(() -> connector.failConnection(new ConnectionRefusedException("again")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(connector::completeConnection).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFactoryThatReconnectsFromItsNotificationStaysStarted() {
        LoggingClientFactory factory = new LoggingClientFactory();
        factory.reconnectOnFailure = true;
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("h", 1, factory);
        connector.failConnection(new ConnectionRefusedException("refused"));
        assertThat(log).containsExactly(
                "startFactory", "startedConnecting", "clientConnectionFailed ConnectionRefusedException", "startedConnecting");
        assertThat(connector.attempts()).isEqualTo(2);
        assertThat(factory.numPorts()).isEqualTo(1);
    }

    @Test
    void anAttemptTimesOutOnTheClock() {
        LoggingClientFactory factory = new LoggingClientFactory();
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("h", 1, factory, Duration.ofSeconds(5), null);
        reactor.advance(Duration.ofMillis(4999));
        assertThat(connector.state()).isEqualTo(MemoryConnector.State.CONNECTING);
        reactor.advance(Duration.ofMillis(1));
        assertThat(log).contains("clientConnectionFailed ConnectTimeoutException");
        assertThat(connector.state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
    }

    @Test
    void aCompletedConnectionCancelsItsTimeout() {
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("h", 1, new LoggingClientFactory());
        connector.completeConnection();
        assertThat(reactor.getDelayedCalls()).isEmpty();
        reactor.advance(ReactorTCP.DEFAULT_CONNECT_TIMEOUT);
        assertThat(log).doesNotContain("clientConnectionFailed ConnectTimeoutException");
    }

    @Test
    void stopConnectingFailsTheAttemptAsCancelled() {
        LoggingClientFactory factory = new LoggingClientFactory();
        Connector connector = reactor.connectTCP("h", 1, factory);
        connector.stopConnecting();
        connector.stopConnecting();
        assertThat(log).containsExactly(
                "startFactory", "startedConnecting", "clientConnectionFailed UserCancelledConnectException", "stopFactory");
    }

    @Test
    void aFactoryThatBuildsNoProtocolGetsAClosedConnection() {
        LoggingClientFactory factory = new LoggingClientFactory();
        factory.buildNothing = true;
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("h", 1, factory);
        StringTransport transport = connector.completeConnection();
        assertThat(transport.connectionLostDelivered()).isTrue();
        assertThat(log).endsWith("clientConnectionLost ConnectionDoneException", "stopFactory");
    }

    @Test
    void immediateDisconnectsDeliverConnectionLostOnLoseConnection() {
        reactor.setImmediateDisconnects(true);
        LoggingClientFactory factory = new LoggingClientFactory();
        MemoryConnector connector = (MemoryConnector) reactor.connectTCP("h", 1, factory);
        StringTransport transport = connector.completeConnection();
        assertThat(transport).isInstanceOf(StringTransportWithDisconnection.class);
        factory.built.getFirst().transport().loseConnection();
        assertThat(log).endsWith("clientConnectionLost ConnectionDoneException", "stopFactory");
    }

    @Test
    void timeIsTheClocks() {
        reactor.callLater(Duration.ofSeconds(1), () -> log.add("tick"));
        assertThat(reactor.getDelayedCalls()).hasSize(1);
        reactor.advance(Duration.ofSeconds(1));
        assertThat(log).containsExactly("tick");
        assertThat(reactor.nanoTime()).isEqualTo(reactor.clock().nanoTime()).isEqualTo(1_000_000_000L);
        reactor.pump(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(reactor.seconds()).isEqualTo(4.0);
    }

    @Test
    void callFromThreadQueuesUntilTheNextAdvance() throws Exception {
        Thread other = Thread.ofPlatform().start(() -> reactor.callFromThread(() -> log.add("from other thread")));
        other.join(10_000);
        reactor.callFromThread(() -> {
            log.add("second");
            reactor.callFromThread(() -> log.add("queued while draining"));
        });
        assertThat(log).isEmpty();
        assertThat(reactor.pendingThreadCalls()).isEqualTo(2);
        reactor.advance(Duration.ZERO);
        assertThat(log).containsExactly("from other thread", "second");
        assertThat(reactor.runThreadCalls()).isEqualTo(1);
        assertThat(log).containsExactly("from other thread", "second", "queued while draining");
    }

    @Test
    void threadWorkRunsSynchronously() {
        Deferred<Integer> ok = reactor.deferToThread(() -> 6 * 7);
        assertThat(ok.peek()).isNotNull().satisfies(o -> assertThat(o.valueOrThrow()).isEqualTo(42));
        Deferred<Integer> failed = reactor.deferToThread(() -> {
            throw new java.io.IOException("disk");
        });
        List<Throwable> errors = new ArrayList<>();
        failed.addErrback(f -> {
            errors.add(f.value());
            return 0;
        });
        assertThat(errors).singleElement().isInstanceOf(java.io.IOException.class);
        reactor.callInThread(() -> log.add("in thread"));
        assertThat(log).containsExactly("in thread");
        reactor.suggestThreadPoolSize(4);
        assertThat(reactor.threadPoolSize()).isEqualTo(4);
        assertThatThrownBy(() -> reactor.suggestThreadPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blockingCallFromThreadNeedsAFiredDeferred() {
        assertThat(reactor.blockingCallFromThread(() -> Deferred.succeed("done"))).isEqualTo("done");
        assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> Deferred.fail(new IllegalArgumentException("no"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no");
        assertThatThrownBy(() -> reactor.blockingCallFromThread(Deferred::new))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not fired");
    }

    @Test
    void blockingCallFromThreadWrapsCheckedFailuresAsTheRealReactorDoes() {
        java.io.IOException failed = new java.io.IOException("failed Deferred");
        assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> Deferred.fail(failed)))
                .isInstanceOf(CheckedFailureException.class)
                .hasCause(failed);
        java.io.IOException thrown = new java.io.IOException("thrown by the call");
        assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> {
            throw thrown;
        })).isInstanceOf(CheckedFailureException.class).hasCause(thrown);
        IllegalStateException unchecked = new IllegalStateException("as it is");
        assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> {
            throw unchecked;
        })).isSameAs(unchecked);
    }

    @Test
    void runFiresStartupTriggersInPhaseOrderThenWhenRunningTasks() {
        reactor.callWhenRunning(() -> log.add("whenRunning"));
        reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.STARTUP, () -> log.add("after"));
        reactor.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.STARTUP, () -> log.add("during running=" + reactor.isRunning()));
        reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.STARTUP, () -> log.add("before running=" + reactor.isRunning()));
        SystemEventTrigger removed = reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.STARTUP, () -> log.add("removed"));
        reactor.removeSystemEventTrigger(removed);
        assertThatThrownBy(() -> reactor.removeSystemEventTrigger(removed)).isInstanceOf(IllegalArgumentException.class);
        assertThat(reactor.triggers()).hasSize(4);

        reactor.run();
        assertThat(log).containsExactly("before running=false", "during running=true", "whenRunning", "after");
        assertThat(reactor.isRunning()).isTrue();
        assertThat(reactor.hasRun()).isTrue();
        reactor.callWhenRunning(() -> log.add("now"));
        assertThat(log).endsWith("now");
        assertThatThrownBy(reactor::run).isInstanceOf(net.reactor.ReactorAlreadyRunningException.class);
    }

    @Test
    void stopWaitsForABeforeShutdownDeferredThenClosesEverything() throws Exception {
        Factory factory = Factory.forProtocol(StringTransportTest.Recorder::new);
        MemoryListeningPort port = (MemoryListeningPort) reactor.listenTCP(1, factory);
        StringTransport accepted = port.accept();
        LoggingClientFactory clientFactory = new LoggingClientFactory();
        MemoryConnector connecting = (MemoryConnector) reactor.connectTCP("h", 2, clientFactory);
        Deferred<Void> flush = new Deferred<>();
        reactor.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            log.add("before shutdown");
            return flush;
        });
        reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> log.add("after shutdown"));
        reactor.run();

        CompletableFuture<Void> stopped = reactor.stop().toCompletableFuture();
        assertThat(reactor.stop()).isSameAs(stopped);
        assertThat(log).containsExactly("startFactory", "startedConnecting", "before shutdown");
        assertThat(stopped).isNotDone();
        assertThat(port.isListening()).isTrue();

        reactor.callLater(Duration.ofSeconds(1), () -> flush.callback(null));
        reactor.advance(Duration.ofSeconds(1));
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(port.isListening()).isFalse();
        assertThat(factory.numPorts()).isZero();
        StringTransportTest.Recorder protocol = (StringTransportTest.Recorder) accepted.protocol();
        assertThat(protocol.reasons).singleElement().isInstanceOf(ConnectionLostException.class);
        assertThat(connecting.state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
        assertThat(log).contains("clientConnectionFailed UserCancelledConnectException").endsWith("after shutdown");
        assertThat(reactor.isRunning()).isFalse();
        assertThat(reactor.hasStopped()).isTrue();
        assertThatThrownBy(reactor::run).isInstanceOf(net.reactor.ReactorNotRestartableException.class);
    }

    @Test
    void stoppingANeverRunReactorIsAnError() {
        assertThatThrownBy(reactor::stop).isInstanceOf(net.reactor.ReactorNotRunningException.class).hasMessageContaining("not running");
        assertThatThrownBy(() -> reactor.start("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void isReactorThreadOnlyOnTheCreatingThread() throws Exception {
        assertThat(reactor.isReactorThread()).isTrue();
        CompletableFuture<Boolean> elsewhere = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> elsewhere.complete(reactor.isReactorThread())).join(10_000);
        assertThat(elsewhere.get(10, TimeUnit.SECONDS)).isFalse();
    }

}
