package bench.measure;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;
import net.protocols.basic.LineOnlyReceiver;
import net.protocols.basic.LineReceiver;
import net.reactor.testing.StringTransport;

/**
 * Parse rate of {@link LineReceiver} and {@link LineOnlyReceiver} on a fixed input: one million
 * CRLF-terminated lines of 10 to 120 random printable bytes (about 67 MB, the same every run),
 * handed over in 64 KiB reads as a socket would, with a handler that only counts. Reports the
 * median and the best of fifteen timed passes after five warm-up passes, in lines/s and MB/s of
 * input (on a shared, loaded machine the best pass is the least disturbed one).
 *
 * <p>Run by hand (see bench/README.md); it has no peer in the same run. The JMH suite's
 * {@code FramingBenchmark} compares LineReceiver with Netty's LineBasedFrameDecoder.
 */
public final class LineReceiverThroughput {
    private static final int LINES = 1_000_000;
    private static final int READ_SIZE = 64 * 1024;

    private LineReceiverThroughput() {}

    /** Counts lines and bytes so the work cannot be optimised away. */
    private static final class Counting extends LineReceiver {
        long lines;
        long bytes;

        Counting() {
            super(new byte[] {'\r', '\n'}, DEFAULT_MAX_LENGTH);
        }

        @Override
        protected void lineReceived(byte[] line) {
            lines++;
            bytes += line.length;
        }
    }

    private static final class CountingLineOnly extends LineOnlyReceiver {
        long lines;
        long bytes;

        @Override
        protected void lineReceived(byte[] line) {
            lines++;
            bytes += line.length;
        }
    }

    private static List<byte[]> input() {
        Random random = new Random(42);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < LINES; i++) {
            int n = 10 + random.nextInt(111);
            for (int j = 0; j < n; j++) {
                all.write(' ' + random.nextInt(95));
            }
            all.write('\r');
            all.write('\n');
        }
        byte[] stream = all.toByteArray();
        List<byte[]> reads = new ArrayList<>();
        for (int at = 0; at < stream.length; at += READ_SIZE) {
            reads.add(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + READ_SIZE)));
        }
        return reads;
    }

    /**
     * Runs the measurement and prints the results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<byte[]> reads = input();
        long total = 0;
        for (byte[] r : reads) {
            total += r.length;
        }
        System.out.printf(Locale.ROOT, "input: %d lines, %.1f MB in %d reads of %d bytes%n",
                LINES, total / 1e6, reads.size(), READ_SIZE);
        measure("LineReceiver", reads, total, () -> {
            Counting p = new Counting();
            new StringTransport().connect(p);
            for (byte[] r : reads) {
                p.dataReceived(r);
            }
            return p.lines;
        });
        measure("LineOnlyReceiver", reads, total, () -> {
            CountingLineOnly p = new CountingLineOnly();
            new StringTransport().connect(p);
            for (byte[] r : reads) {
                p.dataReceived(r);
            }
            return p.lines;
        });
    }

    private static void measure(String name, List<byte[]> reads, long totalBytes, LongSupplier pass) {
        for (int i = 0; i < 5; i++) {
            check(pass.getAsLong());
        }
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            check(pass.getAsLong());
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double median = nanos[nanos.length / 2] / 1e9;
        double best = nanos[0] / 1e9;
        System.out.printf(Locale.ROOT,
                "%-17s median %.1f ms: %.2f M lines/s, %.0f MB/s | best %.1f ms: %.2f M lines/s, %.0f MB/s%n",
                name, median * 1e3, LINES / median / 1e6, totalBytes / median / 1e6,
                best * 1e3, LINES / best / 1e6, totalBytes / best / 1e6);
    }

    private static void check(long lines) {
        if (lines != LINES) {
            throw new IllegalStateException("parsed " + lines + " lines, expected " + LINES);
        }
    }
}
