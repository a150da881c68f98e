package bench.jmh;

import java.util.Queue;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The peers of Spindle's {@code callFromThread}: 1, 2 and 8 producer threads feeding one event
 * loop thread through a ConcurrentLinkedQueue, a LinkedBlockingQueue or (for reference) the same
 * JCTools MPSC queue the reactor uses, all in {@link QueueLoop}; and what a user would pick
 * instead of a reactor, Netty 4.2's event loop ({@code execute()} on a one-thread
 * {@code MultiThreadIoEventLoopGroup}, NIO or native epoll), with its own queue and wake-up. A score counts tasks that ran on the loop thread: each
 * producer keeps at most {@link Producer#IN_FLIGHT} tasks not yet run, so the figure is the
 * loop's throughput, not the speed of filling a queue.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallFromThreadBenchmark {

    /**
     * The queues of the default and quick runs: the one a user would pick for a hand-made loop,
     * the reactor's own bare queue, and Netty's event loop ({@code --full} adds the rest).
     */
    static final String[] DEFAULT_QUEUES = {"clq", "mpsc", "netty"};

    /** Creates the benchmark (JMH does). */
    public CallFromThreadBenchmark() {}

    /** The loop, shared by the producers of one trial. */
    @State(Scope.Benchmark)
    public static class Loop {
        /**
         * The queue feeding the loop: {@code clq}, {@code lbq}, {@code mpsc} in a
         * {@link QueueLoop}, or {@code netty} / {@code netty-epoll}, Netty's event loop.
         */
        @Param({"clq", "lbq", "mpsc", "netty", "netty-epoll"})
        public String queue;

        Executor loop;
        private AutoCloseable stop;

        /** Creates the state (JMH does). */
        public Loop() {}

        /** Starts the loop thread. */
        @Setup(Level.Trial)
        public void start() {
            if (queue.startsWith("netty")) {
                EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                        queue.equals("netty-epoll") ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
                loop = group.next();
                stop = () -> group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
                return;
            }
            Queue<Runnable> tasks = switch (queue) {
                case "clq" -> new ConcurrentLinkedQueue<>();
                case "lbq" -> new LinkedBlockingQueue<>();
                case "mpsc" -> new MpscUnboundedAtomicArrayQueue<>(1024);
                default -> throw new IllegalArgumentException(queue);
            };
            QueueLoop queueLoop = new QueueLoop(tasks);
            loop = queueLoop;
            stop = queueLoop;
        }

        /**
         * Stops the loop thread.
         *
         * @throws Exception if it does not stop
         */
        @TearDown(Level.Trial)
        public void stop() throws Exception {
            stop.close();
        }
    }

    /** Send one task through the peer loop. */
    private static void send(Loop loop, Producer producer) {
        producer.awaitRoom();
        loop.loop.execute(producer.task);
    }

    /**
     * One producer.
     *
     * @param loop the loop
     * @param producer this thread's producer state
     */
    @Benchmark
    @Threads(1)
    public void producers1(Loop loop, Producer producer) {
        send(loop, producer);
    }

    /**
     * Two producers.
     *
     * @param loop the loop
     * @param producer this thread's producer state
     */
    @Benchmark
    @Threads(2)
    public void producers2(Loop loop, Producer producer) {
        send(loop, producer);
    }

    /**
     * Eight producers.
     *
     * @param loop the loop
     * @param producer this thread's producer state
     */
    @Benchmark
    @Threads(8)
    public void producers8(Loop loop, Producer producer) {
        send(loop, producer);
    }
}
