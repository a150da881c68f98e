package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectTimeoutException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Connector;
import net.reactor.DNSLookupException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.SocketType;
import net.reactor.UserCancelledConnectException;
import net.reactor.internal.ReactorFixture.Echo;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;

/** Outgoing connections: failures, timeouts, and the connector's life cycle. */
class TcpConnectorTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void connectionRefused() throws Exception {
        int port = freePort();
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Throwable reason = await(client.failed);
            assertThat(reason).isInstanceOf(ConnectionRefusedException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
            assertThat(f.call(() -> client.starts + "/" + client.stops + "/" + client.built.size())).isEqualTo("1/1/0");
        }
    }

    /**
     * A listener with backlog 1 that never accepts: once its accept queue is full (two
     * connections on Linux), the kernel drops further SYNs, so a connect neither succeeds nor is
     * refused and the reactor's timeout must fire.
     */
    @Test
    void connectTimeoutAgainstAFullBacklog() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(at, 200);
                    } catch (SocketTimeoutException queueFull) {
                        break; // the kernel now drops SYNs to this port
                    }
                }
                try (ReactorFixture f = new ReactorFixture()) {
                    Prepared<Recorder> client = new Prepared<>(Recorder::new);
                    f.reactor.connectTCP("127.0.0.1", full.getLocalPort(), client, Duration.ofMillis(300), null);
                    f.start();
                    assertThat(await(client.failed)).isInstanceOf(ConnectTimeoutException.class)
                            .hasMessageContaining("timed out");
                    assertThat(f.call(() -> client.built)).isEmpty();
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void unknownHostIsDNSLookupException() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            Connector c = f.reactor.connectTCP("no-such-host.invalid", 80, client);
            assertThat(c.getDestination()).isEqualTo(new IPv4Address(SocketType.TCP, "no-such-host.invalid", 80));
            f.start();
            assertThat(await(client.failed)).isInstanceOf(DNSLookupException.class)
                    .hasMessageContaining("no-such-host.invalid");
        }
    }

    @Test
    void hostNamesAreResolvedOffTheReactorThread() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            int port = f.listen(Factory.forProtocol(Echo::new));
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            Connector c = f.reactor.connectTCP("localhost", port, client);
            f.start();
            Recorder r = await(await(client.firstBuilt).made);
            Address peer = f.call(() -> r.transport().getPeer());
            assertThat(f.call(c::getDestination)).isEqualTo(peer);
        }
    }

    @Test
    void stopConnectingReportsUserCancelled() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            Connector c = f.connect(freePort(), client);
            c.stopConnecting(); // before the attempt even began
            f.start();
            assertThat(await(client.failed)).isInstanceOf(UserCancelledConnectException.class);
            assertThat(f.call(() -> client.stops)).isEqualTo(1);
        }
    }

    @Test
    void reconnectingFromClientConnectionLostKeepsTheFactoryStarted() throws Exception {
        List<String> events = new ArrayList<>();
        CompletableFuture<Void> secondLost = new CompletableFuture<>();
        try (ReactorFixture f = new ReactorFixture()) {
            int port = f.listen(Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    transport().loseConnection();
                }
            }));
            ClientFactory factory = new ClientFactory() {
                int connections;

                @Override
                public Protocol buildProtocol(Address address) {
                    return new Protocol() {
                        @Override
                        public void connectionLost(Throwable reason) {
                            events.add("protocol lost " + reason.getClass().getSimpleName());
                        }
                    };
                }

                @Override
                protected void startFactory() {
                    events.add("start");
                }

                @Override
                protected void stopFactory() {
                    events.add("stop");
                    secondLost.complete(null);
                }

                @Override
                public void clientConnectionLost(Connector connector, Throwable reason) {
                    events.add("client lost");
                    if (++connections == 1) {
                        connector.connect();
                    }
                }
            };
            f.connect(port, factory);
            f.start();
            await(secondLost);
            assertThat(f.call(() -> List.copyOf(events))).containsExactly("start",
                    "protocol lost " + ConnectionDoneException.class.getSimpleName(), "client lost",
                    "protocol lost " + ConnectionDoneException.class.getSimpleName(), "client lost", "stop");
        }
    }

    @Test
    void bindAddressChoosesTheLocalAddress() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.reactor.connectTCP("127.0.0.1", port, client, Duration.ofSeconds(30),
                    new InetSocketAddress("127.0.0.2", 0));
            f.start();
            Recorder s = await(await(server.firstBuilt).made);
            Recorder c = await(await(client.firstBuilt).made);
            assertThat(((IPv4Address) f.call(() -> s.transport().getPeer())).host()).isEqualTo("127.0.0.2");
            assertThat(f.call(() -> c.transport().getHost())).isEqualTo(f.call(() -> s.transport().getPeer()));
        }
    }

    @Test
    void disconnectClosesAnEstablishedConnectionCleanly() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            int port = f.listen(Factory.forProtocol(Echo::new));
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            Connector c = f.connect(port, client);
            f.start();
            Recorder r = await(await(client.firstBuilt).made);
            f.run(c::disconnect);
            assertThat(await(r.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(client.clientLost)).isSameAs(await(r.lost));
            assertThat(f.call(() -> client.stops)).isEqualTo(1);
        }
    }
}
