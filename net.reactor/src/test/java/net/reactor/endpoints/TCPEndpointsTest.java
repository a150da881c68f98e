package net.reactor.endpoints;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.ConnectFailedException;
import net.reactor.ConnectTimeoutException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Factory;
import net.reactor.HalfCloseableProtocol;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.SocketType;
import net.reactor.testing.MemoryConnector;
import net.reactor.testing.MemoryListeningPort;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class TCPEndpointsTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final List<String> log = new ArrayList<>();

    static <T> Outcome<T> outcome(Deferred<T> d) {
        List<Outcome<T>> seen = new ArrayList<>();
        d.addBoth(o -> {
            seen.add(o);
            return null;
        });
        assertThat(seen).as("fired").hasSize(1);
        return seen.getFirst();
    }

    static Throwable failure(Deferred<?> d) {
        Outcome<?> o = outcome(d);
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    /** Logs its events and what transport it saw. */
    class Recording extends Protocol {
        @Override
        public void connectionMade() {
            log.add("connectionMade");
        }

        @Override
        public void dataReceived(byte[] data) {
            log.add("data " + new String(data, UTF_8));
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            log.add("connectionLost " + reason.getClass().getSimpleName());
        }
    }

    final class HalfCloseable extends Recording implements HalfCloseableProtocol {
        @Override
        public void readConnectionLost() {
            log.add("readConnectionLost");
        }

        @Override
        public void writeConnectionLost() {
            log.add("writeConnectionLost");
        }
    }

    /** A factory that logs start/stop and builds Recording protocols. */
    final class LoggingFactory extends Factory {
        final List<Protocol> built = new ArrayList<>();
        boolean halfCloseable;

        @Override
        protected void startFactory() {
            log.add("startFactory");
        }

        @Override
        protected void stopFactory() {
            log.add("stopFactory");
        }

        @Override
        public Protocol buildProtocol(Address address) {
            log.add("buildProtocol " + address);
            Protocol p = halfCloseable ? new HalfCloseable() : new Recording();
            built.add(p);
            return p;
        }
    }

    private MemoryConnector connector() {
        return reactor.tcpClients().getFirst().connector();
    }

    @Test
    void serverEndpointListensAndFiresWithThePort() {
        LoggingFactory factory = new LoggingFactory();
        Deferred<ListeningPort> listening = new TCPServerEndpoint(reactor, 8080, 10, "127.0.0.1").listen(factory);
        ListeningPort port = outcome(listening).valueOrThrow();
        assertThat(port.getHost()).isEqualTo(new IPv4Address(SocketType.TCP, "127.0.0.1", 8080));
        assertThat(reactor.tcpServers()).singleElement().satisfies(s -> {
            assertThat(s.backlog()).isEqualTo(10);
            assertThat(s.factory()).isSameAs(factory);
        });
        StringTransport accepted = ((MemoryListeningPort) port).accept();
        assertThat(accepted).isNotNull();
        assertThat(log).containsExactly("startFactory", "buildProtocol 192.168.1.1:54321", "connectionMade");
    }

    @Test
    void serverEndpointFailsWhenItCannotListen() {
        MemoryReactor busy = new MemoryReactor() {
            @Override
            public ListeningPort listenTCP(int port, Factory factory, int backlog, String interfaceAddress) {
                throw new CannotListenException("port " + port + " is in use");
            }
        };
        Throwable why = failure(new TCPServerEndpoint(busy, 80).listen(new LoggingFactory()));
        assertThat(why).isInstanceOf(CannotListenException.class).hasMessageContaining("in use");
    }

    @Test
    void clientEndpointWithATypedFactoryFiresWithTheProtocolsOwnType() {
        Deferred<Recording> connecting = new TCPClientEndpoint(reactor, "example.org", 80)
                .connect(Factory.of(Recording::new));
        Deferred<String> seen = connecting.addCallback(recording -> recording.getClass().getSimpleName());
        connector().completeConnection();
        assertThat(outcome(seen).valueOrThrow()).isEqualTo("Recording");
        assertThat(log).containsExactly("connectionMade");
    }

    @Test
    void clientEndpointFiresWithTheProtocolAfterConnectionMade() {
        LoggingFactory factory = new LoggingFactory();
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "example.org", 80, Duration.ofSeconds(5), null)
                .connect(factory);
        assertThat(connecting.called()).isFalse();
        assertThat(reactor.tcpClients()).singleElement().satisfies(c -> {
            assertThat(c.host()).isEqualTo("example.org");
            assertThat(c.port()).isEqualTo(80);
            assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(log).containsExactly("startFactory");

        StringTransport transport = connector().completeConnection();
        Deferred<Protocol> fired = connecting.addCallback(p -> {
            log.add("fired");
            return p;
        });
        Protocol protocol = outcome(fired).valueOrThrow();
        assertThat(protocol).isSameAs(factory.built.getFirst());
        assertThat(protocol.transport()).isSameAs(transport);
        assertThat(log).containsExactly("startFactory", "buildProtocol example.org:80", "connectionMade", "fired");

        // Events reach the user's protocol through the endpoint's wrapper.
        transport.protocol().dataReceived("hi".getBytes(UTF_8));
        transport.deliverConnectionLost();
        assertThat(log).endsWith("data hi", "connectionLost ConnectionDoneException", "stopFactory");
    }

    @Test
    void aHalfCloseableProtocolStaysHalfCloseableBehindTheWrapper() {
        LoggingFactory factory = new LoggingFactory();
        factory.halfCloseable = true;
        new TCPClientEndpoint(reactor, "h", 1).connect(factory);
        StringTransport transport = connector().completeConnection();
        assertThat(transport.protocol()).isInstanceOf(HalfCloseableProtocol.class);
        ((HalfCloseableProtocol) transport.protocol()).readConnectionLost();
        ((HalfCloseableProtocol) transport.protocol()).writeConnectionLost();
        assertThat(log).endsWith("readConnectionLost", "writeConnectionLost");

        new TCPClientEndpoint(reactor, "h", 2).connect(new LoggingFactory());
        StringTransport plain = reactor.tcpClients().get(1).connector().completeConnection();
        assertThat(plain.protocol()).isNotInstanceOf(HalfCloseableProtocol.class);
    }

    @Test
    void aFailedAttemptFailsTheDeferredWithTheReason() {
        LoggingFactory factory = new LoggingFactory();
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "h", 1).connect(factory);
        ConnectionRefusedException refused = new ConnectionRefusedException("Connection refused");
        connector().failConnection(refused);
        assertThat(failure(connecting)).isSameAs(refused);
        assertThat(log).containsExactly("startFactory", "stopFactory");
    }

    @Test
    void aTimedOutAttemptFailsWithConnectTimeout() {
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "h", 1, Duration.ofSeconds(3), null)
                .connect(new LoggingFactory());
        reactor.advance(Duration.ofSeconds(3));
        assertThat(failure(connecting)).isInstanceOf(ConnectTimeoutException.class);
    }

    @Test
    void cancellingStopsTheAttemptAndFailsWithCancelled() {
        LoggingFactory factory = new LoggingFactory();
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "h", 1).connect(factory);
        connecting.cancel();
        assertThat(failure(connecting)).isInstanceOf(CancelledException.class);
        assertThat(connector().state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
        assertThat(log).containsExactly("startFactory", "stopFactory");
        assertThat(reactor.getDelayedCalls()).as("connect timeout cancelled").isEmpty();
    }

    @Test
    void aFactoryThatBuildsNothingFailsTheAttemptAndTheConnectionCloses() {
        Factory refusing = new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return null;
            }
        };
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "h", 1).connect(refusing);
        StringTransport transport = connector().completeConnection();
        assertThat(failure(connecting)).isInstanceOf(ConnectFailedException.class).hasMessageContaining("built no protocol");
        assertThat(transport.connectionLostDelivered()).isTrue();
        assertThat(refusing.numPorts()).isZero();
    }

    @Test
    void aFactoryThatThrowsFailsTheAttempt() {
        IllegalStateException boom = new IllegalStateException("boom");
        Factory throwing = new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                throw boom;
            }
        };
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "h", 1).connect(throwing);
        connector().completeConnection();
        assertThat(failure(connecting)).isSameAs(boom);
    }

    @Test
    void aConnectionMadeThatThrowsFailsTheAttempt() {
        IllegalStateException boom = new IllegalStateException("connectionMade failed");
        Factory factory = Factory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                throw boom;
            }
        });
        Deferred<Protocol> connecting = new TCPClientEndpoint(reactor, "h", 1).connect(factory);
        MemoryConnector connector = connector();
        try {
            connector.completeConnection();
        } catch (IllegalStateException expected) {
            // The reactor would log it and close the connection; the test plays that part.
            connector.transport().deliverConnectionLost(expected);
        }
        assertThat(failure(connecting)).isSameAs(boom);
    }

    @Test
    void connectProtocolConnectsTheGivenInstance() {
        Recording mine = new Recording();
        Deferred<Recording> connecting = Endpoints.connectProtocol(new TCPClientEndpoint(reactor, "h", 1), mine);
        StringTransport transport = connector().completeConnection();
        assertThat(outcome(connecting).valueOrThrow()).isSameAs(mine);
        assertThat(mine.transport()).isSameAs(transport);
    }

    @Test
    void clientEndpointFromAStringConnectsTheSameWay() {
        ClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tcp:host=\\:\\:1:port=8443:timeout=2");
        Deferred<Protocol> connecting = endpoint.connect(new LoggingFactory());
        assertThat(reactor.tcpClients().getFirst().host()).isEqualTo("::1");
        reactor.advance(Duration.ofSeconds(2));
        assertThat(failure(connecting)).isInstanceOf(ConnectTimeoutException.class);
    }
}
