package bench.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Group scaling ({@code bench/run --group}): Spindle's echo on a reactor group of 1, 2, ... N
 * reactors ({@code bench.echo.SpindleGroupEchoServer}), loaded with ping-pong on 100 connections
 * and bulk on 8 by M load-generator JVMs running side by side (the load generator itself is one
 * thread; {@code --load-threads M} starts M of them, each with its share of the connections, and
 * adds up their figures). Prints and writes ({@code bench/target/group-scaling.md}) the medians,
 * with the load average before and after.
 *
 * <p>Unlike the main suite, nothing is pinned unless asked: with N reactors the server needs N
 * cores. {@code --server-cores LIST} and {@code --load-cores LIST} ({@code taskset -c} lists)
 * pin the server and the load generators, on a machine with enough cores for both.
 *
 * <p>Options: {@code --quick}, {@code --reps N} (3), {@code --warmup S} (2), {@code --duration S}
 * (5), {@code --reactors 1,2}, {@code --load-threads M} (1), {@code --server-cores LIST},
 * {@code --load-cores LIST}, {@code --hand-off} (force the one-acceptor path), {@code --out FILE}.
 * Exit status 1 if a run failed or completed nothing.
 */
public final class GroupBench {
    private static final int PINGPONG_CONNECTIONS = 100;
    private static final int BULK_CONNECTIONS = 8;

    private GroupBench() {}

    /**
     * Runs the comparison.
     *
     * @param args see the class comment
     * @throws Exception if the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        int reps = 3;
        double warmup = 2;
        double duration = 5;
        List<Integer> reactors = List.of(1, 2);
        int loadThreads = 1;
        String serverCores = null;
        String loadCores = null;
        boolean handOff = false;
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Path out = bench.resolve("target/group-scaling.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    reps = 1;
                    warmup = 0.3;
                    duration = 0.7;
                }
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--reactors" -> reactors = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--load-threads" -> loadThreads = Integer.parseInt(args[++i]);
                case "--server-cores" -> serverCores = args[++i];
                case "--load-cores" -> loadCores = args[++i];
                case "--hand-off" -> handOff = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("bench/run --group: unknown option " + args[i]
                        + " (--quick, --reps N, --warmup S, --duration S, --reactors 1,2, --load-threads M,"
                        + " --server-cores LIST, --load-cores LIST, --hand-off, --out FILE)");
            }
        }
        Path logs = bench.resolve("target/bench-logs");
        Files.createDirectories(logs);
        String loadBefore = Machine.loadAverage();
        List<String> failures = new ArrayList<>();
        // figures.get(workload).get(reactors) -> one aggregated map per repetition
        Map<String, Map<Integer, List<Map<String, Double>>>> figures = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (int r = 0; r < reactors.size(); r++) {
                int n = reactors.get((r + rep - 1) % reactors.size());
                Path log = logs.resolve("group-" + n + "-rep" + rep + ".log");
                List<String> serverArgs = new ArrayList<>(List.of(Integer.toString(n), "0"));
                if (handOff) {
                    serverArgs.add("hand-off");
                }
                // A fresh log: the port is read from it, and an earlier run's LISTENING line must not count.
                Files.deleteIfExists(log);
                Process server = new ProcessBuilder(command(serverCores, "bench.echo.SpindleGroupEchoServer", serverArgs))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                try {
                    int port = awaitPort(server, log);
                    load(loadCores, port, server.pid(), List.of("--workload", "check", "--connections", "1"), 1, log);
                    for (String kind : List.of("pingpong", "bulk")) {
                        int connections = kind.equals("pingpong") ? PINGPONG_CONNECTIONS : BULK_CONNECTIONS;
                        Map<String, Double> f = load(loadCores, port, server.pid(), List.of("--workload", kind,
                                "--warmup", Double.toString(warmup), "--duration", Double.toString(duration)),
                                Math.min(loadThreads, connections), connections, log);
                        if (f.getOrDefault("ops", 0.0) <= 0) {
                            failures.add("rep " + rep + " " + n + " reactors " + kind + ": completed nothing");
                            continue;
                        }
                        figures.computeIfAbsent(kind + "-" + connections, k -> new LinkedHashMap<>())
                                .computeIfAbsent(n, k -> new ArrayList<>()).add(f);
                        System.out.printf(Locale.ROOT, "rep %d  reactors=%d  %-12s ops_per_s=%.0f  per_server_cpu_s=%.0f"
                                        + "  server_cpu_util=%.2f%s%n", rep, n, kind + "-" + connections, f.get("ops_per_s"),
                                f.getOrDefault("ops_per_server_cpu_s", 0.0), f.getOrDefault("server_cpu_util", 0.0),
                                f.containsKey("mb_per_s") ? String.format(Locale.ROOT, "  mb_per_s=%.0f", f.get("mb_per_s")) : "");
                    }
                } catch (IOException e) {
                    failures.add("rep " + rep + " " + n + " reactors: " + e.getMessage());
                    System.out.println("FAILED " + n + " reactors: " + e.getMessage());
                } finally {
                    server.destroy();
                    if (!server.waitFor(10, TimeUnit.SECONDS)) {
                        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
        String table = table(figures, reps, warmup, duration, loadThreads, serverCores, loadCores, handOff, loadBefore,
                Machine.loadAverage());
        System.out.println();
        System.out.print(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("\nresults: " + out);
        if (!failures.isEmpty()) {
            System.err.println("\nFAILED:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    /** A JVM command line with the suite's flags, pinned to {@code cores} when given. */
    private static List<String> command(String cores, String mainClass, List<String> args) {
        return Jvm.javaCommand(cores, mainClass, args);
    }

    private static int awaitPort(Process server, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readString(log, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("LISTENING ")) {
                    return Integer.parseInt(line.substring(10).trim());
                }
            }
            if (!server.isAlive()) {
                throw new IOException("server exited with status " + server.exitValue() + ": see " + log);
            }
            Thread.sleep(50);
        }
        throw new IOException("server did not announce its port within 60 s: see " + log);
    }

    private static Map<String, Double> load(String cores, int port, long pid, List<String> workload, int generators,
            Path log) throws IOException, InterruptedException {
        return load(cores, port, pid, workload, generators, 1, log);
    }

    /**
     * Runs {@code generators} load-generator JVMs at once, splitting {@code connections} between
     * them, and adds up their figures: operations and bytes add; the server's CPU seconds are
     * measured by each over nearly the same window, so their mean stands for the run.
     */
    private static Map<String, Double> load(String cores, int port, long pid, List<String> workload, int generators,
            int connections, Path log) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (int g = 0; g < generators; g++) {
            int share = connections / generators + (g < connections % generators ? 1 : 0);
            List<String> args = new ArrayList<>(workload);
            if (!args.contains("--connections")) {
                args.addAll(List.of("--connections", Integer.toString(share)));
            }
            args.addAll(List.of("--port", Integer.toString(port), "--server-pid", Long.toString(pid)));
            processes.add(new ProcessBuilder(command(cores, "bench.load.LoadGenerator", args)).redirectErrorStream(true)
                    .start());
        }
        List<Map<String, Double>> results = new ArrayList<>();
        for (Process p : processes) {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            Files.writeString(log, "$ load " + String.join(" ", workload) + "\n" + output, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            Map<String, Double> r = null;
            for (String line : output.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    r = LoadRun.parse(line);
                }
            }
            if (r == null) {
                throw new IOException("load generator printed no result: " + output.strip());
            }
            results.add(r);
        }
        Map<String, Double> sum = new LinkedHashMap<>();
        double ops = 0;
        double mb = 0;
        double opsPerS = 0;
        double mbPerS = 0;
        double serverCpu = 0;
        double seconds = 0;
        double p99 = 0;
        for (Map<String, Double> r : results) {
            ops += r.getOrDefault("ops", 0.0);
            opsPerS += r.getOrDefault("ops_per_s", 0.0);
            mbPerS += r.getOrDefault("mb_per_s", 0.0);
            mb += r.getOrDefault("mb_per_s", 0.0) * r.getOrDefault("seconds", 0.0);
            serverCpu += r.getOrDefault("server_cpu_s", 0.0) / results.size();
            seconds += r.getOrDefault("seconds", 0.0) / results.size();
            p99 = Math.max(p99, r.getOrDefault("p99_us", 0.0));
        }
        sum.put("ops", ops);
        sum.put("ops_per_s", opsPerS);
        sum.put("server_cpu_util", seconds > 0 ? serverCpu / seconds : 0);
        sum.put("ops_per_server_cpu_s", serverCpu > 0 ? ops / serverCpu : 0);
        if (mbPerS > 0) {
            sum.put("mb_per_s", mbPerS);
            sum.put("mb_per_server_cpu_s", serverCpu > 0 ? mb / serverCpu : 0);
        }
        if (p99 > 0) {
            sum.put("p99_us", p99);
        }
        return sum;
    }


    private static String table(Map<String, Map<Integer, List<Map<String, Double>>>> figures, int reps, double warmup,
            double duration, int loadThreads, String serverCores, String loadCores, boolean handOff, String loadBefore,
            String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Spindle echo on a reactor group: 1 vs N reactors (median of %d, %.1f s"
                + " warm-up, %.1f s timed)%n%n", reps, warmup, duration));
        md.append(String.format(Locale.ROOT, "- machine: %d cores; server %s; %d load-generator JVM(s) %s; balancing %s%n",
                Runtime.getRuntime().availableProcessors(),
                serverCores == null ? "not pinned" : "on cores " + serverCores, loadThreads,
                loadCores == null ? "not pinned" : "on cores " + loadCores,
                handOff ? "hand-off (forced)" : "AUTO (SO_REUSEPORT on Linux)"));
        md.append("- load average (/proc/loadavg) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append('\n');
        if (Runtime.getRuntime().availableProcessors() <= 2 && serverCores == null) {
            md.append("- with as few cores as reactors, the reactors share them with the load generator:"
                    + " these figures show the group works, not how it scales\n");
        }
        md.append("\n| workload | reactors | round trips/s | MB/s | per server CPU-s | server CPU | p99 µs | vs 1 reactor |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        figures.forEach((workload, byReactors) -> {
            // ops are round trips for ping-pong and bytes for bulk: the ratio is of throughput either way.
            double one = median(byReactors.getOrDefault(1, List.of()), "ops_per_s");
            byReactors.keySet().stream().sorted().forEach(n -> {
                List<Map<String, Double>> runs = byReactors.get(n);
                double opsPerS = median(runs, "ops_per_s");
                boolean bulk = workload.startsWith("bulk");
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.0f %s | %.2f | %s | %s |%n", workload, n,
                        bulk ? "-" : String.format(Locale.ROOT, "%.0f", opsPerS),
                        bulk ? String.format(Locale.ROOT, "%.0f", median(runs, "mb_per_s")) : "-",
                        bulk ? median(runs, "mb_per_server_cpu_s") : median(runs, "ops_per_server_cpu_s"),
                        bulk ? "MB" : "ops", median(runs, "server_cpu_util"),
                        bulk ? "-" : String.format(Locale.ROOT, "%.0f", median(runs, "p99_us")),
                        one > 0 ? String.format(Locale.ROOT, "%.2f×", opsPerS / one) : "-"));
            });
        });
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
