package bench.measure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import net.reactor.PushProducer;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.process.ProcessDoneException;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessProtocol;

/**
 * The process pump's throughput: N MiB written to {@code cat}'s stdin and read back from its
 * stdout, through {@code spawnProcess} (a push producer on the stdin transport; each pipe pumped on
 * its own thread, every chunk delivered on the reactor thread), against
 * {@link ProcessBuilder} with a plain blocking copy (one platform thread writing, one reading, 64
 * KiB arrays), alternating rounds in one JVM. Both sides do the same work with what arrives: each
 * chunk goes to a consumer that reads every byte (a CRC-32, checked against the sent stream's at
 * the end), and both read at most 64 KiB at a time. Reports MB/s (bytes through cat per wall
 * second) per round, the median and best of each, and the ratio of medians; also this JVM's CPU
 * seconds per GB.
 *
 * <p>{@code bench/run --process-pump [--mib N] [--rounds R]} (defaults 256 MiB, 7 rounds each,
 * after one warm-up round each).
 */
public final class ProcessPump {
    private static final int CHUNK = 64 * 1024;

    private ProcessPump() {}

    /**
     * Runs the comparison and prints it.
     *
     * @param args {@code --mib N}, {@code --rounds R}
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        long mib = 256;
        String mode = "cat";
        int rounds = 7;
        String side = "both";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--side" -> side = args[++i]; // spindle|plain|both: one side alone, for a profiler
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: --process-pump [--mib N] [--rounds R] [--mode cat|out|in] [--side both|spindle|plain])");
            }
        }
        long total = mib * 1024 * 1024;
        byte[] chunk = new byte[CHUNK];
        new Random(42).nextBytes(chunk);
        expectedCrc = expectedCrc(chunk, total, mode);

        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("process-pump"));
        Thread loop = reactor.start("process-pump-loop");
        try {
            List<double[]> spindle = new ArrayList<>();
            List<double[]> plain = new ArrayList<>();
            boolean runSpindle = !side.equals("plain");
            boolean runPlain = !side.equals("spindle");
            double[] none = {Double.NaN, Double.NaN};
            if (runSpindle) {
                spindleRound(reactor, chunk, total, mode); // warm-up
            }
            if (runPlain) {
                plainRound(chunk, total, mode);
            }
            for (int r = 0; r < rounds; r++) {
                spindle.add(runSpindle ? spindleRound(reactor, chunk, total, mode) : none);
                plain.add(runPlain ? plainRound(chunk, total, mode) : none);
                System.out.printf(Locale.ROOT, "round %d: spindle %.0f MB/s (%.2f CPU s/GB), plain %.0f MB/s (%.2f CPU s/GB)%n",
                        r + 1, spindle.getLast()[0], spindle.getLast()[1], plain.getLast()[0], plain.getLast()[1]);
            }
            double sMed = median(spindle, 0);
            double pMed = median(plain, 0);
            System.out.printf(Locale.ROOT, "%d MiB through cat, %d rounds each%n", mib, rounds);
            System.out.printf(Locale.ROOT, "spindle spawnProcess: median %.0f MB/s, best %.0f MB/s, median %.2f CPU s/GB%n",
                    sMed, best(spindle), median(spindle, 1));
            System.out.printf(Locale.ROOT, "ProcessBuilder + blocking copy: median %.0f MB/s, best %.0f MB/s, median %.2f CPU s/GB%n",
                    pMed, best(plain), median(plain, 1));
            System.out.printf(Locale.ROOT, "ratio (median spindle / median plain): %.2f%n", sMed / pMed);
        } finally {
            reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            loop.join();
        }
    }

    /** cat: round trip; out: the child only writes; in: the child only reads. */
    private static String command(String mode, long total) {
        return switch (mode) {
            case "cat" -> "exec cat";
            case "out" -> "exec head -c " + total + " /dev/zero";
            case "in" -> "exec cat > /dev/null";
            default -> throw new IllegalArgumentException("--mode cat|out|in, not " + mode);
        };
    }

    /** The CRC-32 of what cat hands back: {@code chunk} repeated, or {@code total} zero bytes. */
    private static long expectedCrc;

    private static long expectedCrc(byte[] chunk, long total, String mode) {
        CRC32 crc = new CRC32();
        byte[] data = mode.equals("out") ? new byte[chunk.length] : chunk;
        if (!mode.equals("in")) {
            for (long sent = 0; sent < total; sent += data.length) {
                crc.update(data, 0, (int) Math.min(data.length, total - sent));
            }
        }
        return crc.getValue();
    }

    private static void check(String side, long got, long crc, long total, String mode) {
        if (got != (mode.equals("in") ? 0 : total) || crc != expectedCrc) {
            throw new IllegalStateException(side + ": got " + got + " of " + total + " bytes, CRC-32 "
                    + Long.toHexString(crc) + ", expected " + Long.toHexString(expectedCrc));
        }
    }

    private static double median(List<double[]> xs, int i) {
        List<Double> v = new ArrayList<>();
        for (double[] x : xs) {
            v.add(x[i]);
        }
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    private static double best(List<double[]> xs) {
        double b = 0;
        for (double[] x : xs) {
            b = Math.max(b, x[0]);
        }
        return b;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {MB/s, this JVM's CPU seconds per GB}. */
    private static double[] result(long total, long startNanos, long startCpu) {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (cpuNanos() - startCpu) / 1e9;
        return new double[] {total / 1e6 / secs, cpu / (total / 1e9)};
    }

    private static double[] spindleRound(Reactor reactor, byte[] chunk, long total, String mode) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        reactor.callFromThread(() -> reactor.spawnProcess(new ProcessProtocol() {
            long received;
            final CRC32 crc = new CRC32();

            @Override
            public void connectionMade() {
                PushProducer feeder = new PushProducer() {
                    long sent;
                    boolean paused;

                    @Override
                    public void pauseProducing() {
                        paused = true;
                    }

                    @Override
                    public void resumeProducing() {
                        paused = false;
                        if (mode.equals("out")) {
                            sent = total;
                        }
                        while (!paused && sent < total) {
                            transport().write(chunk); // the same array again: a transport never modifies it
                            sent += chunk.length;
                        }
                        if (sent >= total) {
                            transport().unregisterProducer();
                            transport().closeStdin();
                        }
                    }

                    @Override
                    public void stopProducing() {
                        paused = true;
                    }
                };
                transport().registerProducer(feeder);
                feeder.resumeProducing();
            }

            @Override
            public void outReceived(byte[] data) {
                received += data.length;
                crc.update(data, 0, data.length);
            }

            @Override
            public void processEnded(ProcessExitException reason) {
                if (reason instanceof ProcessDoneException) {
                    done.complete(new long[] {received, crc.getValue()});
                } else {
                    done.completeExceptionally(reason);
                }
            }
        }, "/bin/sh", List.of("sh", "-c", command(mode, total))));
        long[] got = done.get(5, TimeUnit.MINUTES);
        check("spindle", got[0], got[1], total, mode);
        return result(total, t0, c0);
    }

    private static double[] plainRound(byte[] chunk, long total, String mode) throws Exception {
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        Process p = new ProcessBuilder("/bin/sh", "-c", command(mode, total)).start();
        Thread writer = Thread.ofPlatform().name("plain-writer").start(() -> {
            try (OutputStream out = p.getOutputStream()) {
                for (long sent = mode.equals("out") ? total : 0; sent < total; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long got = 0;
        CRC32 crc = new CRC32();
        byte[] buf = new byte[CHUNK];
        try (InputStream in = p.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
                crc.update(buf, 0, n);
            }
        }
        writer.join();
        p.waitFor();
        check("plain", got, crc.getValue(), total, mode);
        return result(total, t0, c0);
    }
}
