package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.reactor.Factory;
import net.reactor.ReactorCounters;
import net.reactor.TurnTimeHistogram;
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
    }
}
