package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ReactorCounters;
import net.reactor.SocketType;
import net.reactor.TurnTimeHistogram;
import net.reactor.UDPTransport;
import net.reactor.testing.MemoryReactor;
import org.junit.jupiter.api.Test;

/** ReactorMetrics.counters(): what a real reactor counts, read from another thread. */
class ReactorCountersTest {

    @Test
    void countsConnectionsBytesAndTurnsAndReadsThemFromAnotherThread() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            ReactorCounters before = f.reactor.counters(); // before the reactor runs: zeros
            assertThat(before.connectionsOpen()).isZero();
            assertThat(before.turnTimes().total()).isZero();
            f.start();
            List<ReactorFixture.Echo> served = new ArrayList<>();
            int port = f.call(() -> f.listen(Factory.forProtocol(() -> {
                ReactorFixture.Echo e = new ReactorFixture.Echo();
                served.add(e);
                return e;
            })));
            ReactorFixture.Prepared<ReactorFixture.Recorder> client = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            f.run(() -> f.connect(port, client));
            ReactorFixture.Recorder c = ReactorFixture.await(client.firstBuilt);
            ReactorFixture.await(c.made);
            CompletableFuture<byte[]> echoed = f.call(() -> {
                c.transport().write("hello".getBytes(StandardCharsets.US_ASCII));
                return c.receivedAtLeast(5);
            });
            ReactorFixture.await(echoed);

            // Read on the test thread while the reactor runs: one accepted, one connected, both open.
            ReactorCounters open = f.reactor.counters();
            assertThat(open.connectionsAccepted()).isEqualTo(1);
            assertThat(open.connectionsConnected()).isEqualTo(1);
            assertThat(open.connectionsOpen()).isEqualTo(2);
            assertThat(open.connectionsClosed()).isZero();
            assertThat(open.bytesRead()).isEqualTo(10); // 5 by the server, 5 by the client
            assertThat(open.bytesWritten()).isEqualTo(10);

            f.run(() -> c.transport().loseConnection());
            ReactorFixture.await(c.lost);
            ReactorFixture.await(f.call(() -> served.getFirst().lost));
            ReactorCounters closed = f.reactor.counters();
            assertThat(closed.connectionsClosed()).isEqualTo(2);
            assertThat(closed.connectionsOpen()).isZero();
            assertThat(closed.turnTimes().total()).isPositive();
            assertThat(closed.turnTimes().total()).isGreaterThanOrEqualTo(open.turnTimes().total());
        }
    }

    @Test
    void countsDatagramsAndTheirBytesBothWaysApartFromStreams() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            UdpPortTest.EchoDatagrams server = new UdpPortTest.EchoDatagrams();
            UdpPortTest.Recorder client = new UdpPortTest.Recorder();
            UdpPortTest.Recorder small = new UdpPortTest.Recorder();
            UDPTransport serverPort = f.call(() -> f.reactor.listenUDP(0, server, "127.0.0.1"));
            UDPTransport clientPort = f.call(() -> f.reactor.listenUDP(0, client, "127.0.0.1"));
            UDPTransport smallPort = f.call(() -> f.reactor.listenUDP(0, small, "127.0.0.1", 4));
            Address to = serverPort.getHost();
            f.run(() -> {
                assertThat(clientPort.write(ascii("hello"), to)).isTrue();
                assertThat(clientPort.write(new byte[0], to)).isTrue(); // an empty datagram is a datagram
                assertThat(clientPort.write(ascii("abc"), to)).isTrue();
            });
            assertThat(List.of(client.next(), client.next(), client.next()))
                    .containsExactlyInAnyOrder("data:hello", "data:", "data:abc");
            f.run(() -> clientPort.write(ascii("too long"), smallPort.getHost()));
            assertThat(small.next()).isEqualTo("truncated:4");

            // Read on the test thread while the reactor runs.
            ReactorCounters c = f.reactor.counters();
            assertThat(c.datagramsSent()).isEqualTo(7); // 3 + 1 by the client, 3 echoed
            assertThat(c.datagramBytesSent()).isEqualTo(8 + 8 + 8);
            assertThat(c.datagramsReceived()).isEqualTo(7); // the truncated one counts
            assertThat(c.datagramBytesReceived()).isEqualTo(8 + 8 + 4); // of the truncated one, its head
            assertThat(c.datagramsDropped()).isZero();
            assertThat(c.bytesRead()).as("streams are counted apart").isZero();
            assertThat(c.bytesWritten()).isZero();
            assertThat(c.connectionsOpen()).isZero();
        }
    }

    @Test
    void countsDatagramsDroppedOnWriteAsEveryPortsDroppedWrites() throws Exception {
        int deadPort;
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            deadPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (ReactorFixture f = new ReactorFixture().start()) {
            UdpPortTest.Recorder client = new UdpPortTest.Recorder();
            UDPTransport port = f.call(() -> f.reactor.listenUDP(0, client, "127.0.0.1"));
            f.reactor.blockingCallFromThread(() -> port.connect("127.0.0.1", deadPort));
            // Nobody listens: the system refuses the first datagram, and a write after that
            // refusal is not sent. All in one task, so the loop cannot read the refusal first.
            long[] sentAndDropped = f.call(() -> {
                long sent = 0;
                long dropped = 0;
                for (int i = 0; i < 10_000 && dropped == 0; i++) {
                    if (port.write(ascii("anyone?"))) {
                        sent++;
                    } else {
                        dropped++;
                    }
                }
                return new long[] {sent, dropped};
            });
            assertThat(sentAndDropped[1]).as("a write after the refusal is dropped").isEqualTo(1);
            ReactorCounters c = f.reactor.counters();
            assertThat(c.datagramsDropped()).isEqualTo(1).isEqualTo(f.call(port::droppedWrites));
            assertThat(c.datagramsSent()).isEqualTo(sentAndDropped[0]);
            assertThat(c.datagramBytesSent()).isEqualTo(7 * sentAndDropped[0]);
            f.reactor.blockingCallFromThread(port::stopListening);
            assertThat(f.reactor.counters().datagramsDropped()).as("a closed port's drops stay counted").isEqualTo(1);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void countsPendingDelayedCallsAtTheEndOfATurn() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            f.run(() -> {
                f.reactor.callLater(Duration.ofHours(1), () -> {});
                f.reactor.callLater(Duration.ofHours(1), () -> {});
            });
            f.run(() -> {}); // one more turn ends after the calls were scheduled
            assertThat(f.reactor.counters().delayedCallsPending()).isEqualTo(2);
            f.run(() -> f.reactor.getDelayedCalls().forEach(d -> d.cancel()));
            f.run(() -> {});
            assertThat(f.reactor.counters().delayedCallsPending()).isZero();
        }
    }

    @Test
    void unsentBytesOfAnAbortedConnectionAreNotCountedAsWritten() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            LoopCounters counters = f.reactor.loopCounters();
            ConnectionTraffic traffic = new ConnectionTraffic(counters);
            try (java.nio.channels.SocketChannel unconnected = java.nio.channels.SocketChannel.open()) {
                f.run(() -> traffic.opened("TCP connection", true,
                        new java.net.InetSocketAddress("127.0.0.1", 9), unconnected));
            }
            f.run(() -> {
                traffic.written(100);
                traffic.closed(40, new RuntimeException("aborted"));
                traffic.closed(40, new RuntimeException("twice")); // counted once
            });
            ReactorCounters c = f.reactor.counters();
            assertThat(c.bytesWritten()).isEqualTo(60);
            assertThat(c.connectionsAccepted()).isEqualTo(1);
            assertThat(c.connectionsClosed()).isEqualTo(1);
        }
    }

    @Test
    void histogramBucketsAreFixedPowersOfTwo() {
        assertThat(TurnTimeHistogram.bucketOf(0)).isZero();
        assertThat(TurnTimeHistogram.bucketOf(1023)).isZero();
        assertThat(TurnTimeHistogram.bucketOf(1024)).isEqualTo(1);
        assertThat(TurnTimeHistogram.bucketOf(2047)).isEqualTo(1);
        assertThat(TurnTimeHistogram.bucketOf(2048)).isEqualTo(2);
        assertThat(TurnTimeHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(TurnTimeHistogram.BUCKETS - 1);
        for (int i = 0; i < TurnTimeHistogram.BUCKETS - 1; i++) {
            long bound = TurnTimeHistogram.upperBound(i).toNanos();
            assertThat(TurnTimeHistogram.bucketOf(bound - 1)).isEqualTo(i);
            assertThat(TurnTimeHistogram.bucketOf(bound)).isEqualTo(i + 1);
        }
        assertThatThrownBy(() -> TurnTimeHistogram.upperBound(TurnTimeHistogram.BUCKETS - 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> TurnTimeHistogram.of(new long[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryReactorReportsItsPendingCallsAndZeros() {
        MemoryReactor r = new MemoryReactor();
        r.callLater(Duration.ofSeconds(1), () -> {});
        ReactorCounters c = r.counters();
        assertThat(c.delayedCallsPending()).isEqualTo(1);
        assertThat(c).isEqualTo(new ReactorCounters(0, 0, 0, 0, 0, 0, 0, 1, TurnTimeHistogram.empty()));
        // Its datagram ports count nowhere either (each keeps its own droppedWrites()).
        UdpPortTest.Recorder echo = new UdpPortTest.Recorder();
        UDPTransport port = r.listenUDP(5353, echo, "127.0.0.1", 100);
        r.udpServers().getFirst().transport().deliver(ascii("hi"), new IPv4Address(SocketType.UDP, "127.0.0.1", 4000));
        port.write(ascii("back"), new IPv4Address(SocketType.UDP, "127.0.0.1", 4000));
        assertThat(r.counters().datagramsReceived()).isZero();
        assertThat(r.counters().datagramsSent()).isZero();
    }

    @Test
    void theConstructorWithoutDatagramCountsLeavesThemZero() {
        ReactorCounters c = new ReactorCounters(2, 3, 1, 2, 10, 20, 0, 4, TurnTimeHistogram.empty());
        assertThat(c).isEqualTo(new ReactorCounters(2, 3, 1, 2, 10, 20, 0, 0, 0, 0, 0, 0, 4,
                TurnTimeHistogram.empty()));
        assertThatThrownBy(() -> new ReactorCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, TurnTimeHistogram.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
