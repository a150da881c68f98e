package bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Schedule one timer and cancel it while {@link #PENDING} other timers wait, the JDK's way:
 * a {@link ScheduledThreadPoolExecutor} whose cancelled tasks leave its queue at once (its
 * remove-on-cancel policy), as a cancelled DelayedCall leaves Spindle's timer queue.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TimerBenchmark {

    /** Timers already pending while the benchmark schedules and cancels. */
    static final int PENDING = 100_000;

    private static final Runnable NOTHING = () -> { };

    private ScheduledThreadPoolExecutor executor;
    private final long[] delays = TimerBenchmark.delays();
    private int next;

    /** Creates the benchmark (JMH does). */
    public TimerBenchmark() {}

    /** Between 1 and 1,000 seconds, so none fires during a run; fixed, so every run sees the same. */
    static long[] delays() {
        SplittableRandom random = new SplittableRandom(42);
        long[] delays = new long[4096];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = random.nextLong(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1000));
        }
        return delays;
    }

    /** Creates the executor with its pending timers. */
    @Setup(Level.Trial)
    public void start() {
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        for (int i = 0; i < PENDING; i++) {
            executor.schedule(NOTHING, delays[i % delays.length] + i, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void stop() {
        executor.shutdownNow();
    }

    /**
     * The peer: schedule and cancel on a ScheduledThreadPoolExecutor.
     *
     * @return whether the cancel succeeded
     */
    @Benchmark
    public boolean scheduledThreadPoolExecutor() {
        ScheduledFuture<?> timer = executor.schedule(NOTHING, delays[next++ & 4095], TimeUnit.NANOSECONDS);
        return timer.cancel(false);
    }
}
