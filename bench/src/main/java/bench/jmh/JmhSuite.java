package bench.jmh;

import bench.report.RawResults;
import java.util.ArrayList;
import java.util.Collection;
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

    private JmhSuite() {}

    /**
     * How long the suite runs.
     *
     * <ul>
     *   <li>{@code QUICK}: one short iteration each, to prove every benchmark works;
     *   <li>{@code DEFAULT}: one warm-up iteration of 0.5 s (the JIT compiles these loops within
     *       milliseconds; the first measured iteration beside the other two shows it), three measured
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
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(INCLUDE)
                .forks(1)
                .jvmArgs(jvmFlags.toArray(String[]::new))
                .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(500));
        } else {
            options.warmupIterations(mode == Mode.FULL ? 2 : 1)
                    .warmupTime(mode == Mode.FULL ? TimeValue.seconds(1) : TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        if (mode != Mode.FULL) {
            options.param("queue", CallFromThreadBenchmark.DEFAULT_QUEUES);
        }
        Collection<RunResult> results = new Runner(options.build()).run();

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
}
