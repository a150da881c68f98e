package bench.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of the JMH table: Spindle's benchmark beside a peer's.
 *
 * @param title what is compared
 * @param ours Spindle's benchmark key (method name, then {@code [params]} if any)
 * @param peer the peer's benchmark key
 * @param peerLabel the peer's name in the table
 * @param higherIsBetter whether a larger score is better (throughput) or worse (time per operation)
 * @param target the goal for ours ÷ peer, or null when the issue sets none
 */
record Comparison(
        String title,
        String ours,
        String peer,
        String peerLabel,
        boolean higherIsBetter,
        @Nullable Double target) {

    private static final String P = "bench.jmh.";

    /** Every JMH comparison the issue asks for, in the order of the table. */
    static final List<Comparison> ALL = List.of(
            new Comparison("callback chain of 10, fired", P + "CallbackChainBenchmark.deferred",
                    P + "CallbackChainBenchmark.completableFuture", "CompletableFuture, 10 thenApply",
                    true, 1.5),
            callFromThread(1, "clq", "ConcurrentLinkedQueue loop", 1.0),
            callFromThread(1, "lbq", "LinkedBlockingQueue loop", null),
            callFromThread(1, "mpsc", "same loop, bare JCTools MPSC", null),
            callFromThread(1, "netty", "Netty 4.2 event loop execute() (NIO)", null),
            callFromThread(1, "netty-epoll", "Netty 4.2 event loop execute() (epoll)", null),
            callFromThread(2, "clq", "ConcurrentLinkedQueue loop", 1.0),
            callFromThread(2, "lbq", "LinkedBlockingQueue loop", null),
            callFromThread(2, "mpsc", "same loop, bare JCTools MPSC", null),
            callFromThread(2, "netty", "Netty 4.2 event loop execute() (NIO)", null),
            callFromThread(2, "netty-epoll", "Netty 4.2 event loop execute() (epoll)", null),
            callFromThread(8, "clq", "ConcurrentLinkedQueue loop", 1.0),
            callFromThread(8, "lbq", "LinkedBlockingQueue loop", null),
            callFromThread(8, "mpsc", "same loop, bare JCTools MPSC", null),
            callFromThread(8, "netty", "Netty 4.2 event loop execute() (NIO)", null),
            callFromThread(8, "netty-epoll", "Netty 4.2 event loop execute() (epoll)", null),
            new Comparison("DelayedCall schedule + cancel, 100,000 pending", P + "TimerBenchmark.delayedCall",
                    P + "TimerBenchmark.scheduledThreadPoolExecutor", "ScheduledThreadPoolExecutor (remove on cancel)",
                    true, null),
            new Comparison("deferToThread round trip (µs)", P + "DeferToThreadBenchmark.deferToThread",
                    P + "DeferToThreadBenchmark.completableFutureOnVirtualThreads",
                    "CompletableFuture on virtual threads + loop", false, null),
            new Comparison("LineReceiver, 64 MiB", P + "FramingBenchmark.lineReceiver",
                    P + "FramingBenchmark.nettyLineBasedFrameDecoder", "Netty LineBasedFrameDecoder",
                    true, null),
            new Comparison("Int32StringReceiver, 64 MiB", P + "FramingBenchmark.int32StringReceiver",
                    P + "FramingBenchmark.nettyLengthFieldBasedFrameDecoder", "Netty LengthFieldBasedFrameDecoder",
                    true, null),
            new Comparison("runQuery, H2 point query, 64 callers, 10 connections",
                    P + "JdbcBenchmark.connectionPoolRunQuery", P + "JdbcBenchmark.plainJdbcOnVirtualThreads",
                    "plain JDBC on virtual threads", true, 0.6));

    private static Comparison callFromThread(int producers, String queue, String label, @Nullable Double target) {
        return new Comparison(
                "callFromThread, " + producers + (producers == 1 ? " producer" : " producers"),
                P + "ReactorCallFromThreadBenchmark.producers" + producers,
                P + "CallFromThreadBenchmark.producers" + producers + "[queue=" + queue + "]",
                label, true, target);
    }
}
