package bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The soak's trend rule on synthetic series: flat and noisy series pass, leaks fail. */
class TrendRuleTest {

    private static final TrendRule RULE = new TrendRule(0.10, 4);
    private static final int N = 60;

    private static double[] times() {
        double[] t = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = 5.0 * i;
        }
        return t;
    }

    @Test
    void aFlatSeriesPasses() {
        double[] v = new double[N];
        java.util.Arrays.fill(v, 200);
        TrendRule.Verdict verdict = RULE.judge(times(), v, 60);
        assertThat(verdict.rises()).isFalse();
        assertThat(verdict.fittedRise()).isZero();
        assertThat(verdict.allowance()).isEqualTo(20.0);
    }

    @Test
    void aSteadyLeakFails() {
        // 200 MiB growing by 1 MiB per sample: after the warm-up the last third's median is 32 MiB
        // above the first third's, past the allowance of 10 % of the mean (about 24 MiB).
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = 200 + 1.0 * i;
        }
        TrendRule.Verdict verdict = RULE.judge(times(), v, 60);
        assertThat(verdict.rises()).isTrue();
        assertThat(verdict.lastMedian()).isGreaterThan(verdict.firstMedian() + verdict.allowance());
        assertThat(verdict.slopePerSecond()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aSmallLeakUnderTheAllowancePassesAndTheSameLeakOverALongerRunFails() {
        // The allowance is fixed; a leak grows with time: 0.1 per sample is 5 over 48 samples (flat),
        // 40 over 400 (rises). This is why the quick run only catches gross leaks.
        double[] shortTimes = times();
        double[] shortRun = new double[N];
        for (int i = 0; i < N; i++) {
            shortRun[i] = 200 + 0.1 * i;
        }
        assertThat(RULE.judge(shortTimes, shortRun, 60).rises()).isFalse();
        int n = 400;
        double[] t = new double[n];
        double[] longRun = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 5.0 * i;
            longRun[i] = 200 + 0.1 * i;
        }
        assertThat(RULE.judge(t, longRun, 60).rises()).isTrue();
    }

    @Test
    void noiseAroundAFlatLevelPassesForEverySeed() {
        // 5 % Gaussian noise: no seed of 200 may look like a leak.
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            double[] v = new double[N];
            for (int i = 0; i < N; i++) {
                v[i] = 200 + 10 * random.nextGaussian();
            }
            assertThat(RULE.judge(times(), v, 60).rises()).as("seed %d", seed).isFalse();
        }
    }

    @Test
    void aLeakUnderNoiseStillFails() {
        for (long seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            double[] v = new double[N];
            for (int i = 0; i < N; i++) {
                v[i] = 200 + 1.5 * i + 10 * random.nextGaussian();
            }
            assertThat(RULE.judge(times(), v, 60).rises()).as("seed %d", seed).isTrue();
        }
    }

    @Test
    void aSawtoothLikeGarbageCollectionPasses() {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = 150 + 10 * (i % 7);
        }
        assertThat(RULE.judge(times(), v, 60).rises()).isFalse();
    }

    @Test
    void aSingleSpikeAtTheEndPasses() {
        double[] v = new double[N];
        java.util.Arrays.fill(v, 200);
        v[N - 1] = 2000;
        TrendRule.Verdict verdict = RULE.judge(times(), v, 60);
        assertThat(verdict.fittedRise()).isGreaterThan(verdict.allowance());
        assertThat(verdict.rises()).isFalse();
    }

    @Test
    void aStepUpThatStaysFails() {
        // Memory that jumps halfway and never comes back down is a leak too (of one burst).
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = i < N / 2 ? 200 : 260;
        }
        assertThat(RULE.judge(times(), v, 60).rises()).isTrue();
    }

    @Test
    void growthDuringTheWarmupIsNotJudged() {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = i < 12 ? 50 + 10 * i : 170;
        }
        assertThat(RULE.judge(times(), v, 60).rises()).isFalse();
        assertThat(RULE.judge(times(), v, 0).rises()).isTrue();
    }

    @Test
    void theAbsoluteFloorAppliesToSmallSeries() {
        // Threads: 20 -> 23 is 15 % but within the floor of 4.
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = i < N / 2 ? 20 : 23;
        }
        assertThat(RULE.judge(times(), v, 60).rises()).isFalse();
    }

    @Test
    void tooFewSamplesFailRatherThanPass() {
        TrendRule.Verdict verdict = RULE.judge(new double[] {0, 5, 10, 15, 20}, new double[] {1, 1, 1, 1, 1}, 0);
        assertThat(verdict.rises()).isTrue();
        assertThat(verdict.note()).contains("cannot judge");
    }

    @Test
    void missingSamplesAreSkipped() {
        double[] v = new double[N];
        java.util.Arrays.fill(v, 200);
        v[30] = Double.NaN;
        assertThat(RULE.judge(times(), v, 60).rises()).isFalse();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new TrendRule(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendRule(0.1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RULE.judge(new double[2], new double[3], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
