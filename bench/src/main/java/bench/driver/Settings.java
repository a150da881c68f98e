package bench.driver;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * How a run of the suite is configured, from {@code bench/run}'s arguments.
 *
 * @param quick whether this is the CI smoke run: about a second per workload, nothing timed seriously
 * @param repetitions rounds over every server (the servers' order rotates each round)
 * @param warmupSeconds load before each timed window
 * @param durationSeconds each timed window
 * @param idleConnections connections held open for the idle-memory workload
 * @param network whether to run the network workloads
 * @param groups which network groups to run: {@code tcp}, {@code tls}, {@code amp}
 * @param jmh whether to run the JMH microbenchmarks
 * @param out where raw results, tables and chart go
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
        Path out) {

    static Settings parse(String[] args, Path benchDirectory) {
        boolean quick = false;
        Integer repetitions = null;
        Double warmup = null;
        Double duration = null;
        Integer idle = null;
        boolean network = true;
        boolean jmh = true;
        Path out = null;
        java.util.Set<String> groups = java.util.Set.of("tcp", "tls", "amp");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--reps" -> repetitions = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--idle-connections" -> idle = Integer.parseInt(args[++i]);
                case "--no-network" -> network = false;
                case "--no-jmh" -> jmh = false;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> {
                    String group = args[++i];
                    if (!group.equals("tcp") && !group.equals("tls") && !group.equals("amp")) {
                        throw new IllegalArgumentException("--only takes tcp, tls or amp, not " + group);
                    }
                    groups = java.util.Set.of(group);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --quick --reps N --warmup S --duration S --idle-connections N"
                        + " --no-network --only tcp|tls|amp --no-jmh --out DIR)");
            }
        }
        if (out == null) {
            out = quick
                    ? benchDirectory.resolve("target/quick-results")
                    : benchDirectory.resolve("results").resolve(LocalDate.now().toString());
        }
        return new Settings(
                quick,
                repetitions != null ? repetitions : quick ? 1 : 3,
                warmup != null ? warmup : quick ? 0.2 : 1.0,
                duration != null ? duration : quick ? 0.8 : 2.0,
                idle != null ? idle : quick ? 1000 : 10_000,
                network,
                groups,
                jmh,
                out);
    }
}
