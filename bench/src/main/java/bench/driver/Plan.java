package bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * What a run will do and how long it should take on two quiet cores ({@code bench/run --dry-run}):
 * every server start, check and timed window of the network groups, and every JMH fork, costed
 * with the fixed overheads below. The overheads were measured on the 2-core development machine
 * at a quiet moment; the real start and end of a run are in its {@code machine.properties}.
 *
 * @param lines one line per part of the run, with its estimated seconds
 * @param seconds the whole run's estimate
 */
record Plan(List<String> lines, double seconds) {

    /** A server JVM, from its start until it announces its port. */
    static final double SERVER_START = 0.4;
    /** A load generator JVM beyond its timed window: start, connecting, exit. */
    static final double LOAD_OVERHEAD = 0.35;
    /** The echo check (4 MiB on one connection, 16 streams), its JVM included. */
    static final double CHECK = 0.8;
    /** The same over TLS: full handshakes and the crypto still cold. */
    static final double TLS_CHECK = 2.5;
    /** The AMP check (1,000 calls), with the Python peer's slower start. */
    static final double AMP_CHECK = 1.5;
    /** The ten-lines check (2,000 + 16 × 200 answers). */
    static final double LINES_CHECK = 0.6;
    /** How long a warm-up typically runs past its minimum while the JIT finishes (0, or a 200 ms look or two). */
    static final double JIT_WAIT = 0.15;
    /** The idle workload per 10,000 connections: two rounds opened, three heap readings, one echo each. */
    static final double IDLE_PER_10K = 6.0;
    /** A JMH fork beyond its iterations: JVM start, trial set-up (64 MiB inputs, an H2 database) and tear-down. */
    static final double JMH_FORK = 1.5;
    /** {@code bench/run}'s build when the modules are compiled already (Maven's up-to-date checks, packaging). */
    static final double BUILD = 30;

    static Plan of(Settings settings) {
        List<String> lines = new ArrayList<>();
        double total = BUILD;
        lines.add(line("build (./mvnw package, modules already compiled)", BUILD));
        if (settings.network()) {
            for (String group : Settings.GROUPS) {
                if (!settings.groups().contains(group)) {
                    continue;
                }
                List<ServerSpec> servers = switch (group) {
                    case "tcp" -> ServerSpec.TCP;
                    case "lines" -> ServerSpec.LINES;
                    case "tls" -> ServerSpec.TLS;
                    default -> ServerSpec.AMP;
                };
                List<Workload> workloads = switch (group) {
                    case "tcp" -> Workload.tcp(settings);
                    case "lines" -> Workload.lines(settings);
                    case "tls" -> Workload.tls(settings);
                    default -> Workload.amp(settings);
                };
                double check = switch (group) {
                    case "tls" -> TLS_CHECK;
                    case "amp" -> AMP_CHECK;
                    case "lines" -> LINES_CHECK;
                    default -> CHECK;
                };
                double perServer = SERVER_START + check;
                for (Workload workload : workloads) {
                    perServer += workload.freshServer()
                            ? SERVER_START + IDLE_PER_10K * settings.idleConnections() / 10_000.0
                            : seconds(workload.args(), "--warmup") + JIT_WAIT + seconds(workload.args(), "--duration")
                                    + LOAD_OVERHEAD;
                }
                double seconds = perServer * settings.repetitions() * servers.size();
                total += seconds;
                lines.add(line(String.format(Locale.ROOT, "%-5s %d servers x %d reps x %d workloads", group,
                        servers.size(), settings.repetitions(), workloads.size()), seconds));
            }
        }
        if (settings.jmh()) {
            boolean quick = settings.quick();
            int warmups = quick ? 1 : settings.full() ? 2 : 1;
            double iterations = quick ? 0.2 + 0.5 : settings.full() ? 2 + 3 : 0.5 + 3;
            int forks = jmhForks(settings.full());
            double seconds = forks * (JMH_FORK + iterations);
            if (!quick) { // the pool benchmarks' longer warm-up (JmhSuite.SLOW_TO_WARM)
                seconds += bench.jmh.JmhSuite.SLOW_TO_WARM_FORKS
                        * (bench.jmh.JmhSuite.SLOW_WARMUP_ITERATIONS - (settings.full() ? 2 : 0.5));
            }
            total += seconds;
            lines.add(line(String.format(Locale.ROOT, "jmh   %d forks x (%d warm-up + %d measured iterations)", forks,
                    warmups, quick ? 1 : 3), seconds));
        }
        lines.add(line("total (estimate for two quiet cores)", total));
        return new Plan(lines, total);
    }

    /** The plan as printed by {@code --dry-run}. */
    String describe() {
        StringBuilder text = new StringBuilder("bench/run plan (nothing is run):\n");
        lines.forEach(line -> text.append("  ").append(line).append('\n'));
        return text.toString();
    }

    /** JMH forks: one per benchmark method and combination of parameters the mode runs. */
    private static int jmhForks(boolean full) {
        int forks = 0;
        for (BenchmarkListEntry entry : BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of("bench\\.jmh\\..*"), List.of())) {
            int combinations = 1;
            if (entry.getParams().hasValue()) {
                for (Map.Entry<String, String[]> param : entry.getParams().get().entrySet()) {
                    combinations *= !full && param.getKey().equals("queue")
                            ? bench.jmh.JmhSuite.defaultQueues().length
                            : param.getValue().length;
                }
            }
            forks += combinations;
        }
        return forks;
    }

    private static double seconds(List<String> args, String option) {
        int i = args.indexOf(option);
        return i < 0 ? 0 : Double.parseDouble(args.get(i + 1));
    }

    private static String line(String what, double seconds) {
        return String.format(Locale.ROOT, "%-62s %6.0f s  (%4.1f min)", what, seconds, seconds / 60);
    }
}
