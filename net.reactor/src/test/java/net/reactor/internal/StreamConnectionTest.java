package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.SocketType;
import net.reactor.TCPTransport;
import net.reactor.internal.ReactorFixture.Echo;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stream connections over real sockets: most tests run over every {@link Transports} (TCP on
 * loopback and UNIX domain sockets); the TCP-only ones (addresses, socket options, IPv6, port in
 * use, RST from a plain socket) stay {@code @Test}s, and {@code UnixSocketTest} has UNIX's own.
 */
class StreamConnectionTest {

    /** Writes a message on connect, collects the echo, closes once it has it all. */
    static final class PingClient extends Recorder {
        final byte[] message;

        PingClient(byte[] message) {
            this.message = message;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().write(message);
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            if (received.size() >= message.length) {
                transport().loseConnection();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void echoRoundTrip(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Echo> server = new Prepared<>(Echo::new);
            ListeningPort port = f.serve(server);
            byte[] hello = "hello, reactor".getBytes(StandardCharsets.US_ASCII);
            Prepared<PingClient> client = new Prepared<>(() -> new PingClient(hello));
            f.connect(port, client);
            f.start();
            PingClient c = await(client.clientLost.thenApply(x -> client.built.get(0)));
            assertThat(c.bytes()).isEqualTo(hello);
            assertThat(await(c.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(c.lostCount).isEqualTo(1);
            Echo s = f.call(() -> server.built.get(0));
            assertThat(await(s.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(s.bytes()).isEqualTo(hello);
            assertThat(client.starts).isEqualTo(1);
            assertThat(f.call(() -> client.stops)).isEqualTo(1);
        }
    }

    @Test
    void addressesAndDefaultSocketOptions() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(await(client.firstBuilt).made);
            TCPTransport t = (TCPTransport) c.transport();
            Address peer = f.call(t::getPeer);
            Address host = f.call(t::getHost);
            assertThat(peer).isEqualTo(new IPv4Address(SocketType.TCP, "127.0.0.1", port));
            assertThat(host).isInstanceOf(IPv4Address.class);
            assertThat(f.call(t::getTcpNoDelay)).isTrue();
            assertThat(f.call(t::getTcpKeepAlive)).isFalse();
            f.run(() -> t.setTcpKeepAlive(true));
            assertThat(f.call(t::getTcpKeepAlive)).isTrue();
        }
    }

    @Test
    void listensOnIPv6Loopback() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            ListeningPort p = f.reactor.listenTCP(0, Factory.forProtocol(Echo::new), 50, "::1");
            assertThat(p.getHost()).isInstanceOf(IPv6Address.class);
            IPv6Address a = (IPv6Address) p.getHost();
            assertThat(a.host()).isEqualTo("::1");
            byte[] msg = "six".getBytes(StandardCharsets.US_ASCII);
            Prepared<PingClient> client = new Prepared<>(() -> new PingClient(msg));
            f.reactor.connectTCP("::1", a.port(), client);
            f.start();
            await(client.clientLost);
            assertThat(f.call(() -> client.built.get(0)).bytes()).isEqualTo(msg);
        }
    }

    @Test
    void portInUseIsCannotListen() throws Exception {
        try (ReactorFixture f = new ReactorFixture(); ServerSocket taken = new ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> f.reactor.listenTCP(taken.getLocalPort(), Factory.forProtocol(Echo::new), 50,
                    "127.0.0.1"))
                    .isInstanceOf(CannotListenException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThatThrownBy(() -> f.reactor.listenTCP(0, Factory.forProtocol(Echo::new), 50, "localhost"))
                    .isInstanceOf(CannotListenException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void thousandConcurrentConnections(Transports transport) throws Exception {
        int n = 1000;
        try (ReactorFixture f = new ReactorFixture(transport)) {
            // A backlog that holds every client: otherwise the kernel drops SYNs and the clients
            // wait for retransmissions.
            ListeningPort port = f.serve(Factory.forProtocol(Echo::new), n);
            List<Prepared<PingClient>> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] msg = ("client " + i).getBytes(StandardCharsets.US_ASCII);
                Prepared<PingClient> c = new Prepared<>(() -> new PingClient(msg));
                clients.add(c);
                f.connect(port, c);
            }
            f.start();
            for (int i = 0; i < n; i++) {
                Prepared<PingClient> c = clients.get(i);
                assertThat(await(c.clientLost)).isInstanceOf(ConnectionDoneException.class);
                assertThat(f.call(() -> c.built.get(0)).bytes())
                        .isEqualTo(("client " + i).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Sends {@code total} pseudo-random bytes through one connection and compares SHA-256 digests. */
    @ParameterizedTest
    @EnumSource(Transports.class)
    void sixtyFourMebibytesThroughOneConnection(Transports transport) throws Exception {
        int total = 64 * 1024 * 1024;
        int chunk = 256 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        CompletableFuture<byte[]> receivedDigest = new CompletableFuture<>();
        class Sink extends Protocol {
            final MessageDigest md;
            long count;

            Sink() {
                try {
                    md = MessageDigest.getInstance("SHA-256");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void dataReceived(byte[] data) {
                md.update(data);
                count += data.length;
            }

            @Override
            public void connectionLost(Throwable reason) {
                receivedDigest.complete(count == total && reason instanceof ConnectionDoneException ? md.digest()
                        : new byte[0]);
            }
        }
        Random random = new Random(42);
        class Source extends Protocol implements net.reactor.PullProducer {
            long remaining = total;

            @Override
            public void connectionMade() {
                transport().registerProducer(this, false);
            }

            @Override
            public void resumeProducing() {
                if (remaining == 0) {
                    transport().unregisterProducer();
                    transport().loseConnection();
                    return;
                }
                byte[] b = new byte[(int) Math.min(chunk, remaining)];
                random.nextBytes(b);
                sent.update(b);
                remaining -= b.length;
                transport().write(b);
            }

            @Override
            public void stopProducing() {}
        }
        try (ReactorFixture f = new ReactorFixture(transport)) {
            ListeningPort port = f.serve(Factory.forProtocol(Sink::new));
            f.connect(port, net.reactor.ClientFactory.forProtocol(Source::new));
            f.start();
            byte[] got = await(receivedDigest);
            assertThat(got).as("receiver's digest (empty if byte count or close reason was wrong)")
                    .isEqualTo(sent.digest());
        }
    }

    @Test
    void peerResetIsConnectionLost() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            f.start();
            Socket s = new Socket("127.0.0.1", port);
            Recorder r = await(await(server.firstBuilt).made);
            s.setSoLinger(true, 0);
            s.close();
            assertThat(await(r.lost)).isInstanceOf(ConnectionLostException.class)
                    .isNotInstanceOf(ConnectionAbortedException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void abortConnectionReportsAbortedLocallyAndLostToThePeer(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(await(client.firstBuilt).made);
            Recorder s = await(await(server.firstBuilt).made);
            f.run(() -> {
                c.transport().write(new byte[100]);
                c.transport().abortConnection();
                c.transport().abortConnection(); // second call is a no-op
                assertThat(c.lostCount).as("connectionLost is never re-entrant").isZero();
                c.transport().write(new byte[1]); // dropped
            });
            assertThat(await(c.lost)).isInstanceOf(ConnectionAbortedException.class);
            assertThat(await(s.lost)).isInstanceOf(transport.abortSeenByPeer())
                    .isNotInstanceOf(ConnectionAbortedException.class);
            assertThat(f.call(() -> c.lostCount)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void loseConnectionWithReasonReachesConnectionLostAfterFlushing(Transports transport) throws Exception {
        IllegalArgumentException reason = new IllegalArgumentException("line too long");
        byte[] goodbye = "bye".getBytes(StandardCharsets.US_ASCII);
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().write(goodbye);
                    transport().loseConnection(reason);
                    transport().write(goodbye); // after loseConnection: still sent, as in Twisted
                }
            });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder s = await(server.firstBuilt);
            assertThat(await(s.lost)).isSameAs(reason);
            Recorder c = await(client.firstBuilt);
            assertThat(await(c.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(c.bytes()).isEqualTo("byebye".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void buildProtocolReturningNullClosesTheConnectionCleanly(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            ListeningPort port = f.serve(new Factory() {
                @Override
                public Protocol buildProtocol(Address address) {
                    return null;
                }
            });
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            assertThat(await(await(client.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void exceptionInDataReceivedClosesOnlyThatConnection(Transports transport) throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(() -> new Echo() {
                @Override
                public void dataReceived(byte[] data) {
                    if (data[0] == 'X') {
                        throw boom;
                    }
                    super.dataReceived(data);
                }
            });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> bad = new Prepared<>(() -> new PingClient(new byte[] {'X'}));
            Prepared<Recorder> good = new Prepared<>(Recorder::new);
            f.connect(port, bad);
            f.connect(port, good);
            f.start();
            Recorder g = await(await(good.firstBuilt).made);
            assertThat(await(await(bad.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
            // The server protocol that threw got the exception itself as the reason.
            List<Throwable> reasons = new ArrayList<>();
            for (Recorder r : f.call(() -> List.copyOf(server.built))) {
                if (r.lost.isDone()) {
                    reasons.add(r.lost.get());
                }
            }
            assertThat(reasons).containsExactly(boom);
            // The other connection still works.
            CompletableFuture<byte[]> echo = f.call(() -> {
                g.transport().write("ok".getBytes(StandardCharsets.US_ASCII));
                return g.receivedAtLeast(2);
            });
            assertThat(await(echo)).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
            assertThat(f.reactor.isRunning()).isTrue();
        }
    }

    /** Errors and undeclared checked exceptions (rethrown Failures) are contained like runtime ones. */
    @ParameterizedTest
    @EnumSource(Transports.class)
    void errorsAndUndeclaredCheckedExceptionsCloseOnlyTheirConnection(Transports transport) throws Exception {
        AssertionError error = new AssertionError("an Error from user code");
        java.io.IOException checked = new java.io.IOException("undeclared checked exception");
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(() -> new Echo() {
                @Override
                public void dataReceived(byte[] data) {
                    if (data[0] == 'A') {
                        throw error;
                    }
                    if (data[0] == 'C') {
                        throw new net.deferred.Failure(checked).raiseException();
                    }
                    super.dataReceived(data);
                }
            });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> a = new Prepared<>(() -> new PingClient(new byte[] {'A'}));
            Prepared<Recorder> c = new Prepared<>(() -> new PingClient(new byte[] {'C'}));
            f.connect(port, a);
            f.connect(port, c);
            f.start();
            await(await(a.firstBuilt).lost);
            await(await(c.firstBuilt).lost);
            List<Throwable> reasons = new ArrayList<>();
            for (Recorder r : f.call(() -> List.copyOf(server.built))) {
                reasons.add(await(r.lost));
            }
            assertThat(reasons).containsExactlyInAnyOrder(error, checked);
            byte[] ok = "still serving".getBytes(StandardCharsets.US_ASCII);
            Prepared<PingClient> after = new Prepared<>(() -> new PingClient(ok));
            f.run(() -> f.connect(port, after));
            await(after.clientLost);
            assertThat(await(after.firstBuilt).bytes()).isEqualTo(ok);
        }
    }
}
