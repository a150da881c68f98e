package bench.load;

/**
 * A fixed-size log-linear histogram of nanosecond values (relative error under 1%), so that
 * recording a round trip allocates nothing.
 */
final class LatencyHistogram {

    /** Values below 256 are exact; above, each power of two is split into 128 buckets. */
    private static final int SUB_BUCKETS = 128;

    private final long[] counts = new long[SUB_BUCKETS * 58];
    private long total;

    void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    long count() {
        return total;
    }

    /**
     * The value below which {@code fraction} of the recorded values lie.
     *
     * @return nanoseconds (the middle of the bucket), or 0 if nothing was recorded
     */
    long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(counts.length - 1);
    }

    private static int index(long value) {
        if (value < 2 * SUB_BUCKETS) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - 7;
        return shift * SUB_BUCKETS + (int) (value >>> shift);
    }

    private static long middle(int index) {
        if (index < 2 * SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long low = (long) (index - shift * SUB_BUCKETS) << shift;
        return low + (1L << shift) / 2;
    }
}
