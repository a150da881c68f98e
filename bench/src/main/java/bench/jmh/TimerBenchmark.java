package bench.jmh;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.reactor.DelayedCall;
import net.reactor.Reactor;
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
 * Schedule one timer and cancel it while {@link #PENDING} other timers wait: Spindle's
 * {@code callLater} and {@code DelayedCall.cancel} (on a reactor that is set up but not running,
 * from the thread that created it, which a reactor allows until it runs), against a
 * {@link ScheduledThreadPoolExecutor} whose cancelled tasks leave its queue at once (its
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
    private Reactor reactor;
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

    /**
     * Creates the executor and the reactor, each with its pending timers. JMH runs this on the
     * benchmark's own thread, which therefore owns the reactor.
     */
    @Setup(Level.Trial)
    public void start() {
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        reactor = Reactor.create();
        for (int i = 0; i < PENDING; i++) {
            long delay = delays[i % delays.length] + i;
            executor.schedule(NOTHING, delay, TimeUnit.NANOSECONDS);
            reactor.callLater(Duration.ofNanos(delay), NOTHING);
        }
    }

    /** Stops the executor; the reactor never ran and holds no thread. */
    @TearDown(Level.Trial)
    public void stop() {
        executor.shutdownNow();
        reactor = null;
    }

    /**
     * Spindle: {@code callLater} then {@code cancel} on the reactor's timer queue.
     *
     * @return whether the call is still active after the cancel (false)
     */
    @Benchmark
    public boolean delayedCall() {
        DelayedCall timer = reactor.callLater(Duration.ofNanos(delays[next++ & 4095]), NOTHING);
        timer.cancel();
        return timer.active();
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
