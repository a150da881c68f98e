package net.protocols.tls;

import static net.protocols.tls.ReactorFixture.await;
import static net.protocols.tls.TLSLoopbackTest.CLIENT;
import static net.protocols.tls.TLSLoopbackTest.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSTransport;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.PushProducer;
import net.reactor.TCPTransport;
import org.junit.jupiter.api.Test;

/** How TcpConnection and the TLS layer installed by startTLS (or listenSSL/connectSSL) work together. */
class TLSOverTcpConnectionTest {

    /** Starts TLS as the server as soon as it is connected. */
    static class TLSServer extends ReactorFixture.Recorder {
        @Override
        public void connectionMade() {
            super.connectionMade();
            TLS.startTLS(transport(), SERVER);
        }
    }

    static final class Client extends ReactorFixture.Recorder implements TLSHandshakeListener {
        final CompletableFuture<TLSTransport> secured = new CompletableFuture<>();

        @Override
        public void handshakeCompleted(TLSTransport transport) {
            secured.complete(transport);
        }
    }

    static class CountingProducer implements PushProducer {
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public void pauseProducing() {}

        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {
            stops.incrementAndGet();
        }
    }

    private static Client connectedClient(ReactorFixture f) throws Exception {
        Client client = new Client();
        f.run(() -> {
            int port = f.listen(Factory.forProtocol(TLSServer::new));
            f.connect(port, ClientFactory.forProtocol(() -> client));
        });
        await(client.made);
        return client;
    }

    @Test
    void aProducerRegisteredBeforeStartTLSMovesToTheTLSLayer() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Client client = connectedClient(f);
            CountingProducer first = new CountingProducer();
            CountingProducer second = new CountingProducer();
            f.run(() -> {
                TCPTransport t = (TCPTransport) client.transport();
                t.registerProducer(first, true);
                TLS.startTLS(t, CLIENT.withServerName("localhost"));
                t.unregisterProducer(); // must release the producer registered before startTLS
                t.registerProducer(second, true);
            });
            await(client.secured);
            f.run(() -> client.transport().loseConnection());

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            f.run(() -> {
                assertThat(first.stops).as("the unregistered producer").hasValue(0);
                assertThat(second.stops).as("the registered producer").hasValue(1);
            });
        }
    }

    @Test
    void readingPausedBeforeStartTLSDoesNotStallTheHandshake() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Client client = connectedClient(f);
            f.run(() -> {
                TCPTransport t = (TCPTransport) client.transport();
                t.pauseProducing();
                TLS.startTLS(t, CLIENT.withServerName("localhost"));
            });

            TLSTransport secured = await(client.secured);
            assertThat(secured.isHandshakeComplete()).isTrue();
            f.run(() -> client.transport().loseConnection());
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @Test
    void isClosingFromAnotherThreadAfterStartTLSIsRefused() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Client client = connectedClient(f);
            f.run(() -> TLS.startTLS(client.transport(), CLIENT.withServerName("localhost")));
            await(client.secured);

            assertThatThrownBy(() -> client.transport().isClosing()).isInstanceOf(WrongThreadException.class);
            assertThatThrownBy(() -> ((TLSTransport) await(client.secured)).isClosing())
                    .isInstanceOf(WrongThreadException.class);
            f.run(() -> client.transport().loseConnection());
            await(client.lost);
        }
    }

    /** A producer whose stopProducing throws must not cost the protocol its connectionLost. */
    @Test
    void aThrowingStopProducingDoesNotSwallowConnectionLost() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ReactorFixture.Recorder client = new ReactorFixture.Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().registerProducer(new CountingProducer() {
                        @Override
                        public void stopProducing() {
                            super.stopProducing();
                            throw new IllegalStateException("stopProducing failed (test)");
                        }
                    }, true);
                    transport().loseConnection(); // an un-paused push producer does not hold the close
                }
            };
            ReactorFixture.Prepared<ReactorFixture.Recorder> factory = new ReactorFixture.Prepared<>(() -> client);
            f.run(() -> {
                int port = ((IPv4Address) TLS.listenSSL(f.reactor, 0, Factory.forProtocol(ReactorFixture.Echo::new), SERVER,
                        50, "127.0.0.1").getHost()).port();
                TLS.connectSSL(f.reactor, "127.0.0.1", port, factory, CLIENT);
            });

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(factory.clientLost)).isSameAs(await(client.lost));
            f.run(() -> assertThat(client.lostCount).isEqualTo(1));
        }
    }

    /** Writes 16 KiB chunks for as long as it is not paused; counts pauses and resumes. */
    static final class Flooding implements PushProducer {
        final TCPTransport transport;
        final CompletableFuture<Long> paused = new CompletableFuture<>();
        final CompletableFuture<Void> resumed = new CompletableFuture<>();
        boolean isPaused;
        long written;

        Flooding(TCPTransport transport) {
            this.transport = transport;
        }

        void flood() {
            while (!isPaused && written < (256L << 20)) {
                transport.write(new byte[16384]);
                written += 16384;
            }
        }

        @Override
        public void pauseProducing() {
            isPaused = true;
            paused.complete(transport.bufferedBytes());
        }

        @Override
        public void resumeProducing() {
            isPaused = false;
            if (paused.isDone()) {
                resumed.complete(null);
            }
        }

        @Override
        public void stopProducing() {}
    }

    @Test
    void ciphertextBackingUpInTheSocketBufferPausesTheProducerRegisteredAfterStartTLS() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            CompletableFuture<TCPTransport> serverTransport = new CompletableFuture<>();
            Client client = new Client();
            f.run(() -> {
                int port = f.listen(Factory.forProtocol(() -> new TLSServer() {
                    @Override
                    public void connectionMade() {
                        super.connectionMade();
                        transport().pauseProducing(); // a peer that does not read (once TLS is up)
                        serverTransport.complete((TCPTransport) transport());
                    }
                }));
                f.connect(port, ClientFactory.forProtocol(() -> client));
            });
            await(client.made);
            f.run(() -> TLS.startTLS(client.transport(), CLIENT.withServerName("localhost")));
            await(client.secured);
            Flooding producer = f.call(() -> {
                Flooding p = new Flooding((TCPTransport) client.transport());
                p.transport.registerProducer(p, true);
                p.flood();
                return p;
            });

            assertThat(await(producer.paused)).as("bytes buffered when paused").isGreaterThan(65_536);
            f.run(() -> {
                assertThat(producer.written).isLessThan(256L << 20);
                try {
                    serverTransport.get().resumeProducing();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            await(producer.resumed);
            f.run(() -> {
                producer.transport.unregisterProducer();
                producer.transport.loseConnection();
            });
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @Test
    void stoppingTheReactorTellsTheProtocolOverStartTLS() throws Exception {
        ReactorFixture f = new ReactorFixture().start();
        try (f) {
            Client client = connectedClient(f);
            f.run(() -> TLS.startTLS(client.transport(), CLIENT.withServerName("localhost")));
            await(client.secured);
            f.reactor.stop().toCompletableFuture().get(ReactorFixture.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(await(client.lost)).isInstanceOf(net.reactor.ConnectionLostException.class);
            assertThat(client.lostCount).isEqualTo(1);
        }
    }

    @Test
    void abortDuringTheStartTLSHandshakeReportsTheAbortOnceAndDropsLaterWrites() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Client client = connectedClient(f);
            f.run(() -> {
                TCPTransport t = (TCPTransport) client.transport();
                TLSTransport tls = TLS.startTLS(t, CLIENT.withServerName("localhost"));
                t.write(new byte[100]); // queued until the handshake completes
                t.abortConnection();
                t.abortConnection();
                t.write(new byte[100]);
                assertThat(tls.isHandshakeComplete()).isFalse();
                assertThat(t.isClosing()).isTrue();
                assertThat(client.lost).as("connectionLost is never re-entrant").isNotDone();
            });

            assertThat(await(client.lost)).isInstanceOf(net.reactor.ConnectionAbortedException.class);
            f.run(() -> assertThat(client.lostCount).isEqualTo(1));
            assertThat(client.secured).isNotDone();
        }
    }

    /** Reads clear text until {@code target} bytes have come, then starts TLS as the server on the rest. */
    static final class SwitchingServer extends ReactorFixture.Recorder {
        long target = -1;
        boolean switched;

        @Override
        public void dataReceived(byte[] data) {
            int before = received.size();
            super.dataReceived(data);
            if (switched || target < 0 || received.size() < target) {
                return;
            }
            switched = true;
            var tls = (net.protocols.internal.tls.TLSConnection) TLS.startTLS(transport(), SERVER);
            int clear = (int) (target - before);
            if (clear < data.length) {
                tls.dataReceived(java.util.Arrays.copyOfRange(data, clear, data.length)); // the ClientHello came along
            }
        }
    }

    @Test
    void aProducerPausedByTheSocketBufferBeforeStartTLSIsResumedWhenItDrains() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            SwitchingServer server = new SwitchingServer();
            Client client = new Client();
            f.run(() -> {
                int port = f.listen(Factory.forProtocol(() -> server));
                f.connect(port, ClientFactory.forProtocol(() -> client));
            });
            await(server.made);
            await(client.made);
            f.run(() -> server.transport().pauseProducing());
            Flooding producer = f.call(() -> {
                Flooding p = new Flooding((TCPTransport) client.transport());
                p.transport.registerProducer(p, true);
                p.flood();
                return p;
            });
            await(producer.paused);
            f.run(() -> {
                TLS.startTLS(producer.transport, CLIENT.withServerName("localhost"));
                server.target = producer.written;
                server.transport().resumeProducing();
            });

            await(producer.resumed); // the clear text drained below, then the handshake's records
            await(client.secured);
            f.run(() -> {
                producer.transport.unregisterProducer();
                producer.transport.loseConnection();
            });
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            f.run(() -> assertThat(server.switched).as("the server switched after all the clear text").isTrue());
        }
    }
}
