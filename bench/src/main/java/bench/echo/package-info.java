/**
 * The echo servers the network workloads run against, each a {@code main} started in its own JVM
 * by the driver: the bare java.nio loop, Netty with one event loop (NIO or epoll) and Spindle.
 * Each listens on 127.0.0.1 and prints {@code LISTENING <port>} once it accepts connections.
 */
package bench.echo;
