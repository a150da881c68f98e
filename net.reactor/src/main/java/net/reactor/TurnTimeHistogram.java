package net.reactor;

import java.time.Duration;
import java.util.Arrays;

/**
 * How long a reactor's loop turns took, as counts in fixed logarithmic buckets; immutable, usable
 * on any thread.
 *
 * <p>A turn is everything the loop does after its select returns: the I/O events, the
 * {@code callFromThread} tasks, the due timers (the wait in select is not part of it). Bucket 0
 * counts turns shorter than {@link #upperBound(int) upperBound(0)} = 1,024 ns; bucket {@code i}
 * counts turns of at least {@code upperBound(i - 1)} and less than {@code upperBound(i)}, each
 * bound twice the one before; the last bucket ({@link #BUCKETS}{@code - 1}) counts every turn of
 * at least {@code upperBound(BUCKETS - 2)} (about 1.07 s). Buckets never change, so two snapshots
 * can be subtracted bucket by bucket.
 */
public final class TurnTimeHistogram {
    /** Number of buckets. */
    public static final int BUCKETS = 22;
    private static final TurnTimeHistogram EMPTY = new TurnTimeHistogram(new long[BUCKETS]);

    private final long[] counts;

    private TurnTimeHistogram(long[] counts) {
        this.counts = counts;
    }

    /**
     * A histogram of the given counts.
     *
     * @param counts one count per bucket; copied
     * @return the histogram
     * @throws IllegalArgumentException if there are not exactly {@link #BUCKETS} counts, or one is negative
     */
    public static TurnTimeHistogram of(long[] counts) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("expected " + BUCKETS + " buckets, got " + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("a bucket count cannot be negative: " + c);
            }
        }
        return new TurnTimeHistogram(counts.clone());
    }

    /**
     * A histogram with no turns.
     *
     * @return the empty histogram
     */
    public static TurnTimeHistogram empty() {
        return EMPTY;
    }

    /**
     * The bucket a turn of the given duration falls in.
     *
     * @param nanos a duration in nanoseconds (negative counts as 0)
     * @return a bucket index, 0 to {@link #BUCKETS}{@code - 1}
     */
    public static int bucketOf(long nanos) {
        // 1,024 ns steps: bit length of nanos/1024 is the bucket, clamped to the last one.
        int i = 64 - Long.numberOfLeadingZeros(Math.max(nanos, 0) >>> 10);
        return Math.min(i, BUCKETS - 1);
    }

    /**
     * The exclusive upper bound of a bucket.
     *
     * @param bucket a bucket index, 0 to {@link #BUCKETS}{@code - 2}
     * @return {@code 1024 << bucket} nanoseconds
     * @throws IndexOutOfBoundsException for the last bucket (it has no upper bound) or a bad index
     */
    public static Duration upperBound(int bucket) {
        java.util.Objects.checkIndex(bucket, BUCKETS - 1);
        return Duration.ofNanos(1024L << bucket);
    }

    /**
     * The number of turns in one bucket.
     *
     * @param bucket a bucket index, 0 to {@link #BUCKETS}{@code - 1}
     * @return the count
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public long count(int bucket) {
        return counts[java.util.Objects.checkIndex(bucket, BUCKETS)];
    }

    /**
     * All bucket counts.
     *
     * @return a fresh array of {@link #BUCKETS} counts
     */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * The number of turns counted.
     *
     * @return the sum of all buckets
     */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TurnTimeHistogram h && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "TurnTimeHistogram" + Arrays.toString(counts);
    }
}
