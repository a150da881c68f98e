package bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The soak run ({@code bench/run --soak}): starts {@link SoakServer} in its own JVM, drives it
 * with {@link SoakLoad} from this one, samples the server every few seconds from outside
 * ({@code /proc/PID/status} for resident memory and threads, {@code /proc/PID/fd} for
 * descriptors) and inside (its control port: heap after a collection, direct buffers, reactor
 * turn times), then judges every series with a {@link TrendRule} and checks that no byte was lost.
 *
 * <p>Writes {@code soak.csv}, {@code soak.png}, {@code results.md} and {@code server.log} to the
 * output directory. Exit status 0 if everything held, 1 if a series rose, a byte was lost or
 * corrupted, or the server did not return to its idle descriptor count; 2 for bad options.
 */
public final class Soak {

    /** The server JVM's flags: a fixed, pre-touched heap, so that resident growth is off-heap growth. */
    static final List<String> SERVER_FLAGS = List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx256m",
            "-XX:+AlwaysPreTouch");

    /** Descriptors the idle server may hold above its count before the load (lazily opened jars). */
    static final int FD_SLACK = 16;

    /**
     * One sampled series.
     *
     * @param column the CSV column
     * @param title the plot's title for it
     * @param rule the trend rule, or null if it is recorded but not judged
     */
    record Series(String column, String title, @org.jspecify.annotations.Nullable TrendRule rule) {}

    /**
     * The series, in CSV order. Tolerances: memory 10 % of the mean (floors of a few MiB, below
     * which allocation granularity and GC timing move the figures), descriptors 5 % (the open
     * connections vary with churn at the sampling instant), threads 10 % or 4, the p99 turn time
     * 100 % (the histogram's buckets are powers of two: one bucket up is a doubling) or 1 ms.
     * Turn times are the upper bound of the bucket holding the quantile, over the interval since
     * the previous sample.
     */
    static final List<Series> SERIES = List.of(
            new Series("rss_mib", "server resident memory (MiB)", new TrendRule(0.10, 16)),
            new Series("heap_after_gc_mib", "heap used after System.gc() (MiB)", new TrendRule(0.10, 8)),
            new Series("direct_mib", "direct buffers (MiB)", new TrendRule(0.10, 4)),
            new Series("os_threads", "server threads (/proc Threads)", new TrendRule(0.10, 4)),
            new Series("fds", "open descriptors (/proc/PID/fd)", new TrendRule(0.05, 16)),
            new Series("turn_p99_ms", "reactor turn time p99 (ms, bucket bound)", new TrendRule(1.0, 1)),
            new Series("nonheap_mib", "non-heap (metaspace, code cache) (MiB)", null),
            new Series("jvm_threads", "live JVM threads", null),
            new Series("turn_p50_ms", "reactor turn time p50 (ms, bucket bound)", null),
            new Series("server_open", "server connections open", null),
            new Series("exchanges_per_s", "exchanges per second (load)", null),
            new Series("pool_busy", "pool connections busy", null));

    private Soak() {}

    /**
     * Runs the soak.
     *
     * @param args the options (see {@link SoakSettings#USAGE})
     * @throws Exception if the server cannot start or the run cannot be recorded
     */
    public static void main(String[] args) throws Exception {
        Path bench = Path.of(System.getProperty("bench.dir", "bench"));
        SoakSettings settings;
        try {
            settings = SoakSettings.parse(args, bench);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(settings, bench) ? 0 : 1);
    }

    private static boolean run(SoakSettings settings, Path bench) throws Exception {
        Files.createDirectories(settings.out());
        Path keystore = keystore(bench.resolve("target/soak-keys"));
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Path serverLog = settings.out().resolve("server.log");
        Files.deleteIfExists(serverLog);
        Files.createFile(serverLog);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVER_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SoakServer.class.getName(),
                keystore.toString(), "spindle-soak"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile())).start();
        try {
            Map<String, Integer> ports = awaitPorts(server, serverLog);
            System.out.printf(Locale.ROOT, "== soak: server pid %d, ports %s; %s, %d connections, sample every %s,"
                            + " warm-up %s; load average %s%n", server.pid(), ports, seconds(settings.duration()),
                    settings.connections(), seconds(settings.every()), seconds(settings.warmup()), loadBefore);
            try (Control control = new Control(ports.get("control"))) {
                return drive(settings, server, ports, control, keystore, loadBefore);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean drive(SoakSettings settings, Process server, Map<String, Integer> ports, Control control,
            Path keystore, String loadBefore) throws Exception {
        long pid = server.pid();
        Map<String, Double> baseline = sample(pid, control);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "spindle-soak".toCharArray());
        }
        SoakLoad load = new SoakLoad(ports.get("echo"), ports.get("line"), ports.get("tls"), trusted,
                settings.thinkMillis(), settings.maxExchanges());
        long start = System.nanoTime();
        load.start(settings.connections(), Duration.ofSeconds(Math.min(10, settings.warmup().toSeconds())), 20261206L);
        List<double[]> rows = new ArrayList<>();
        long lastExchanges = 0;
        long lastTime = start;
        for (long tick = 1; ; tick++) {
            long due = start + settings.every().toNanos() * tick;
            if (due - start > settings.duration().toNanos()) {
                break;
            }
            long sleep = due - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            Map<String, Double> s = sample(pid, control);
            long now = System.nanoTime();
            long exchanges = load.exchanges.sum();
            s.put("exchanges_per_s", (exchanges - lastExchanges) / ((now - lastTime) / 1e9));
            lastExchanges = exchanges;
            lastTime = now;
            double[] row = new double[SERIES.size() + 1];
            row[0] = (now - start) / 1e9;
            for (int i = 0; i < SERIES.size(); i++) {
                row[i + 1] = s.getOrDefault(SERIES.get(i).column(), Double.NaN);
            }
            rows.add(row);
            System.out.printf(Locale.ROOT, "t=%5.0fs rss=%.0fMiB heap=%.1fMiB direct=%.1fMiB threads=%.0f fds=%.0f"
                            + " p99<=%.1fms open=%.0f %.0f ex/s failures=%d%n", row[0], s.get("rss_mib"),
                    s.get("heap_after_gc_mib"), s.get("direct_mib"), s.get("os_threads"), s.get("fds"),
                    s.get("turn_p99_ms"), s.get("server_open"), s.get("exchanges_per_s"), load.failures.sum());
        }
        boolean stopped = load.stop();
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        // Idle again: every load connection closed on the server too (the control one stays).
        Map<String, Double> after = sample(pid, control);
        for (int i = 0; i < 60 && after.get("server_open") > 1; i++) {
            Thread.sleep(250);
            after = sample(pid, control);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        double[] times = rows.stream().mapToDouble(r -> r[0]).toArray();
        List<SoakChart.Panel> panels = new ArrayList<>();
        List<String> verdictLines = new ArrayList<>();
        boolean risen = false;
        for (int i = 0; i < SERIES.size(); i++) {
            Series series = SERIES.get(i);
            int column = i + 1;
            double[] values = rows.stream().mapToDouble(r -> r[column]).toArray();
            TrendRule.Verdict verdict = series.rule() == null ? null
                    : series.rule().judge(times, values, settings.warmup().toSeconds());
            if (verdict != null) {
                risen |= verdict.rises();
                verdictLines.add(String.format(Locale.ROOT, "| %s | %s | %s |", series.title(),
                        verdict.rises() ? "**RISES**" : "flat", verdict.note()));
            }
            panels.add(new SoakChart.Panel(series.title(), times, values, settings.warmup().toSeconds(), verdict));
        }

        long expected = load.bytesExpected.sum();
        long received = load.bytesReceived.sum();
        boolean bytesOk = load.failures.sum() == 0 && expected == received
                && load.crcExpected.get() == load.crcReceived.get() && load.exchanges.sum() > 0 && stopped;
        boolean idleOk = after.get("server_open") <= 1 && after.get("fds") <= baseline.get("fds") + FD_SLACK;
        boolean pass = bytesOk && idleOk && !risen;

        writeCsv(settings.out().resolve("soak.csv"), rows);
        String title = String.format(Locale.ROOT, "Spindle soak: %d connections, %.0f s, %s", settings.connections(),
                loadSeconds, pass ? "PASS" : "FAIL");
        SoakChart.write(settings.out().resolve("soak.png"), title,
                "shaded: warm-up, not judged; dashed: fitted line; y scaled to the judged samples (grey rings:"
                        + " warm-up samples off scale); load average " + String.join(" ", java.util.Arrays.copyOf(loadBefore.split(" "), 3)),
                panels);
        StringBuilder report = new StringBuilder();
        report.append("# Soak run, ").append(Instant.now()).append("\n\n");
        report.append(String.format(Locale.ROOT, """
                        Verdict: **%s**. %d connections at once (echo 50 %%, line 30 %%, TLS 20 %%), %.0f s of load, \
                        a sample every %s, warm-up %s; think time 0-%d ms, 1-%d exchanges per connection.
                        Machine: %d cores; load average before `%s`, after `%s`.

                        | traffic | figure |
                        |---|---|
                        | exchanges | %,d |
                        | connections opened | %,d |
                        | bytes expected / received | %,d / %,d |
                        | CRC-32 sums expected / received | %d / %d |
                        | failures (short, corrupted, reset, timed out) | %d |
                        | server connections open after the load | %.0f (the control connection) |
                        | server descriptors before / after the load | %.0f / %.0f (allowed: +%d) |
                        | server threads before / after the load | %.0f / %.0f |
                        | pool calls succeeded / failed | %.0f / %.0f |

                        | series | verdict | figures (after the warm-up) |
                        |---|---|---|
                        """, pass ? "PASS" : "FAIL", settings.connections(), loadSeconds, seconds(settings.every()),
                seconds(settings.warmup()), 2 * settings.thinkMillis(), settings.maxExchanges(),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, load.exchanges.sum(),
                load.connectionsOpened.sum(), expected, received, load.crcExpected.get(), load.crcReceived.get(),
                load.failures.sum(), after.get("server_open"), baseline.get("fds"), after.get("fds"), FD_SLACK,
                baseline.get("os_threads"), after.get("os_threads"), after.get("pool_ok"), after.get("pool_failed")));
        verdictLines.forEach(line -> report.append(line).append('\n'));
        // Not a verdict (a loaded machine stalls any loop), but what the server logged belongs in the report.
        List<String> logged = Files.readAllLines(settings.out().resolve("server.log")).stream()
                .filter(line -> line.startsWith("WARNING:") || line.startsWith("SEVERE:")).toList();
        report.append("\nServer log (server.log): ").append(logged.size())
                .append(" WARNING/SEVERE lines (reported, not judged)").append(logged.isEmpty() ? ".\n" : ":\n\n");
        logged.stream().limit(10).forEach(line -> report.append("- `").append(line).append("`\n"));
        if (!load.failureNotes.isEmpty()) {
            report.append("\nFirst failures:\n\n");
            load.failureNotes.forEach(note -> report.append("- ").append(note).append('\n'));
        }
        if (!stopped) {
            report.append("\nSome load connections did not finish within the timeout after the run.\n");
        }
        Files.writeString(settings.out().resolve("results.md"), report);
        System.out.println(report);
        System.out.println("== soak: " + (pass ? "PASS" : "FAIL") + "; wrote " + settings.out());
        return pass;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.0f s", d.toMillis() / 1000.0);
    }

    /** One sample: outside figures from /proc, inside figures from the control port. */
    private static Map<String, Double> sample(long pid, Control control) throws IOException {
        Map<String, Double> s = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                s.put("rss_mib", Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024);
            } else if (line.startsWith("Threads:")) {
                s.put("os_threads", Double.parseDouble(line.replaceAll("[^0-9]", "")));
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            s.put("fds", (double) fds.count());
        }
        Map<String, String> inside = control.stats();
        double mib = 1024.0 * 1024;
        s.put("heap_after_gc_mib", Double.parseDouble(inside.get("heap")) / mib);
        s.put("direct_mib", Double.parseDouble(inside.get("direct")) / mib);
        s.put("nonheap_mib", Double.parseDouble(inside.get("nonheap")) / mib);
        s.put("jvm_threads", Double.parseDouble(inside.get("jvmThreads")));
        double p99 = Double.parseDouble(inside.get("p99us"));
        double p50 = Double.parseDouble(inside.get("p50us"));
        s.put("turn_p99_ms", p99 < 0 ? Double.NaN : p99 / 1000);
        s.put("turn_p50_ms", p50 < 0 ? Double.NaN : p50 / 1000);
        s.put("server_open", Double.parseDouble(inside.get("open")));
        s.put("pool_busy", Double.parseDouble(inside.get("poolBusy")));
        s.put("pool_ok", Double.parseDouble(inside.get("poolOk")));
        s.put("pool_failed", Double.parseDouble(inside.get("poolFailed")));
        return s;
    }

    private static void writeCsv(Path file, List<double[]> rows) throws IOException {
        StringBuilder csv = new StringBuilder("t_s");
        SERIES.forEach(series -> csv.append(',').append(series.column()));
        csv.append('\n');
        for (double[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                csv.append(i == 0 ? "" : ",").append(Double.isNaN(row[i]) ? "" : String.format(Locale.ROOT, "%.3f", row[i]));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    private static Map<String, Integer> awaitPorts(Process server, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("LISTENING ")) {
                    Map<String, Integer> ports = new LinkedHashMap<>();
                    for (String pair : line.substring(10).trim().split(" ")) {
                        String[] kv = pair.split("=");
                        ports.put(kv[0], Integer.parseInt(kv[1]));
                    }
                    return ports;
                }
            }
            if (!server.isAlive()) {
                throw new IOException("the soak server exited with status " + server.exitValue() + ": see " + log);
            }
            Thread.sleep(100);
        }
        throw new IOException("the soak server did not announce its ports within 90 s: see " + log);
    }

    /** The TLS port's self-signed key, made once with the JDK's keytool. */
    private static Path keystore(Path directory) throws IOException, InterruptedException {
        Path file = directory.resolve("soak.p12");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(directory);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "soak", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3650", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "spindle-soak", "-keypass", "spindle-soak")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return file;
    }

    /** The control connection: one {@code STATS} request at a time. */
    private static final class Control implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Control(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        Map<String, String> stats() throws IOException {
            out.write("STATS\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = in.readLine();
            if (line == null || line.startsWith("ERROR")) {
                throw new IOException("the control port answered " + line);
            }
            Map<String, String> figures = new HashMap<>();
            for (String pair : line.split(" ")) {
                int eq = pair.indexOf('=');
                figures.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return figures;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
