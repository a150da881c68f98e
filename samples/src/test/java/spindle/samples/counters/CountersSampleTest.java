package spindle.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.reactor.ReactorCounters;
import net.reactor.TurnTimeHistogram;
import org.junit.jupiter.api.Test;

/** The exporter's line: rates between two snapshots, totals and quantiles as of the later one. */
class CountersSampleTest {

    private static TurnTimeHistogram turns(long inFirstBucket, long inSecond) {
        long[] counts = new long[TurnTimeHistogram.BUCKETS];
        counts[0] = inFirstBucket;
        counts[1] = inSecond;
        return TurnTimeHistogram.of(counts);
    }

    @Test
    void printsStreamAndDatagramRatesBetweenTwoSnapshots() {
        ReactorCounters before = new ReactorCounters(1, 4, 0, 3, 1_000, 1_000, 10, 10, 100, 100, 1, 0, 0,
                turns(10, 0));
        ReactorCounters after = new ReactorCounters(2, 6, 0, 4, 11_000, 11_000, 60, 50, 600, 500, 3, 0, 1,
                turns(18, 2));
        assertThat(CountersSample.line(before, after, Duration.ofSeconds(5))).isEqualTo(
                "open=2 accepted=6 closed=4 in=2000 B/s out=2000 B/s datagrams in=10/s out=8/s dropped=3"
                        + " queued=0 timers=1 turns=2/s p50<1us p99<2us max<2us");
    }
}
