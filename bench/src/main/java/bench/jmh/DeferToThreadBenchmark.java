package bench.jmh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.reactor.Reactor;
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
 * A round trip from the event loop to a virtual thread and back: Spindle's {@code deferToThread}
 * (its Deferred fires on the reactor thread) against, on a queue-fed event loop,
 * {@code CompletableFuture.supplyAsync} on a virtual-thread executor with its result handed back
 * to the loop by {@code thenAcceptAsync}. Each invocation runs {@link #ROUND_TRIPS} round trips
 * one after another, each started by the previous one's callback on the loop thread; the score
 * is the time per round trip.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DeferToThreadBenchmark {

    /** Round trips per invocation, run one after another. */
    static final int ROUND_TRIPS = 1000;

    private QueueLoop loop;
    private ExecutorService virtualThreads;
    private SpindleReactor spindle;

    /** Creates the benchmark (JMH does). */
    public DeferToThreadBenchmark() {}

    /** Starts the loop and the virtual-thread executor. */
    @Setup(Level.Trial)
    public void start() {
        loop = new QueueLoop(new MpscUnboundedAtomicArrayQueue<>(1024));
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        spindle = new SpindleReactor();
    }

    /** Stops them. */
    @TearDown(Level.Trial)
    public void stop() {
        virtualThreads.close();
        loop.close();
        spindle.close();
    }

    /**
     * Spindle: round trips through {@code deferToThread}.
     *
     * @throws InterruptedException if interrupted while waiting for the round trips
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void deferToThread() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Reactor reactor = spindle.reactor;
        reactor.callFromThread(new Runnable() {
            private int remaining = ROUND_TRIPS;

            @Override
            public void run() {
                if (remaining-- == 0) {
                    done.countDown();
                    return;
                }
                reactor.deferToThread(() -> remaining).addCallback(value -> {
                    run();
                    return null;
                });
            }
        });
        await(done);
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
        await(done);
    }

    private static void await(CountDownLatch done) throws InterruptedException {
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("round trips did not finish within 60 s");
        }
    }
}
