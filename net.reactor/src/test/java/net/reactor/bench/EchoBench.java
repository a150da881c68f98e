package net.reactor.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * A rough echo benchmark, not a unit test: run server and load generator in separate JVMs and
 * compare Spindle's echo server with a bare java.nio loop (one page of code) in the same run.
 * The figures go into the issue report; the benchmarks module does the real comparison.
 *
 * <pre>
 * EchoBench spindle PORT            Spindle echo server (prints its pid)
 * EchoBench bare PORT               bare java.nio echo server
 * EchoBench pingpong PORT CONNS SECONDS SERVER_PID   64-byte ping-pong, prints msg/s and per server core
 * EchoBench bulk PORT SECONDS SERVER_PID             one connection streaming, prints MB/s echoed
 * EchoBench idle PORT CONNS                          open CONNS idle connections and hold them
 * EchoBench spindle-heap PORT CONNS                  Spindle echo server printing idle heap per connection
 * </pre>
 */
public final class EchoBench {
    private EchoBench() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "spindle" -> spindle(port, 0);
            case "spindle-heap" -> spindle(port, Integer.parseInt(args[2]));
            case "bare" -> bare(port);
            case "pingpong" -> pingPong(port, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]));
            case "bulk" -> bulk(port, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "idle" -> idle(port, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    private static void spindle(int port, int heapAfter) {
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("bench")
                .withInstallSignalHandlers(true));
        int[] count = {0};
        long[] baseline = {0};
        if (heapAfter > 0) {
            baseline[0] = usedHeapAfterGc();
        }
        reactor.listenTCP(port, new Factory() {
            @Override
            public Protocol buildProtocol(net.reactor.Address address) {
                if (heapAfter > 0 && ++count[0] == heapAfter) {
                    reactor.callLater(Duration.ofSeconds(2), () -> reactor.callInThread(() -> {
                        long used = usedHeapAfterGc();
                        System.out.printf("idle heap per connection: %.2f KB (%d connections, %d bytes)%n",
                                (used - baseline[0]) / 1024.0 / heapAfter, heapAfter, used - baseline[0]);
                    }));
                }
                return new Echo();
            }
        }, 4096, "127.0.0.1");
        System.out.println("spindle listening on " + port + " pid " + ProcessHandle.current().pid());
        reactor.run();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The bare loop: read into one direct buffer, write it straight back, queue only leftovers. */
    private static void bare(int port) throws IOException {
        Selector sel = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(sel, SelectionKey.OP_ACCEPT);
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        System.out.println("bare listening on " + port + " pid " + ProcessHandle.current().pid());
        while (true) {
            sel.select();
            Iterator<SelectionKey> it = sel.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                if (k.isAcceptable()) {
                    SocketChannel c = server.accept();
                    if (c != null) {
                        c.configureBlocking(false);
                        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        c.register(sel, SelectionKey.OP_READ);
                    }
                    continue;
                }
                SocketChannel c = (SocketChannel) k.channel();
                try {
                    if (k.isWritable()) {
                        ByteBuffer pending = (ByteBuffer) k.attachment();
                        c.write(pending);
                        if (!pending.hasRemaining()) {
                            k.attach(null);
                            k.interestOps(SelectionKey.OP_READ);
                        }
                        continue;
                    }
                    buf.clear();
                    int n = c.read(buf);
                    if (n < 0) {
                        k.cancel();
                        c.close();
                        continue;
                    }
                    buf.flip();
                    c.write(buf);
                    if (buf.hasRemaining()) {
                        ByteBuffer rest = ByteBuffer.allocate(buf.remaining());
                        rest.put(buf).flip();
                        k.attach(rest);
                        k.interestOps(SelectionKey.OP_WRITE);
                    }
                } catch (IOException e) {
                    k.cancel();
                    c.close();
                }
            }
        }
    }

    /** utime+stime of a process, in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static List<SocketChannel> open(int port, int n, Selector sel) throws IOException {
        List<SocketChannel> chans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.configureBlocking(false);
            if (sel != null) {
                c.register(sel, SelectionKey.OP_READ, new int[1]);
            }
            chans.add(c);
        }
        return chans;
    }

    private static void pingPong(int port, int conns, int seconds, long serverPid) throws IOException {
        Selector sel = Selector.open();
        List<SocketChannel> chans = open(port, conns, sel);
        ByteBuffer msg = ByteBuffer.allocateDirect(64);
        ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        for (SocketChannel c : chans) {
            msg.clear();
            c.write(msg);
        }
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        long count = 0;
        long ticks0 = -1;
        while (true) {
            long now = System.nanoTime();
            if (ticks0 < 0 && now >= warmEnd) {
                ticks0 = cpuTicks(serverPid);
                count = 0;
            }
            if (now >= end) {
                break;
            }
            sel.select(100);
            Iterator<SelectionKey> it = sel.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                SocketChannel c = (SocketChannel) k.channel();
                int[] got = (int[]) k.attachment();
                in.clear();
                int n = c.read(in);
                got[0] += n;
                while (got[0] >= 64) {
                    got[0] -= 64;
                    count++;
                    msg.clear();
                    c.write(msg);
                }
            }
        }
        double cpuSeconds = (cpuTicks(serverPid) - ticks0) / 100.0;
        System.out.printf("ping-pong %d conns: %.0f msg/s, server CPU %.2f s of %d s -> %.0f msg/s per server core%n",
                conns, count / (double) seconds, cpuSeconds, seconds, count / cpuSeconds);
        for (SocketChannel c : chans) {
            c.close();
        }
    }

    private static void bulk(int port, int seconds, long serverPid) throws Exception {
        SocketChannel c = open(port, 1, null).get(0);
        c.configureBlocking(true);
        long[] received = {0};
        Thread reader = Thread.ofPlatform().start(() -> {
            ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
            try {
                while (true) {
                    in.clear();
                    int n = c.read(in);
                    if (n < 0) {
                        return;
                    }
                    synchronized (received) {
                        received[0] += n;
                    }
                }
            } catch (IOException closed) {
                // done
            }
        });
        ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        long start = -1;
        long ticks0 = 0;
        while (System.nanoTime() < end) {
            if (start < 0 && System.nanoTime() >= warmEnd) {
                synchronized (received) {
                    start = received[0];
                }
                ticks0 = cpuTicks(serverPid);
            }
            out.clear();
            c.write(out);
        }
        long total;
        synchronized (received) {
            total = received[0] - start;
        }
        double cpuSeconds = (cpuTicks(serverPid) - ticks0) / 100.0;
        System.out.printf("bulk 1 conn: %.0f MB/s echoed, server CPU %.2f s of %d s -> %.0f MB per server CPU-second%n",
                total / 1e6 / seconds, cpuSeconds, seconds, total / 1e6 / cpuSeconds);
        c.close();
        reader.join();
    }

    private static void idle(int port, int conns) throws Exception {
        List<SocketChannel> chans = open(port, conns, null);
        System.out.println("holding " + chans.size() + " idle connections");
        Thread.sleep(Duration.ofSeconds(15));
        for (SocketChannel c : chans) {
            c.close();
        }
    }
}
