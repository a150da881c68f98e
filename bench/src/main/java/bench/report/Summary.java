package bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median and range of one figure over repetitions (network) or iterations (JMH).
 *
 * @param median the median
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values
 */
record Summary(double median, double min, double max, int count) {

    static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Summary(median, sorted.getFirst(), sorted.getLast(), n);
    }

    Summary scaled(double factor) {
        return new Summary(median * factor, min * factor, max * factor, count);
    }

    /** The median, then the range when there is one: {@code 71.2k [70.1k–73.0k]}. */
    String text() {
        return count > 1 ? format(median) + " [" + format(min) + "–" + format(max) + "]" : format(median);
    }

    static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (abs >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
