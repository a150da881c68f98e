package bench.jmh;

import bench.report.RawResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every JMH benchmark of the bench module (one fork each, with the servers' JVM flags) and
 * records each measured iteration in the raw results. In quick mode each benchmark runs one short
 * iteration: enough to prove it works, not to time it.
 */
public final class JmhSuite {

    private static final String INCLUDE = "bench\\.jmh\\..*";

    /**
     * The benchmarks whose JIT work is not done in half a second: the pool's {@code runQuery}
     * crosses the reactor, a virtual thread per connection and H2, and with one 0.5 s warm-up its
     * three measured iterations still climbed (115k to 287k ops/s, reported as 0.49× plain JDBC;
     * after six 1 s warm-ups it is 521k against 466k). They run in a pass of their own with
     * {@link #SLOW_WARMUP_ITERATIONS} warm-up iterations of 1 s.
     */
    private static final String SLOW_TO_WARM = "bench\\.jmh\\.JdbcBenchmark\\..*";

    /** Warm-up iterations (1 s each) of the {@link #SLOW_TO_WARM} benchmarks outside quick mode. */
    public static final int SLOW_WARMUP_ITERATIONS = 6;

    /** How many benchmark methods (each one fork) {@link #SLOW_TO_WARM} matches: the pool and its peer. */
    public static final int SLOW_TO_WARM_FORKS = 2;

    private JmhSuite() {}

    /**
     * How long the suite runs.
     *
     * <ul>
     *   <li>{@code QUICK}: one short iteration each, to prove every benchmark works;
     *   <li>{@code DEFAULT}: one warm-up iteration of 0.5 s (the JIT compiles these loops within
     *       milliseconds; the first measured iteration beside the other two shows it; the pool
     *       benchmark, which needs longer, gets six of 1 s in a pass of its own), three measured
     *       iterations of 1 s, and the {@code callFromThread} peers a user would pick (a
     *       ConcurrentLinkedQueue loop, Netty's NIO event loop) beside the bare JCTools queue;
     *   <li>{@code FULL}: two warm-up iterations, and every {@code callFromThread} peer (also a
     *       LinkedBlockingQueue loop and Netty's epoll event loop).
     * </ul>
     */
    public enum Mode {
        /** The CI smoke run. */
        QUICK,
        /** {@code bench/run}. */
        DEFAULT,
        /** {@code bench/run --full}. */
        FULL;

        /**
         * The mode of a run's settings.
         *
         * @param quick {@code --quick}
         * @param full {@code --full}
         * @return the mode
         */
        public static Mode of(boolean quick, boolean full) {
            return quick ? QUICK : full ? FULL : DEFAULT;
        }
    }

    /**
     * The {@code callFromThread} peers the default and quick runs measure (the full run measures all).
     *
     * @return their {@code queue} parameter values
     */
    public static String[] defaultQueues() {
        return CallFromThreadBenchmark.DEFAULT_QUEUES.clone();
    }

    /**
     * Runs the suite.
     *
     * @param mode how long it runs and which peers it includes
     * @param raw where each measured iteration is recorded
     * @param jvmFlags the flags of each forked benchmark JVM
     * @return a description of each benchmark that failed or scored zero; empty when all worked
     * @throws RunnerException if JMH itself cannot run
     */
    public static List<String> run(Mode mode, RawResults raw, List<String> jvmFlags) throws RunnerException {
        boolean quick = mode == Mode.QUICK;
        ChainedOptionsBuilder options = options(mode, jvmFlags).include(INCLUDE);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(500));
        } else {
            options.exclude(SLOW_TO_WARM)
                    .warmupIterations(mode == Mode.FULL ? 2 : 1)
                    .warmupTime(mode == Mode.FULL ? TimeValue.seconds(1) : TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        if (mode != Mode.FULL) {
            options.param("queue", CallFromThreadBenchmark.DEFAULT_QUEUES);
        }
        List<RunResult> results = new ArrayList<>(new Runner(options.build()).run());
        if (!quick) {
            results.addAll(new Runner(options(mode, jvmFlags).include(SLOW_TO_WARM)
                    .warmupIterations(SLOW_WARMUP_ITERATIONS).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1)).build()).run());
        }

        List<String> failures = new ArrayList<>();
        Set<String> measured = new TreeSet<>();
        for (RunResult result : results) {
            var params = result.getParams();
            String paramText = params.getParamsKeys().stream()
                    .map(key -> key + "=" + params.getParam(key))
                    .collect(Collectors.joining(";"));
            String name = params.getBenchmark();
            measured.add(name);
            int iteration = 0;
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iterationResult : fork.getIterationResults()) {
                    double score = iterationResult.getPrimaryResult().getScore();
                    raw.jmh(name, params.getThreads(), paramText, ++iteration, score,
                            iterationResult.getScoreUnit());
                    if (!(score > 0)) {
                        failures.add("jmh " + name + " [" + paramText + "]: score " + score);
                    }
                }
            }
        }
        for (BenchmarkListEntry entry : BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(INCLUDE), List.of())) {
            if (!measured.contains(entry.getUsername())) {
                failures.add("jmh " + entry.getUsername() + ": no result (the benchmark threw; see its output above)");
            }
        }
        return failures;
    }

    /** What every pass shares: one fork with the suite's JVM flags. */
    private static ChainedOptionsBuilder options(Mode mode, List<String> jvmFlags) {
        return new OptionsBuilder()
                .forks(1)
                .jvmArgs(jvmFlags.toArray(String[]::new))
                .verbosity(mode == Mode.QUICK ? VerboseMode.SILENT : VerboseMode.NORMAL);
    }
}
