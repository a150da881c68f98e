package bench.jmh;

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
import org.openjdk.jmh.annotations.Threads;

/**
 * Spindle's {@code callFromThread}: 1, 2 and 8 producer threads feeding a running reactor, with
 * the same producers, tasks and in-flight bound as {@link CallFromThreadBenchmark}'s peer loops.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReactorCallFromThreadBenchmark {

    /** Creates the benchmark (JMH does). */
    public ReactorCallFromThreadBenchmark() {}

    /** The running reactor, shared by the producers of one trial. */
    @State(Scope.Benchmark)
    public static class Running {
        SpindleReactor spindle;

        /** Creates the state (JMH does). */
        public Running() {}

        /** Starts the reactor on its own thread. */
        @Setup(Level.Trial)
        public void start() {
            spindle = new SpindleReactor();
        }

        /** Stops it. */
        @TearDown(Level.Trial)
        public void stop() {
            spindle.close();
        }
    }

    private static void send(Running running, Producer producer) {
        producer.awaitRoom();
        running.spindle.reactor.callFromThread(producer.task);
    }

    /**
     * One producer.
     *
     * @param running the reactor
     * @param producer this thread's producer state
     */
    @Benchmark
    @Threads(1)
    public void producers1(Running running, Producer producer) {
        send(running, producer);
    }

    /**
     * Two producers.
     *
     * @param running the reactor
     * @param producer this thread's producer state
     */
    @Benchmark
    @Threads(2)
    public void producers2(Running running, Producer producer) {
        send(running, producer);
    }

    /**
     * Eight producers.
     *
     * @param running the reactor
     * @param producer this thread's producer state
     */
    @Benchmark
    @Threads(8)
    public void producers8(Running running, Producer producer) {
        send(running, producer);
    }
}
