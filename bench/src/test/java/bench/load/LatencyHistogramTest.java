package bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            histogram.record(v);
        }
        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentile(0.50)).isEqualTo(50);
        assertThat(histogram.percentile(0.99)).isEqualTo(99);
    }

    @Test
    void largeValuesAreWithinOnePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            histogram.record(v * 1_000); // 1 µs to 100 ms
        }
        assertThat((double) histogram.percentile(0.50)).isCloseTo(50_000_000, within(500_000.0));
        assertThat((double) histogram.percentile(0.99)).isCloseTo(99_000_000, within(990_000.0));
    }

    @Test
    void resetForgetsEverything() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(12_345);
        histogram.reset();
        assertThat(histogram.count()).isZero();
        assertThat(histogram.percentile(0.5)).isZero();
    }

    @Test
    void hugeValuesStayInRange() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Long.MAX_VALUE);
        assertThat(histogram.percentile(1.0)).isGreaterThan(Long.MAX_VALUE / 2);
    }
}
