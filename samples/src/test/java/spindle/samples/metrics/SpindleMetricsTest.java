package spindle.samples.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import net.reactor.ReactorCounters;
import net.reactor.ReactorMetrics;
import net.reactor.TurnTimeHistogram;
import org.junit.jupiter.api.Test;

/**
 * The bridge's mapping from {@link ReactorCounters} to meters, on a {@link SimpleMeterRegistry}
 * and a {@link ReactorMetrics} that answers a snapshot the test made (no reactor, no sockets; the
 * sample's test in {@code it/} scrapes a real one over HTTP).
 */
class SpindleMetricsTest {

    private static ReactorCounters sample() {
        long[] turns = new long[TurnTimeHistogram.BUCKETS];
        turns[0] = 5;
        turns[3] = 7;
        turns[TurnTimeHistogram.BUCKETS - 1] = 2;
        return new ReactorCounters(2, 10, 3, 11, 4096, 4000, 1, 6, TurnTimeHistogram.of(turns));
    }

    @Test
    void everyCounterBecomesAMeterTaggedWithTheReactor() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReactorMetrics reactor = SpindleMetricsTest::sample;
        SpindleMetrics.bindReactor(registry, reactor, Tags.of("reactor", "r1"));

        assertThat(gauge(registry, "spindle.reactor.connections.open")).isEqualTo(2);
        assertThat(counter(registry, "spindle.reactor.connections.accepted")).isEqualTo(10);
        assertThat(counter(registry, "spindle.reactor.connections.connected")).isEqualTo(3);
        assertThat(counter(registry, "spindle.reactor.connections.closed")).isEqualTo(11);
        assertThat(registry.get("spindle.reactor.bytes").tag("direction", "read").functionCounter().count())
                .isEqualTo(4096);
        assertThat(registry.get("spindle.reactor.bytes").tag("direction", "written").functionCounter().count())
                .isEqualTo(4000);
        assertThat(registry.get("spindle.reactor.bytes").tag("direction", "read").functionCounter().getId()
                .getBaseUnit()).isEqualTo("bytes");
        assertThat(gauge(registry, "spindle.reactor.queue.depth")).isEqualTo(1);
        assertThat(gauge(registry, "spindle.reactor.timers.pending")).isEqualTo(6);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("reactor")).isEqualTo("r1"));
    }

    @Test
    void turnTimesAreCumulativeBucketsTaggedWithTheirUpperBoundInSeconds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SpindleMetrics.bindReactor(registry, SpindleMetricsTest::sample, Tags.of("reactor", "r1"));

        assertThat(registry.get("spindle.reactor.turns").functionCounters()).hasSize(TurnTimeHistogram.BUCKETS);
        assertThat(turns(registry, "0.000001024")).isEqualTo(5);
        assertThat(turns(registry, "0.000004096")).isEqualTo(5);   // bucket 2: still only bucket 0's turns
        assertThat(turns(registry, "0.000008192")).isEqualTo(12);  // bucket 3 adds its 7
        assertThat(turns(registry, "1.073741824")).isEqualTo(12);  // the last bucket with a bound
        assertThat(turns(registry, "+Inf")).isEqualTo(14);         // every turn, the 2 of a second or more too
    }

    @Test
    void leIsTheExactBoundAndPlusInfForTheOpenBucket() {
        assertThat(SpindleMetrics.le(0)).isEqualTo("0.000001024");
        assertThat(SpindleMetrics.le(10)).isEqualTo("0.001048576");
        assertThat(SpindleMetrics.le(TurnTimeHistogram.BUCKETS - 2)).isEqualTo("1.073741824");
        assertThat(SpindleMetrics.le(TurnTimeHistogram.BUCKETS - 1)).isEqualTo("+Inf");
        for (int i = 0; i < TurnTimeHistogram.BUCKETS - 1; i++) {
            assertThat(Double.parseDouble(SpindleMetrics.le(i)) * 1e9)
                    .isCloseTo(TurnTimeHistogram.upperBound(i).toNanos(), org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void theMetersOfOneReactorShareOneSnapshotWhileItIsFresh() {
        AtomicLong clock = new AtomicLong(1_000);
        AtomicInteger reads = new AtomicInteger();
        Supplier<Integer> reusing = SpindleMetrics.reusing(reads::incrementAndGet, clock::get, 100);

        assertThat(reusing.get()).isEqualTo(1);
        clock.addAndGet(99);
        assertThat(reusing.get()).as("99 ns later: the same snapshot").isEqualTo(1);
        clock.addAndGet(1);
        assertThat(reusing.get()).as("100 ns after the read: a fresh one").isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aSnapshotIsReadWhenTheRegistryAsksNotBefore() {
        AtomicReference<ReactorCounters> now = new AtomicReference<>(ReactorCounters.zero());
        AtomicInteger reads = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReactorMetrics reactor = () -> {
            reads.incrementAndGet();
            return now.get();
        };
        SpindleMetrics.bindReactor(registry, reactor, Tags.of("reactor", "r1"));

        assertThat(reads).as("binding reads nothing").hasValue(0);
        now.set(sample());
        assertThat(counter(registry, "spindle.reactor.connections.accepted")).isEqualTo(10);
        assertThat(reads).hasValue(1);
        // Micrometer holds the meter's object weakly: keep it reachable until the last read.
        Reference.reachabilityFence(reactor);
    }

    @Test
    void tagKeysTheMetersUseThemselvesAreRefused() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(() -> SpindleMetrics.bindReactor(registry, SpindleMetricsTest::sample, Tags.of("le", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("le");
        assertThatThrownBy(() -> SpindleMetrics.bindReactor(registry, SpindleMetricsTest::sample,
                Tags.of("direction", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void theSampleAnswersOpenMetricsOnlyToAClientThatAsksForIt() {
        assertThat(MetricsSample.contentType(null)).isEqualTo(MetricsSample.TEXT_FORMAT);
        assertThat(MetricsSample.contentType("*/*")).isEqualTo(MetricsSample.TEXT_FORMAT);
        assertThat(MetricsSample.contentType("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"))
                .isEqualTo(MetricsSample.OPENMETRICS_FORMAT);
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        Gauge g = registry.get(name).gauge();
        return g.value();
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        FunctionCounter c = registry.get(name).functionCounter();
        return c.count();
    }

    private static double turns(SimpleMeterRegistry registry, String le) {
        return registry.get("spindle.reactor.turns").tag("le", le).functionCounter().count();
    }
}
