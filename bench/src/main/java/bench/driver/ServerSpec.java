package bench.driver;

import java.util.List;

/**
 * A server the network workloads run against: an echo server, or for the {@code amp} group an
 * AMP server answering {@code sum}.
 *
 * @param id the short name used in raw results
 * @param label the name shown in tables
 * @param mainClass its main class
 * @param args its arguments before the port
 * @param ours whether it is Spindle (the others are peers)
 * @param tls whether it speaks TLS (its arguments then start with the key store and its password)
 * @param group the servers it is compared with: {@code tcp}, {@code lines}, {@code tls} or {@code amp}
 * @param python a Python script to run instead of {@code mainClass} (the Twisted peer), relative to
 *     the bench directory, or null
 */
record ServerSpec(String id, String label, String mainClass, List<String> args, boolean ours, boolean tls,
        String group, @org.jspecify.annotations.Nullable String python) {

    ServerSpec(String id, String label, String mainClass, List<String> args, boolean ours, boolean tls) {
        this(id, label, mainClass, args, ours, tls, tls ? "tls" : "tcp", null);
    }

    /** Plain TCP: Spindle first, then the bare loop (the ceiling), then Netty's two transports. */
    static final List<ServerSpec> TCP = List.of(
            new ServerSpec("spindle", "Spindle (ReadView in; write(ByteBuffer) out)", "bench.echo.SpindleEchoServer", List.of(), true, false),
            new ServerSpec("nio", "bare java.nio loop", "bench.echo.NioEchoServer", List.of(), false, false),
            new ServerSpec("netty-nio", "Netty 4.2 NIO", "bench.echo.NettyEchoServer", List.of("nio"), false, false),
            new ServerSpec("netty-epoll", "Netty 4.2 epoll", "bench.echo.NettyEchoServer", List.of("epoll"), false, false));

    /**
     * One request, ten lines back: Spindle's ten {@code write()} calls against Netty's ten
     * {@code write}s and one {@code flush} (NIO and epoll) and the bare loop's single write.
     */
    static final List<ServerSpec> LINES = List.of(
            new ServerSpec("spindle-lines", "Spindle (10 write() calls)", "bench.echo.SpindleLinesServer", List.of(), true, false, "lines", null),
            new ServerSpec("nio-lines", "bare java.nio loop (1 write)", "bench.echo.NioLinesServer", List.of(), false, false, "lines", null),
            new ServerSpec("netty-nio-lines", "Netty 4.2 NIO (10 write + flush)", "bench.echo.NettyLinesServer", List.of("nio"), false, false, "lines", null),
            new ServerSpec("netty-epoll-lines", "Netty 4.2 epoll (10 write + flush)", "bench.echo.NettyLinesServer", List.of("epoll"), false, false, "lines", null));

    /** TLS: Spindle (BouncyCastle's engine) against Netty with the JDK's SSLEngine. */
    static final List<ServerSpec> TLS = List.of(
            new ServerSpec("spindle-tls", "Spindle TLS (BC)", "bench.echo.SpindleTlsEchoServer", List.of(), true, true),
            new ServerSpec("netty-tls", "Netty 4.2 NIO + JDK SSLEngine", "bench.echo.NettyTlsEchoServer", List.of(), false, true));

    /**
     * AMP: Spindle's AMP server against Twisted's (Debian's python3-twisted, its default reactor),
     * both answering the same {@code sum} command.
     */
    static final List<ServerSpec> AMP = List.of(
            new ServerSpec("spindle-amp", "Spindle AMP", "bench.amp.SpindleAmpServer", List.of(), true, false, "amp", null),
            new ServerSpec("twisted-amp", "Twisted 22.4 AMP (python3)", "", List.of(), false, false, "amp",
                    "src/main/python/twisted_amp_server.py"));
}
