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
 * @param tls whether it speaks TLS (its arguments then start with the key store and its password)
 */
record ServerSpec(String id, String label, String mainClass, List<String> args, boolean ours, boolean tls) {

    /** Plain TCP: Spindle first, then the bare loop (the ceiling), then Netty's two transports. */
    static final List<ServerSpec> TCP = List.of(
            new ServerSpec("spindle", "Spindle", "bench.echo.SpindleEchoServer", List.of(), true, false),
            new ServerSpec("nio", "bare java.nio loop", "bench.echo.NioEchoServer", List.of(), false, false),
            new ServerSpec("netty-nio", "Netty 4.2 NIO", "bench.echo.NettyEchoServer", List.of("nio"), false, false),
            new ServerSpec("netty-epoll", "Netty 4.2 epoll", "bench.echo.NettyEchoServer", List.of("epoll"), false, false));

    /** TLS: Spindle (BouncyCastle's engine) against Netty with the JDK's SSLEngine. */
    static final List<ServerSpec> TLS = List.of(
            new ServerSpec("spindle-tls", "Spindle TLS (BC)", "bench.echo.SpindleTlsEchoServer", List.of(), true, true),
            new ServerSpec("netty-tls", "Netty 4.2 NIO + JDK SSLEngine", "bench.echo.NettyTlsEchoServer", List.of(), false, true));

    /** The group name used in the raw results and the report. */
    String group() {
        return tls ? "tls" : "tcp";
    }
}
