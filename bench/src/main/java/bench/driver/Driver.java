package bench.driver;

import bench.jmh.JmhSuite;
import bench.report.RawResults;
import bench.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole suite (started by {@code bench/run}): every echo server in its own pinned JVM,
 * checked for correct echoes, then loaded by the load generator in another pinned JVM, workload
 * by workload, with the servers' order rotating between repetitions; then the JMH
 * microbenchmarks; then the tables and chart, generated from the raw files.
 *
 * <p>Exit status: 0 when every run completed operations; 1 when a run failed or completed none.
 */
public final class Driver {

    private final Settings settings;
    private final Jvm jvm = new Jvm();
    private final RawResults raw;
    private final Path logs;
    private final List<String> failures = new ArrayList<>();
    private final TlsKeyStore tls;

    private Driver(Settings settings, Path logs, TlsKeyStore tls) {
        this.settings = settings;
        this.raw = new RawResults(settings.out(), settings.network(), settings.jmh());
        this.logs = logs;
        this.tls = tls;
    }

    /**
     * Runs the suite.
     *
     * @param args {@code --quick}, {@code --full}, {@code --dry-run} (print the plan and its
     *     estimated time, run nothing), {@code --reps N}, {@code --warmup S}, {@code --warmup-max S},
     *     {@code --duration S}, {@code --idle-connections N}, {@code --no-network},
     *     {@code --only tcp|lines|tls|amp}, {@code --no-jmh}, {@code --out DIR}; or
     *     {@code --tls-latency ...} for {@link TlsLatencyBench}
     * @throws Exception if the suite itself breaks (a failing benchmark is recorded, not thrown)
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--tls-latency")) { // TLS handshakes beside plain connections
            TlsLatencyBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        Settings settings = Settings.parse(args, bench);
        if (settings.dryRun()) {
            System.out.print(Plan.of(settings).describe());
            return;
        }
        Path logs = bench.resolve("target/bench-logs");
        Files.createDirectories(logs);
        Driver driver = new Driver(settings, logs, TlsKeyStore.create(bench.resolve("target/tls")));
        Machine.write(settings, driver.jvm, settings.out().resolve(RawResults.MACHINE), String.join(" ", args));
        if (settings.network()) {
            driver.network();
        }
        if (settings.jmh()) {
            driver.failures.addAll(JmhSuite.run(JmhSuite.Mode.of(settings.quick(), settings.full()), driver.raw, Jvm.FLAGS));
        }
        Machine.appendEnd(settings.out().resolve(RawResults.MACHINE));
        Path table = Report.generate(settings.out());
        System.out.println("\nresults: " + table);
        if (!driver.failures.isEmpty()) {
            System.err.println("\nFAILED:");
            driver.failures.forEach(failure -> System.err.println("  " + failure));
            System.exit(1);
        }
    }

    private void network() throws IOException, InterruptedException {
        if (settings.groups().contains("tcp")) {
            network(ServerSpec.TCP, Workload.tcp(settings));
        }
        if (settings.groups().contains("lines")) {
            network(ServerSpec.LINES, Workload.lines(settings));
        }
        if (settings.groups().contains("tls")) {
            network(ServerSpec.TLS, Workload.tls(settings));
        }
        if (settings.groups().contains("amp")) {
            String missing = ServerProcess.twistedMissing();
            if (missing == null || "1".equals(System.getenv("SPINDLE_REQUIRE_SERVERS"))) {
                network(ServerSpec.AMP, Workload.amp(settings)); // a missing Twisted then fails the run
            } else {
                // Without the peer there is no ratio to report; CI installs it and requires it.
                System.out.println("SKIPPED amp: " + missing + " (apt-get install -y python3-twisted)");
            }
        }
    }

    private void network(List<ServerSpec> servers, List<Workload> workloads) throws IOException, InterruptedException {
        servers.forEach(server -> raw.server(server.id(), server.label(), server.ours(), server.group()));
        for (int rep = 1; rep <= settings.repetitions(); rep++) {
            for (int i = 0; i < servers.size(); i++) {
                // Rotate the order each round, so no server always runs first or last.
                ServerSpec server = servers.get((i + rep - 1) % servers.size());
                // Every round checks its server first: the check also warms the server's echo
                // paths, so every round's first workload meets a server in the same state. A
                // fresh server's workload (idle) is not checked: its own first round of
                // connections warms the server before anything is read, the same in every round.
                runServer(rep, server, workloads.stream().filter(w -> !w.freshServer()).toList(), true);
                for (Workload fresh : workloads.stream().filter(Workload::freshServer).toList()) {
                    runServer(rep, server, List.of(fresh), false);
                }
            }
        }
    }

    /**
     * Starts {@code server}, checks its echoes if {@code check}, runs {@code workloads} against it
     * and stops it; what fails is recorded as failed.
     */
    private void runServer(int rep, ServerSpec server, List<Workload> workloads, boolean check)
            throws IOException, InterruptedException {
        Path serverLog = logs.resolve(server.id() + "-rep" + rep + ".log");
        Path loadLog = logs.resolve("load-" + server.id() + "-rep" + rep + ".log");
        ServerProcess process;
        List<String> tlsArgs = server.tls() ? tls.serverArgs() : List.of();
        try {
            process = ServerProcess.start(jvm, server, tlsArgs, serverLog);
        } catch (IOException e) {
            workloads.forEach(w -> fail(rep, server, w.id(), e.getMessage()));
            return;
        }
        try (process) {
            try {
                List<String> checkArgs = server.tls()
                        ? concat(List.of("--workload", "tlscheck"), tls.loadArgs())
                        : List.of("--workload", switch (server.group()) {
                            case "amp" -> "ampcheck";
                            case "lines" -> "linescheck";
                            default -> "check";
                        });
                if (check) {
                    LoadRun.run(jvm, process, checkArgs, loadLog, 120);
                }
            } catch (IOException e) {
                workloads.forEach(w -> fail(rep, server, w.id(), "echo check failed: " + e.getMessage()));
                return;
            }
            for (Workload workload : workloads) {
                // Idle opens two rounds of connections, each allowed 240 s on a starved machine.
                long timeout = workload.freshServer()
                        ? 600
                        : (long) (settings.warmupSeconds() + settings.durationSeconds()) * 2 + 180;
                try {
                    List<String> args = server.tls() ? concat(workload.args(), tls.loadArgs()) : workload.args();
                    Map<String, Double> figures = LoadRun.run(jvm, process, args, loadLog, timeout);
                    figures.forEach((metric, value) -> raw.network(rep, server.id(), workload.id(), metric, value));
                    double ops = figures.getOrDefault("ops", 0.0);
                    if (ops <= 0) {
                        fail(rep, server, workload.id(), "completed zero operations");
                    } else {
                        raw.status(rep, server.id(), workload.id(), "ok", "");
                        System.out.printf("rep %d  %-12s %-14s %s%n", rep, server.id(), workload.id(), headline(figures));
                    }
                } catch (IOException e) {
                    fail(rep, server, workload.id(), e.getMessage());
                }
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private void fail(int rep, ServerSpec server, String workload, String reason) {
        raw.status(rep, server.id(), workload, "failed", reason);
        String failure = "rep " + rep + " " + server.id() + " " + workload + ": " + reason;
        failures.add(failure);
        System.out.println("FAILED " + failure);
    }

    private static String headline(Map<String, Double> figures) {
        StringBuilder line = new StringBuilder();
        for (String metric : List.of("ops_per_s", "ops_per_server_cpu_s", "mb_per_s", "p99_us",
                "server_cpu_util", "loadgen_cpu_util", "bytes_per_connection", "warmup_s", "server_jit_cpu_s")) {
            Double value = figures.get(metric);
            if (value != null) {
                line.append(String.format(java.util.Locale.ROOT, "%s=%.4g  ", metric, value));
            }
        }
        return line.toString().strip();
    }
}
