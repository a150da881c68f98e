package bench.jmh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A chain of 10 callbacks built on a pending result, then fired, on one thread: Spindle's
 * Deferred against a CompletableFuture with 10 {@code thenApply} stages.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallbackChainBenchmark {

    /** The number of callbacks in each chain. */
    static final int LENGTH = 10;

    private static final Function<Integer, Integer> INCREMENT = value -> value + 1;
    private static final ThrowingFunction<Integer, Integer> DEFERRED_INCREMENT = value -> value + 1;

    /** Creates the benchmark (JMH does). */
    public CallbackChainBenchmark() {}

    /**
     * Spindle: a Deferred with 10 callbacks (each returning a new reference to the chain), fired,
     * its result read.
     *
     * @return the chain's result (10)
     */
    @Benchmark
    public Integer deferred() {
        Deferred<Integer> start = new Deferred<>();
        Deferred<Integer> chain = start;
        for (int i = 0; i < LENGTH; i++) {
            chain = chain.addCallback(DEFERRED_INCREMENT);
        }
        start.callback(0); // the start fires; each step returned the chain's new end
        return ((Outcome.Success<Integer>) chain.peek()).value();
    }

    /**
     * The peer: a CompletableFuture with 10 {@code thenApply} stages, completed, its last stage read.
     *
     * @return the chain's result (10)
     */
    @Benchmark
    public Integer completableFuture() {
        CompletableFuture<Integer> head = new CompletableFuture<>();
        CompletableFuture<Integer> tail = head;
        for (int i = 0; i < LENGTH; i++) {
            tail = tail.thenApply(INCREMENT);
        }
        head.complete(0);
        return tail.join();
    }
}
