package bench.jmh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The peer of Spindle's {@code deferToThread} round trip (event loop → virtual thread → event
 * loop): on an event loop thread, {@code CompletableFuture.supplyAsync} on a virtual-thread
 * executor, its result handed back to the loop with {@code thenAcceptAsync}. Each invocation runs
 * {@link #ROUND_TRIPS} round trips one after another; the score is the time per round trip.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DeferToThreadBenchmark {

    /** Round trips per invocation, run one after another. */
    static final int ROUND_TRIPS = 1000;

    private QueueLoop loop;
    private ExecutorService virtualThreads;

    /** Creates the benchmark (JMH does). */
    public DeferToThreadBenchmark() {}

    /** Starts the loop and the virtual-thread executor. */
    @Setup(Level.Trial)
    public void start() {
        loop = new QueueLoop(new MpscUnboundedAtomicArrayQueue<>(1024));
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** Stops them. */
    @TearDown(Level.Trial)
    public void stop() {
        virtualThreads.close();
        loop.close();
    }

    /**
     * The peer: round trips through CompletableFuture, a virtual thread and the loop.
     *
     * @throws InterruptedException if interrupted while waiting for the round trips
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void completableFutureOnVirtualThreads() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(new Runnable() {
            private int remaining = ROUND_TRIPS;

            @Override
            public void run() {
                if (remaining-- == 0) {
                    done.countDown();
                    return;
                }
                CompletableFuture.supplyAsync(() -> remaining, virtualThreads).thenAcceptAsync(value -> run(), loop);
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("round trips did not finish within 60 s");
        }
    }
}
