package bench.measure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * UNIX domain sockets against TCP on loopback, in one run, through the same Spindle reactor:
 * echo round trips per second (one 64-byte message in flight) and bulk MB/s (64 KiB writes into a
 * server that discards them). The client is a plain blocking {@code SocketChannel} on its own
 * thread, the same code for both families; the two transports alternate, {@code reps} times each.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) bench.measure.UnixVsTcp [seconds] [reps]
 * </pre>
 */
public final class UnixVsTcp {
    private UnixVsTcp() {}

    /** Echoes everything; a message starting with 'B' switches the connection to discarding (bulk). */
    static final class EchoOrSink extends Protocol {
        private boolean sink;

        @Override
        public void dataReceived(byte[] data) {
            if (!sink && data[0] == 'B') {
                sink = true;
            }
            if (!sink) {
                transport().write(data);
            }
        }
    }

    /**
     * Runs the measurement.
     *
     * @param args seconds per measurement (default 3) and repetitions (default 3)
     * @throws Exception if a socket fails
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("unix-vs-tcp"));
        Thread loop = reactor.start("unix-vs-tcp");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "uvt");
        Path socket = dir.resolve("echo.sock");
        try {
            ListeningPort[] ports = reactor.blockingCallFromThread(() -> Deferred.succeed(new ListeningPort[] {
                reactor.listenTCP(0, Factory.forProtocol(EchoOrSink::new), 50, "127.0.0.1"),
                reactor.listenUNIX(socket, Factory.forProtocol(EchoOrSink::new))}));
            SocketAddress tcp = new InetSocketAddress("127.0.0.1", ((IPv4Address) ports[0].getHost()).port());
            SocketAddress unix = UnixDomainSocketAddress.of(socket);
            long nanos = (long) (seconds * 1e9);
            measure("warm-up", tcp, unix, nanos / 3);
            for (int r = 1; r <= reps; r++) {
                measure("rep " + r, tcp, unix, nanos);
            }
            reactor.blockingCallFromThread(() -> ports[0].stopListening()
                    .addCallbackDeferred(x -> ports[1].stopListening()));
        } finally {
            reactor.stop().toCompletableFuture().get();
            loop.join();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static void measure(String label, SocketAddress tcp, SocketAddress unix, long nanos) throws IOException {
        double tcpRtt = pingPong(tcp, nanos);
        double unixRtt = pingPong(unix, nanos);
        double tcpBulk = bulk(tcp, nanos);
        double unixBulk = bulk(unix, nanos);
        System.out.printf(Locale.ROOT, "%-8s echo round trips/s: TCP %,.0f  UNIX %,.0f  (UNIX/TCP %.2f)   "
                + "bulk MB/s: TCP %,.0f  UNIX %,.0f  (UNIX/TCP %.2f)%n",
                label, tcpRtt, unixRtt, unixRtt / tcpRtt, tcpBulk, unixBulk, unixBulk / tcpBulk);
    }

    private static SocketChannel open(SocketAddress to) throws IOException {
        SocketChannel ch = SocketChannel.open(to instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        if (!(to instanceof UnixDomainSocketAddress)) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        ch.connect(to);
        return ch;
    }

    /** One 64-byte message in flight; returns round trips per second. */
    private static double pingPong(SocketAddress to, long nanos) throws IOException {
        try (SocketChannel ch = open(to)) {
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            long count = 0;
            long start = System.nanoTime();
            long end = start + nanos;
            long now;
            do {
                out.clear();
                for (int i = 0; i < 64; i++) {
                    out.put((byte) 'e');
                }
                out.flip();
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                in.clear();
                while (in.hasRemaining()) {
                    if (ch.read(in) < 0) {
                        throw new IOException("server closed");
                    }
                }
                count++;
                now = System.nanoTime();
            } while (now < end);
            return count / ((now - start) / 1e9);
        }
    }

    /** 64 KiB writes into a discarding server; returns MB/s (10^6 bytes). */
    private static double bulk(SocketAddress to, long nanos) throws IOException {
        try (SocketChannel ch = open(to)) {
            ByteBuffer out = ByteBuffer.allocateDirect(65_536);
            long bytes = 0;
            long start = System.nanoTime();
            long end = start + nanos;
            long now;
            do {
                out.clear();
                out.put(0, (byte) 'B');
                while (out.hasRemaining()) {
                    bytes += ch.write(out);
                }
                now = System.nanoTime();
            } while (now < end);
            return bytes / 1e6 / ((now - start) / 1e9);
        }
    }
}
