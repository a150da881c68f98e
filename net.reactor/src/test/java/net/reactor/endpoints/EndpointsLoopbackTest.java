package net.reactor.endpoints;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.reactor.Address;
import net.reactor.ConnectionRefusedException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Endpoints and ClientService over real loopback sockets, on a real reactor. */
class EndpointsLoopbackTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long WAIT_SECONDS = 30;

    private final String name = "endpoints-loopback-" + COUNTER.incrementAndGet();
    private final RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName(name));
    private final Reactor reactor = running.reactor();

    @AfterEach
    void stopReactor() throws Exception {
        running.close();
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(name))
                .map(Thread::getName)
                .toList();
        assertThat(left).as("threads left behind").isEmpty();
    }

    /** Runs {@code action} on the reactor thread and waits (bounded) for its Deferred. */
    private <T> T await(ThrowingSupplier<? extends Deferred<T>> action) throws Exception {
        return running.await(action);
    }

    private void onReactor(Runnable action) throws Exception {
        running.run(action);
    }

    /** Echoes, and remembers every server-side protocol so the test can close them. */
    static final class EchoServer extends Factory {
        final List<Protocol> connections = new ArrayList<>();

        @Override
        public Protocol buildProtocol(Address address) {
            Protocol echo = new Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    transport().write(data);
                }
            };
            connections.add(echo);
            return echo;
        }
    }

    /** Collects what it receives; completes {@link #got} once {@code expected} bytes arrived. */
    static final class Collector extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<String> got = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        private final int expected;

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            if (received.size() >= expected) {
                got.complete(received.toString(UTF_8));
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.complete(reason);
        }
    }

    private String roundTrip(Collector client, String message) throws Exception {
        onReactor(() -> client.transport().write(message.getBytes(UTF_8)));
        return client.got.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void listenAndConnectThroughDescriptionStrings() throws Exception {
        EchoServer server = new EchoServer();
        ListeningPort port = await(() -> Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1").listen(server));
        int portNumber = ((IPv4Address) port.getHost()).port();
        assertThat(portNumber).isPositive();

        Collector client = new Collector(5);
        ClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tcp:host=127.0.0.1:port=" + portNumber + ":timeout=5");
        Collector connected = await(() -> Endpoints.connectProtocol(endpoint, client));
        assertThat(connected).isSameAs(client);
        assertThat(roundTrip(client, "hello")).isEqualTo("hello");

        onReactor(() -> client.transport().loseConnection());
        client.lost.get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(port::stopListening);
    }

    @Test
    void listenAndConnectOverIPv6() throws Exception {
        Assumptions.assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this machine");
        EchoServer server = new EchoServer();
        ListeningPort port = await(() -> Endpoints.serverFromString(reactor, "tcp6:0:interface=\\:\\:1").listen(server));
        assertThat(port.getHost()).isInstanceOf(IPv6Address.class);
        int portNumber = ((IPv6Address) port.getHost()).port();

        Collector client = new Collector(4);
        await(() -> Endpoints.connectProtocol(new TCPClientEndpoint(reactor, "::1", portNumber), client));
        assertThat(roundTrip(client, "six!")).isEqualTo("six!");
        onReactor(() -> client.transport().loseConnection());
        client.lost.get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(port::stopListening);
    }

    @Test
    void aRefusedConnectionFailsTheEndpointsDeferred() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ClientEndpoint endpoint = new TCPClientEndpoint(reactor, "127.0.0.1", closedPort);
        assertThatThrownBy(() -> await(() -> endpoint.connect(Factory.forProtocol(() -> new Collector(1)))))
                .isInstanceOf(ConnectionRefusedException.class);
    }

    @Test
    void aServerEndpointOnABusyPortFails() throws Exception {
        ListeningPort first = await(() -> new TCPServerEndpoint(reactor, 0, 50, "127.0.0.1").listen(new EchoServer()));
        int busy = ((IPv4Address) first.getHost()).port();
        assertThatThrownBy(() -> await(() -> new TCPServerEndpoint(reactor, busy, 50, "127.0.0.1").listen(new EchoServer())))
                .isInstanceOf(net.reactor.CannotListenException.class);
        await(first::stopListening);
    }

    @Test
    void clientServiceReconnectsAfterTheServerRestarts() throws Exception {
        EchoServer server = new EchoServer();
        ListeningPort firstPort = await(() -> new TCPServerEndpoint(reactor, 0, 50, "127.0.0.1").listen(server));
        int portNumber = ((IPv4Address) firstPort.getHost()).port();

        List<Collector> clients = new ArrayList<>();
        Factory.Of<Collector> clientFactory = Factory.of(() -> {
            Collector c = new Collector(4);
            clients.add(c);
            return c;
        });
        // Short delays so the test is quick; nothing here depends on how long they really take.
        BackoffPolicy fast = new BackoffPolicy(Duration.ofMillis(10), Duration.ofMillis(100), 1.5, Duration.ofMillis(10));
        ClientService<Collector> service = await(() -> {
            ClientService<Collector> s = new ClientService<>(new TCPClientEndpoint(reactor, "127.0.0.1", portNumber),
                    clientFactory, reactor, fast, new SplittableRandom(), null);
            s.startService();
            return Deferred.succeed(s);
        });

        Collector first = await(service::whenConnected);
        assertThat(roundTrip(first, "one!")).isEqualTo("one!");

        // The server goes away: it stops listening and drops its connections.
        await(firstPort::stopListening);
        onReactor(() -> server.connections.forEach(p -> p.transport().loseConnection()));
        first.lost.get(WAIT_SECONDS, TimeUnit.SECONDS);

        // While it is down the service keeps retrying: wait until one retry has been refused.
        assertThatThrownBy(() -> await(() -> service.whenConnected(1)))
                .isInstanceOf(ConnectionRefusedException.class);
        // Then the server comes back on the same port.
        ListeningPort secondPort = await(() -> new TCPServerEndpoint(reactor, portNumber, 50, "127.0.0.1").listen(server));
        Collector second = await(service::whenConnected);
        assertThat(second).isNotSameAs(first);
        assertThat(roundTrip(second, "two!")).isEqualTo("two!");

        await(service::stopService);
        assertThat(second.lost.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        await(secondPort::stopListening);
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getLocalPort() > 0;
        } catch (Exception unavailable) {
            return false;
        }
    }
}
