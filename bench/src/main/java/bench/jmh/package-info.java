/**
 * The JMH microbenchmarks: each of Spindle's pieces beside the peer doing the same work
 * (CompletableFuture, queue-fed event loops, ScheduledThreadPoolExecutor, Netty's decoders,
 * plain JDBC on virtual threads), run by {@link bench.jmh.JmhSuite}.
 */
package bench.jmh;
