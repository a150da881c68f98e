package bench.driver;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * How a run of the suite is configured, from {@code bench/run}'s arguments. Three modes: the
 * default (medians of 3, short warm-ups that run on while a JIT compiler is busy, about eight
 * minutes on two quiet cores), {@code --full} (the longer windows of earlier runs, every JMH
 * comparison, more warm-up and measurement iterations) and {@code --quick} (the CI smoke run).
 *
 * @param quick whether this is the CI smoke run: about a second per workload, nothing timed seriously
 * @param repetitions rounds over every server (the servers' order rotates each round)
 * @param warmupSeconds load before each timed window, at least
 * @param durationSeconds each timed window
 * @param idleConnections connections held open for the idle-memory workload
 * @param network whether to run the network workloads
 * @param groups which network groups to run: {@code tcp}, {@code lines}, {@code tls}, {@code amp}
 * @param jmh whether to run the JMH microbenchmarks
 * @param out where raw results, tables and chart go
 * @param full whether this is the full mode ({@code --full})
 * @param warmupMaxSeconds how long a warm-up may run on while a JIT compiler is busy
 * @param dryRun whether to print the plan and its estimated time instead of running it
 */
record Settings(
        boolean quick,
        int repetitions,
        double warmupSeconds,
        double durationSeconds,
        int idleConnections,
        boolean network,
        java.util.Set<String> groups,
        boolean jmh,
        Path out,
        boolean full,
        double warmupMaxSeconds,
        boolean dryRun) {

    /** The network groups, in the order they run. */
    static final java.util.List<String> GROUPS = java.util.List.of("tcp", "lines", "tls", "amp");

    static Settings parse(String[] args, Path benchDirectory) {
        boolean quick = false;
        boolean full = false;
        boolean dryRun = false;
        Integer repetitions = null;
        Double warmup = null;
        Double warmupMax = null;
        Double duration = null;
        Integer idle = null;
        boolean network = true;
        boolean jmh = true;
        Path out = null;
        java.util.Set<String> groups = new java.util.LinkedHashSet<>(GROUPS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full" -> full = true;
                case "--dry-run" -> dryRun = true;
                case "--reps" -> repetitions = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--warmup-max" -> warmupMax = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--idle-connections" -> idle = Integer.parseInt(args[++i]);
                case "--no-network" -> network = false;
                case "--no-jmh" -> jmh = false;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> {
                    String group = args[++i];
                    if (!GROUPS.contains(group)) {
                        throw new IllegalArgumentException("--only takes tcp, lines, tls or amp, not " + group);
                    }
                    groups = java.util.Set.of(group);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --quick --full --dry-run --reps N --warmup S --warmup-max S --duration S"
                        + " --idle-connections N --no-network --only tcp|lines|tls|amp --no-jmh --out DIR)");
            }
        }
        if (quick && full) {
            throw new IllegalArgumentException("--quick and --full exclude each other");
        }
        if (out == null) {
            out = quick
                    ? benchDirectory.resolve("target/quick-results")
                    : benchDirectory.resolve("results").resolve(LocalDate.now().toString());
        }
        double warmupSeconds = warmup != null ? warmup : quick ? 0.2 : full ? 1.0 : 0.5;
        return new Settings(
                quick,
                repetitions != null ? repetitions : quick ? 1 : 3,
                warmupSeconds,
                duration != null ? duration : quick ? 0.8 : full ? 2.0 : 1.25,
                idle != null ? idle : quick ? 1000 : 10_000,
                network,
                groups,
                jmh,
                out,
                full,
                // Quick mode never waits for the JIT: it times nothing.
                Math.max(warmupSeconds, warmupMax != null ? warmupMax : quick ? 0 : full ? 4.0 : 2.0),
                dryRun);
    }
}
