package bench.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TLS handshakes off the reactor thread, measured ({@code bench/run --tls-latency}; issue 19,
 * section 2): one Spindle reactor ({@code bench.echo.SpindleMixedEchoServer}, pinned to the
 * server core) serves a plain echo port and a TLS echo port; the load generator (pinned to the
 * other core, workload {@code tlslatency}) keeps {@code --connections} established plain
 * connections ping-ponging at a steady pace and opens {@code --rate} new TLS clients per second
 * (full TLS 1.3 handshake, one echo, close). Both modes run in the same invocation, alternating
 * which goes first: handshakes inline on the reactor thread ({@code --inline-handshakes}, the old
 * behaviour) and off the reactor thread (the default). Prints and writes
 * ({@code bench/target/tls-latency.md}) the median ping-pong p50/p99/p99.9, handshakes per second
 * and the server's CPU use, per mode.
 *
 * <p>Options: {@code --quick} (one short repetition), {@code --reps N} (default 3),
 * {@code --warmup S} (default 3), {@code --duration S} (default 10), {@code --rate R} (default
 * 100), {@code --connections N} (default 100), {@code --pingpong-rate R} (round trips per second
 * over all plain connections, default 10000). Exit status 1 if a run failed or completed nothing.
 */
public final class TlsLatencyBench {
    private static final List<ServerSpec> MODES = List.of(
            new ServerSpec("inline", "handshakes inline (--inline-handshakes)", "bench.echo.SpindleMixedEchoServer",
                    List.of("--inline-handshakes"), true, true),
            new ServerSpec("off-loop", "handshakes off the reactor thread (default)", "bench.echo.SpindleMixedEchoServer",
                    List.of(), true, true));

    private TlsLatencyBench() {}

    /**
     * Runs both modes.
     *
     * @param args see the class comment
     * @throws Exception if the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        int reps = 3;
        double warmup = 3;
        double duration = 10;
        String rate = "100";
        String connections = "100";
        String pingPongRate = "10000";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    reps = 1;
                    warmup = 3; // BouncyCastle's first handshakes load and compile a lot of code
                    duration = 2;
                }
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--rate" -> rate = args[++i];
                case "--connections" -> connections = args[++i];
                case "--pingpong-rate" -> pingPongRate = args[++i];
                default -> throw new IllegalArgumentException("bench/run --tls-latency: unknown option " + args[i]
                        + " (--quick, --reps N, --warmup S, --duration S, --rate R, --connections N, --pingpong-rate R)");
            }
        }
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Path logs = bench.resolve("target/bench-logs");
        Files.createDirectories(logs);
        TlsKeyStore keys = TlsKeyStore.create(bench.resolve("target/tls"));
        Jvm jvm = new Jvm();
        String load = Machine.loadAverage();
        List<String> failures = new ArrayList<>();
        Map<String, List<Map<String, Double>>> figures = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (int m = 0; m < MODES.size(); m++) {
                ServerSpec mode = MODES.get((m + rep - 1) % MODES.size());
                Path serverLog = logs.resolve("tls-latency-" + mode.id() + "-rep" + rep + ".log");
                Files.deleteIfExists(serverLog);
                Path loadLog = logs.resolve("load-tls-latency-" + mode.id() + "-rep" + rep + ".log");
                try (ServerProcess process = ServerProcess.start(jvm, mode, keys.serverArgs(), serverLog)) {
                    List<String> workload = new ArrayList<>(List.of("--workload", "tlslatency",
                            "--tls-port", tlsPort(serverLog), "--rate", rate, "--connections", connections,
                            "--pingpong-rate", pingPongRate, "--warmup", Double.toString(warmup),
                            "--duration", Double.toString(duration)));
                    workload.addAll(keys.loadArgs());
                    Map<String, Double> f = LoadRun.run(jvm, process, workload, loadLog, (long) (warmup + duration) * 2 + 120);
                    if (f.getOrDefault("ops", 0.0) <= 0 || f.getOrDefault("handshakes", 0.0) <= 0) {
                        failures.add("rep " + rep + " " + mode.id() + ": completed nothing");
                        continue;
                    }
                    figures.computeIfAbsent(mode.id(), k -> new ArrayList<>()).add(f);
                    System.out.printf(Locale.ROOT, "rep %d  %-8s  pingpong p50=%.0f us p99=%.0f us p99.9=%.0f us"
                                    + "  handshakes/s=%.1f (failed %.0f)  server_cpu_util=%.2f%n", rep, mode.id(),
                            f.get("p50_us"), f.get("p99_us"), f.get("p999_us"), f.get("handshakes_per_s"),
                            f.getOrDefault("handshakes_failed", 0.0), f.getOrDefault("server_cpu_util", 0.0));
                } catch (IOException e) {
                    failures.add("rep " + rep + " " + mode.id() + ": " + e.getMessage());
                    System.out.println("FAILED " + mode.id() + ": " + e.getMessage());
                }
            }
        }
        String table = table(figures, reps, warmup, duration, rate, connections, pingPongRate, jvm, load, Machine.loadAverage());
        System.out.println();
        System.out.print(table);
        Path out = bench.resolve("target/tls-latency.md");
        Files.writeString(out, table);
        System.out.println("\nresults: " + out);
        if (!failures.isEmpty()) {
            System.err.println("\nFAILED:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    /** The TLS port the mixed server printed before its plain {@code LISTENING} line. */
    private static String tlsPort(Path serverLog) throws IOException {
        for (String line : Files.readAllLines(serverLog)) {
            if (line.startsWith("TLS-LISTENING ")) {
                return line.split(" ")[1];
            }
        }
        throw new IOException("the mixed server printed no TLS-LISTENING line: see " + serverLog);
    }


    private static String table(Map<String, List<Map<String, Double>>> figures, int reps, double warmup, double duration,
            String rate, String connections, String pingPongRate, Jvm jvm, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# TLS handshakes beside established plain connections, one reactor%n%n"
                + "%s new TLS 1.3 clients per second (full handshake, one 64-byte echo, close) while %s plain"
                + " connections ping-pong 64 bytes (%s round trips/s in all); median of %d, %.1f s warm-up,"
                + " %.1f s timed. %s. Load average before: %s; after: %s.%n%n",
                rate, connections, pingPongRate, reps, warmup, duration, jvm.pinningNote(), loadBefore, loadAfter));
        md.append("| mode | ping-pong p50 | p99 | p99.9 | round trips/s | handshakes/s | handshake p99 | server CPU |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (ServerSpec mode : MODES) {
            List<Map<String, Double>> runs = figures.get(mode.id());
            if (runs == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f µs | %.0f µs | %.0f µs | %.0f | %.1f | %.1f ms | %.2f |%n",
                    mode.label(), median(runs, "p50_us"), median(runs, "p99_us"), median(runs, "p999_us"),
                    median(runs, "ops_per_s"), median(runs, "handshakes_per_s"), median(runs, "handshake_p99_us") / 1e3,
                    median(runs, "server_cpu_util")));
        }
        md.append("\nGoal (issue 19): ping-pong p99 below 2 ms with handshakes off the reactor thread, and no fewer"
                + " handshakes per second than inline.\n");
        return md.toString();
    }

    private static double median(List<Map<String, Double>> runs, String metric) {
        double[] values = runs.stream().mapToDouble(r -> r.getOrDefault(metric, 0.0)).sorted().toArray();
        if (values.length == 0) {
            return 0;
        }
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
