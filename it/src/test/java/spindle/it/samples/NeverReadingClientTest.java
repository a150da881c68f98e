package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The echo sample, with its default options and a 64 MiB heap, against a client that sends
 * 600 MB and never reads (issue 20: before the default changed, the sample held 626 MB of heap
 * for it and died of OutOfMemoryError with {@code -Xmx256m}). The server stops reading from that
 * client once its write buffer is above the high-water mark, so TCP blocks the client's writes:
 * the sample's resident memory stays where it was, another client is served meanwhile, and once
 * the client reads, all 600 MB come back in order.
 */
class NeverReadingClientTest {
    private static final long TOTAL = 600L * 1000 * 1000;
    private static final int CHUNK = 64 * 1024;
    /** How long the writer must make no progress before it counts as blocked (not a bound on anything). */
    private static final long QUIET_MILLIS = 3000;
    /** What the sample's resident memory may grow by: far below the 600 MB, or the 64 MiB cap. */
    private static final long GROWTH_KB = 48 * 1024;

    @TempDir
    Path dir;

    /** The byte at position {@code i} of the stream: a pattern that shows loss and reordering. */
    private static byte at(long i) {
        return (byte) (i % 251);
    }

    private static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError(field + " not in /proc/" + pid + "/status");
    }

    private static void roundTrip(InetSocketAddress address, String text) throws IOException {
        try (LineClient c = new LineClient(address)) {
            c.write(text + "\n");
            assertThat(c.readLine("\n")).isEqualTo(text);
        }
    }

    @Test
    void echoStaysBoundedAndServesOthersWhileAClientSends600MBAndNeverReads() throws Exception {
        try (SampleProcess echo = SampleProcess.start(dir, List.of("-Xmx64m"), "echo", "--port", "0")) {
            InetSocketAddress address = echo.awaitListening();
            roundTrip(address, "warm up");
            long baseKb = statusKb(echo.pid(), "VmRSS");

            AtomicLong sent = new AtomicLong();
            AtomicReference<String> writerEnd = new AtomicReference<>();
            try (Socket bad = new Socket(address.getAddress(), address.getPort())) {
                bad.setReceiveBufferSize(64 * 1024);
                Thread writer = Thread.ofVirtual().name("never-reading-writer").start(() -> {
                    byte[] chunk = new byte[CHUNK];
                    try {
                        OutputStream out = bad.getOutputStream();
                        while (sent.get() < TOTAL) {
                            long from = sent.get();
                            int n = (int) Math.min(CHUNK, TOTAL - from);
                            for (int i = 0; i < n; i++) {
                                chunk[i] = at(from + i);
                            }
                            out.write(chunk, 0, n);
                            sent.addAndGet(n);
                        }
                        writerEnd.set("finished");
                    } catch (IOException e) {
                        writerEnd.set("failed: " + e);
                    }
                });

                // Wait until the writer is blocked: no progress for a while (or it ended, which fails below).
                long last = -1;
                long quietSince = System.nanoTime();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (writer.isAlive() && System.nanoTime() < deadline) {
                    long now = sent.get();
                    if (now != last) {
                        last = now;
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(writerEnd.get()).as("the writer is blocked by back-pressure, neither done nor reset")
                        .isNull();
                assertThat(sent.get()).isLessThan(TOTAL);
                long rssKb = statusKb(echo.pid(), "VmRSS");
                long peakKb = statusKb(echo.pid(), "VmHWM");
                System.err.printf("echo sample (-Xmx64m) under a never-reading client: sent %d MB of %d; VmRSS %d MB"
                        + " before, %d MB after, peak %d MB%n", sent.get() / 1_000_000, TOTAL / 1_000_000,
                        baseKb / 1024, rssKb / 1024, peakKb / 1024);
                assertThat(rssKb).as("VmRSS in kB, against %d kB before", baseKb).isLessThan(baseKb + GROWTH_KB);

                // Another client is served meanwhile.
                roundTrip(address, "still here");
                assertThat(echo.isAlive()).isTrue();

                // The client reads at last: everything comes back, in order, and the writer finishes.
                InputStream in = bad.getInputStream();
                byte[] buf = new byte[CHUNK];
                long got = 0;
                while (got < TOTAL) {
                    int n = in.read(buf);
                    assertThat(n).as("bytes read after %d", got).isPositive();
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != at(got + i)) {
                            throw new AssertionError("byte " + (got + i) + " differs");
                        }
                    }
                    got += n;
                }
                writer.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(writerEnd.get()).isEqualTo("finished");
                assertThat(got).isEqualTo(TOTAL);
            }
            assertThat(echo.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("WriteBufferFull");
        }
    }
}
