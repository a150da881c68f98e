package bench.driver;

import java.util.List;

/**
 * An echo server the network workloads run against.
 *
 * @param id the short name used in raw results
 * @param label the name shown in tables
 * @param mainClass its main class
 * @param args its arguments before the port
 * @param ours whether it is Spindle (the others are peers)
 */
record ServerSpec(String id, String label, String mainClass, List<String> args, boolean ours) {

    /** Spindle first, then the bare loop (the ceiling), then Netty's two transports. */
    static final List<ServerSpec> ALL = List.of(
            new ServerSpec("spindle", "Spindle", "bench.echo.SpindleEchoServer", List.of(), true),
            new ServerSpec("nio", "bare java.nio loop", "bench.echo.NioEchoServer", List.of(), false),
            new ServerSpec("netty-nio", "Netty 4.2 NIO", "bench.echo.NettyEchoServer", List.of("nio"), false),
            new ServerSpec("netty-epoll", "Netty 4.2 epoll", "bench.echo.NettyEchoServer", List.of("epoll"), false));
}
