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
 * The UDP echo comparison ({@code bench/run --udp}): Spindle's {@code listenUDP}, a bare java.nio
 * {@code DatagramChannel} loop and Netty 4.2's NIO datagram channel, each in its own pinned JVM,
 * checked for whole echoes, then loaded by the same load generator ({@code udpecho}: flows of one
 * 64-byte datagram in flight each) in another pinned JVM, with the servers' order rotating between
 * repetitions. Prints and writes ({@code bench/target/udp-echo.md}) the median datagrams per
 * second and per server CPU-second, and each one's ratio to the bare loop.
 *
 * <p>Options: {@code --quick} (one short repetition), {@code --reps N} (default 3),
 * {@code --warmup S} (default 2), {@code --duration S} (default 5), {@code --flows N,N}
 * (default 1,64). Exit status 1 if a run failed or completed nothing.
 */
public final class UdpBench {
    private static final List<ServerSpec> SERVERS = List.of(
            new ServerSpec("spindle-udp", "Spindle listenUDP", "bench.echo.SpindleUdpEchoServer", List.of(), true, false),
            new ServerSpec("nio-udp", "bare java.nio DatagramChannel loop", "bench.echo.NioUdpEchoServer", List.of(),
                    false, false),
            new ServerSpec("netty-nio-udp", "Netty 4.2 NIO datagram", "bench.echo.NettyUdpEchoServer", List.of(), false,
                    false));

    private UdpBench() {}

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
        List<Integer> flows = List.of(1, 64);
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
                case "--flows" -> flows = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException("bench/run --udp: unknown option " + args[i]
                        + " (--quick, --reps N, --warmup S, --duration S, --flows N,N)");
            }
        }
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Path logs = bench.resolve("target/bench-logs");
        Files.createDirectories(logs);
        Jvm jvm = new Jvm();
        List<String> failures = new ArrayList<>();
        // figures.get(flows).get(server id) -> one map of figures per repetition
        Map<Integer, Map<String, List<Map<String, Double>>>> figures = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (int s = 0; s < SERVERS.size(); s++) {
                ServerSpec server = SERVERS.get((s + rep - 1) % SERVERS.size());
                Path serverLog = logs.resolve(server.id() + "-rep" + rep + ".log");
                Path loadLog = logs.resolve("load-" + server.id() + "-rep" + rep + ".log");
                try (ServerProcess process = ServerProcess.start(jvm, server, List.of(), serverLog)) {
                    LoadRun.run(jvm, process, List.of("--workload", "udpcheck"), loadLog, 120);
                    for (int n : flows) {
                        Map<String, Double> f = LoadRun.run(jvm, process, List.of("--workload", "udpecho",
                                "--connections", Integer.toString(n), "--warmup", Double.toString(warmup),
                                "--duration", Double.toString(duration)), loadLog, (long) (warmup + duration) * 2 + 120);
                        if (f.getOrDefault("ops", 0.0) <= 0) {
                            failures.add("rep " + rep + " " + server.id() + " flows " + n + ": completed nothing");
                            continue;
                        }
                        figures.computeIfAbsent(n, k -> new LinkedHashMap<>())
                                .computeIfAbsent(server.id(), k -> new ArrayList<>()).add(f);
                        System.out.printf(Locale.ROOT, "rep %d  %-14s flows=%-4d ops_per_s=%.0f  ops_per_server_cpu_s=%.0f"
                                        + "  server_cpu_util=%.2f  resent=%.0f%n", rep, server.id(), n, f.get("ops_per_s"),
                                f.getOrDefault("ops_per_server_cpu_s", 0.0), f.getOrDefault("server_cpu_util", 0.0),
                                f.getOrDefault("resent", 0.0));
                    }
                } catch (IOException e) {
                    failures.add("rep " + rep + " " + server.id() + ": " + e.getMessage());
                    System.out.println("FAILED " + server.id() + ": " + e.getMessage());
                }
            }
        }
        String table = table(figures, reps, warmup, duration);
        System.out.println();
        System.out.print(table);
        Path out = bench.resolve("target/udp-echo.md");
        Files.writeString(out, table);
        System.out.println("\nresults: " + out);
        if (!failures.isEmpty()) {
            System.err.println("\nFAILED:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    private static String table(Map<Integer, Map<String, List<Map<String, Double>>>> figures, int reps, double warmup,
            double duration) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# UDP echo, 64-byte datagrams on loopback (median of %d, %.1f s warm-up,"
                + " %.1f s timed)%n%n", reps, warmup, duration));
        md.append("| flows | server | datagrams/s | per server CPU-s | vs bare loop (per CPU-s) | server CPU |\n");
        md.append("|---|---|---|---|---|---|\n");
        figures.forEach((flows, byServer) -> {
            double bare = median(byServer.getOrDefault("nio-udp", List.of()), "ops_per_server_cpu_s");
            for (ServerSpec server : SERVERS) {
                List<Map<String, Double>> runs = byServer.get(server.id());
                if (runs == null) {
                    continue;
                }
                double perCpu = median(runs, "ops_per_server_cpu_s");
                md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %s | %.2f |%n", flows, server.label(),
                        median(runs, "ops_per_s"), perCpu, bare > 0 ? String.format(Locale.ROOT, "%.2f×", perCpu / bare) : "-",
                        median(runs, "server_cpu_util")));
            }
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
