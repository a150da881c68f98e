package bench.soak;

import java.util.Arrays;
import java.util.Locale;

/**
 * Decides whether a sampled series trends upward after its warm-up: the soak's leak test.
 *
 * <p>The rule, applied to the samples after the warm-up (at least {@value #MIN_SAMPLES} of them):
 * the series <em>rises</em> when <b>both</b>
 * <ol>
 * <li>the median of the last third exceeds the median of the first third by more than the
 *     allowance, and</li>
 * <li>the least-squares line through all of them rises by more than the allowance across the
 *     window (slope times the window's duration),</li>
 * </ol>
 * where the allowance is {@code max(relative * |mean|, absolute)} of the post-warm-up samples.
 * Medians make one spike (a burst of connections, a sample taken mid-collection) harmless;
 * the fitted line makes a dip early in the window, with no growth after it, harmless only if it
 * is small, and confirms that a rise spans the window instead of sitting in one third. A leak
 * grows without bound while the allowance stays fixed, so the longer the run, the smaller the
 * leak it catches: a 60-second run catches only gross leaks.
 *
 * <p>Pure and immutable; usable on any thread.
 *
 * @param relative the allowed rise as a fraction of the series' mean (0.10 = 10 %)
 * @param absolute the allowed rise in the series' own unit, whichever is larger
 */
public record TrendRule(double relative, double absolute) {

    /** Fewer samples after the warm-up than this cannot be judged (the run fails). */
    public static final int MIN_SAMPLES = 6;

    /**
     * Checks the tolerances.
     *
     * @throws IllegalArgumentException if a tolerance is negative or not finite
     */
    public TrendRule {
        if (!(relative >= 0) || !(absolute >= 0) || Double.isInfinite(relative) || Double.isInfinite(absolute)) {
            throw new IllegalArgumentException("tolerances must be finite and non-negative: " + relative + ", " + absolute);
        }
    }

    /**
     * What the rule found in one series.
     *
     * @param rises true if the series trends upward (the run fails), or could not be judged
     * @param firstMedian the median of the first third after the warm-up
     * @param lastMedian the median of the last third
     * @param fittedRise the least-squares line's rise across the window
     * @param allowance the rise allowed
     * @param slopePerSecond the fitted line's slope, per second (for the plot)
     * @param intercept the fitted line's value at time 0 (for the plot)
     * @param note a one-line explanation
     */
    public record Verdict(boolean rises, double firstMedian, double lastMedian, double fittedRise, double allowance,
            double slopePerSecond, double intercept, String note) {}

    /**
     * Judges a series.
     *
     * @param seconds the sample times in seconds, ascending
     * @param values the samples, as many as times; NaN samples (not measured) are skipped
     * @param warmupSeconds samples before this time are ignored
     * @return the verdict; {@code rises} is true also when fewer than {@value #MIN_SAMPLES}
     *     samples remain, since nothing was shown
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Verdict judge(double[] seconds, double[] values, double warmupSeconds) {
        if (seconds.length != values.length) {
            throw new IllegalArgumentException(seconds.length + " times for " + values.length + " values");
        }
        int n = 0;
        double[] t = new double[values.length];
        double[] v = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (seconds[i] >= warmupSeconds && !Double.isNaN(values[i])) {
                t[n] = seconds[i];
                v[n] = values[i];
                n++;
            }
        }
        if (n < MIN_SAMPLES) {
            return new Verdict(true, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                    "only " + n + " samples after the warm-up: cannot judge (need " + MIN_SAMPLES + ")");
        }
        t = Arrays.copyOf(t, n);
        v = Arrays.copyOf(v, n);
        int third = n / 3;
        double first = median(Arrays.copyOfRange(v, 0, third));
        double last = median(Arrays.copyOfRange(v, n - third, n));
        double meanT = mean(t);
        double meanV = mean(v);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (t[i] - meanT) * (v[i] - meanV);
            sxx += (t[i] - meanT) * (t[i] - meanT);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double fittedRise = slope * (t[n - 1] - t[0]);
        double allowance = Math.max(relative * Math.abs(meanV), absolute);
        boolean medianRise = last - first > allowance;
        boolean lineRise = fittedRise > allowance;
        String note = String.format(Locale.ROOT, "median %s -> %s (%+.3g), fitted rise %+.3g, allowance %.3g: %s",
                g(first), g(last), last - first, fittedRise, allowance,
                medianRise && lineRise ? "RISES" : medianRise || lineRise ? "flat (one test only)" : "flat");
        return new Verdict(medianRise && lineRise, first, last, fittedRise, allowance, slope, meanV - slope * meanT,
                note);
    }

    private static String g(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
