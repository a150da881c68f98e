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
 * (full TLS 1.3 handshake, one echo, close). Three modes run in the same invocation, rotating
 * which goes first: no TLS clients at all (the baseline: what this machine's ping-pong latency is
 * without any handshake), handshakes inline on the reactor thread ({@code --inline-handshakes},
 * the old behaviour) and off the reactor thread (the default). Prints and writes
 * ({@code bench/target/tls-latency.md}) the median ping-pong p50/p99/p99.9, handshakes per second
 * and the server's CPU use, per mode.
 *
 * <p>The warm-up lasts {@code --warmup} (default 40 s) and runs on while a JIT compiler is still
 * busy, up to {@code --warmup-max}: BouncyCastle's and the JDK's TLS code take tens of seconds of
 * C2 time to compile on one core, in pauses longer than the harness's JIT-quiet test, and a
 * window that opens earlier measures the compiler competing with the reactor (a p99 of 7–8 ms
 * after 15 s where 40 s give 3 ms on the 2-core machine of issue 19).
 *
 * <p>Options: {@code --quick} (one short repetition), {@code --reps N} (default 3),
 * {@code --warmup S} (default 40), {@code --warmup-max S} (default 60), {@code --duration S} (default 10), {@code --rate R} (default
 * 100), {@code --connections N} (default 100), {@code --pingpong-rate R} (round trips per second
 * over all plain connections, default 10000), {@code --tls-clients-core load|server} (where the TLS
 * clients run: in the load generator beside the ping-pong, the default, or in a JVM of their own on
 * the server's core, so that the ping-pong's core measures the server alone), {@code --server-cores
 * LIST} and {@code --load-cores LIST} (taskset lists, default 1 and 0: on a bigger machine, give the
 * server two cores of its own, e.g. {@code --server-cores 2,3 --load-cores 0,1}, and the handshake
 * workers no longer share the reactor's core). Exit status 1 if a run failed or completed nothing.
 */
public final class TlsLatencyBench {
    private static final List<ServerSpec> MODES = List.of(
            new ServerSpec("baseline", "no TLS clients (baseline)", "bench.echo.SpindleMixedEchoServer",
                    List.of(), true, true),
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
        double warmup = 40; // the JIT-quiet test ends BouncyCastle's warm-up too early: see the class comment
        double warmupMax = 60;
        double duration = 10;
        String rate = "100";
        String connections = "100";
        String pingPongRate = "10000";
        boolean clientsOnServerCore = false;
        String serverCores = Jvm.SERVER_CORE;
        String loadCores = Jvm.LOAD_CORE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    reps = 1;
                    warmup = 3; // BouncyCastle's first handshakes load and compile a lot of code
                    warmupMax = 3;
                    duration = 2;
                }
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--warmup-max" -> warmupMax = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--rate" -> rate = args[++i];
                case "--connections" -> connections = args[++i];
                case "--pingpong-rate" -> pingPongRate = args[++i];
                case "--server-cores" -> serverCores = args[++i];
                case "--load-cores" -> loadCores = args[++i];
                case "--tls-clients-core" -> clientsOnServerCore = switch (args[++i]) {
                    case "server" -> true;
                    case "load" -> false;
                    default -> throw new IllegalArgumentException("--tls-clients-core server|load, not " + args[i]);
                };
                default -> throw new IllegalArgumentException("bench/run --tls-latency: unknown option " + args[i]
                        + " (--quick, --reps N, --warmup S, --warmup-max S, --duration S, --rate R, --connections N, --pingpong-rate R, --tls-clients-core server|load, --server-cores LIST, --load-cores LIST)");
            }
        }
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Path logs = bench.resolve("target/bench-logs");
        Files.createDirectories(logs);
        TlsKeyStore keys = TlsKeyStore.create(bench.resolve("target/tls"));
        Jvm jvm = new Jvm().pinnedTo(serverCores, loadCores);
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
                    String tlsPort = tlsPort(serverLog);
                    boolean sideClients = clientsOnServerCore && !baseline(mode);
                    List<String> timing = List.of("--warmup", Double.toString(warmup),
                            "--warmup-max", Double.toString(warmupMax), "--duration", Double.toString(duration));
                    Process side = sideClients ? startSideClients(jvm, process, tlsPort, rate, timing, keys,
                            logs.resolve("load-tls-clients-" + mode.id() + "-rep" + rep + ".log")) : null;
                    List<String> workload = new ArrayList<>(List.of("--workload", "tlslatency",
                            "--tls-port", tlsPort, "--rate", baseline(mode) || sideClients ? "0" : rate,
                            "--connections", connections, "--pingpong-rate", pingPongRate));
                    workload.addAll(timing);
                    workload.addAll(keys.loadArgs());
                    Map<String, Double> f = new LinkedHashMap<>(
                            LoadRun.run(jvm, process, workload, loadLog, (long) (warmupMax + duration) * 2 + 120));
                    if (side != null) {
                        f.putAll(sideFigures(side, logs.resolve("load-tls-clients-" + mode.id() + "-rep" + rep + ".log")));
                    }
                    if (f.getOrDefault("ops", 0.0) <= 0 || !baseline(mode) && f.getOrDefault("handshakes", 0.0) <= 0) {
                        failures.add("rep " + rep + " " + mode.id() + ": completed nothing");
                        continue;
                    }
                    figures.computeIfAbsent(mode.id(), k -> new ArrayList<>()).add(f);
                    System.out.printf(Locale.ROOT, "rep %d  %-8s  warm-up %.0f s  pingpong p50=%.0f us p99=%.0f us p99.9=%.0f us"
                                    + "  handshakes/s=%.1f (failed %.0f)  server_cpu_util=%.2f%n", rep, mode.id(), f.getOrDefault("warmup_s", 0.0),
                            f.get("p50_us"), f.get("p99_us"), f.get("p999_us"), f.get("handshakes_per_s"),
                            f.getOrDefault("handshakes_failed", 0.0), f.getOrDefault("server_cpu_util", 0.0));
                } catch (IOException e) {
                    failures.add("rep " + rep + " " + mode.id() + ": " + e.getMessage());
                    System.out.println("FAILED " + mode.id() + ": " + e.getMessage());
                }
            }
        }
        String table = table(figures, reps, warmup, warmupMax, duration, rate, connections, pingPongRate,
                clientsOnServerCore, jvm, load, Machine.loadAverage());
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

    /**
     * With {@code --tls-clients-core server}: the TLS clients in a load generator of their own on
     * the server's core, so the ping-pong's core runs nothing but the ping-pong (its figures are
     * then the server's alone), and the reactor shares its core with both ends of every handshake.
     * It opens the clients at the given rate and keeps one plain connection of its own at 10
     * round trips/s; its window is timed as the main one's.
     */
    private static Process startSideClients(Jvm jvm, ServerProcess server, String tlsPort, String rate,
            List<String> timing, TlsKeyStore keys, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("--workload", "tlslatency", "--tls-port", tlsPort, "--rate", rate,
                "--connections", "1", "--pingpong-rate", "10"));
        args.addAll(timing);
        args.addAll(keys.loadArgs());
        args.addAll(List.of("--port", Integer.toString(server.port()), "--server-pid", Long.toString(server.pid())));
        Files.deleteIfExists(log);
        return new ProcessBuilder(jvm.command(jvm.serverCores(), "bench.load.LoadGenerator", args))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The handshake figures of the side clients' {@code RESULT} line, once their run ended. */
    private static Map<String, Double> sideFigures(Process side, Path log) throws IOException, InterruptedException {
        if (!side.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            side.destroyForcibly();
            throw new IOException("the TLS clients on the server core did not finish: see " + log);
        }
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("RESULT ")) {
                Map<String, Double> all = LoadRun.parse(line);
                Map<String, Double> handshakes = new LinkedHashMap<>();
                for (String key : List.of("handshakes", "handshakes_per_s", "handshakes_failed", "handshake_p50_us",
                        "handshake_p99_us")) {
                    handshakes.put(key, all.getOrDefault(key, 0.0));
                }
                return handshakes;
            }
        }
        throw new IOException("the TLS clients on the server core printed no result: see " + log);
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


    /** The mode that opens no TLS clients: the machine's ping-pong latency on its own. */
    private static boolean baseline(ServerSpec mode) {
        return mode.id().equals("baseline");
    }

    private static String table(Map<String, List<Map<String, Double>>> figures, int reps, double warmup, double warmupMax, double duration,
            String rate, String connections, String pingPongRate, boolean clientsOnServerCore, Jvm jvm, String loadBefore,
            String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# TLS handshakes beside established plain connections, one reactor%n%n"
                + "%s new TLS 1.3 clients per second (full handshake, one 64-byte echo, close) while %s plain"
                + " connections ping-pong 64 bytes (%s round trips/s in all); median of %d, %.0f s warm-up"
                + " (run on while a JIT compiler is busy, up to %.0f s), %.1f s timed. %s. Load average before: %s;"
                + " after: %s.%n%n",
                rate, connections, pingPongRate, reps, warmup, warmupMax, duration, jvm.pinningNote(), loadBefore, loadAfter));
        md.append(clientsOnServerCore
                ? "TLS clients: in a load generator of their own **on the server's core** (`--tls-clients-core server`):"
                        + " the ping-pong's core runs only the ping-pong, and the reactor shares its core with both ends"
                        + " of every handshake.\n\n"
                : "TLS clients: in the load generator, on its core, beside the ping-pong (the default"
                        + " `--tls-clients-core load`): their CPU and the load generator's own pauses count in the"
                        + " ping-pong's latency.\n\n");
        md.append("| mode | ping-pong p50 | p99 | p99.9 | round trips/s | handshakes/s | handshake p99 | server CPU | warm-up |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (ServerSpec mode : MODES) {
            List<Map<String, Double>> runs = figures.get(mode.id());
            if (runs == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f µs | %.0f µs | %.0f µs | %.0f | %.1f | %.1f ms | %.2f | %.0f s |%n",
                    mode.label(), median(runs, "p50_us"), median(runs, "p99_us"), median(runs, "p999_us"),
                    median(runs, "ops_per_s"), median(runs, "handshakes_per_s"), median(runs, "handshake_p99_us") / 1e3,
                    median(runs, "server_cpu_util"), median(runs, "warmup_s")));
        }
        md.append("\nGoal (issue 19): ping-pong p99 below 2 ms with handshakes off the reactor thread, and no fewer"
                + " handshakes per second than inline. The baseline row is the floor this machine allows: the same"
                + " ping-pong with no TLS client at all.\n");
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
