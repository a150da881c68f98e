package bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * TLS handshakes beside established plain connections on one server reactor (issue 19, section
 * 2): a paced stream of new TLS clients ({@code --rate} per second, each a full TLS 1.3
 * handshake, one 64-byte echo, close_notify and close) against the server's TLS port, while
 * {@code --connections} established plain connections (default 100) each ping-pong a 64-byte
 * message at a steady pace ({@code --pingpong-rate} round trips per second in all) against its
 * plain port, recording every round trip's latency.
 *
 * <p>The two run on two threads with their own selectors, so the client's own handshake work never
 * delays a ping-pong it is timing (both threads still share the load generator's core). Paced,
 * not closed-loop: the figure is the latency an established connection sees while the server also
 * admits new clients, not the server's saturation throughput.
 *
 * <p>Extra options, read from the raw arguments: {@code --tls-port}, {@code --rate} (new TLS
 * clients per second, default 100; 0 opens none, the baseline), {@code --pingpong-rate} (default 10000).
 */
final class TlsHandshakeLatency {

    private final Options options;
    private final InetSocketAddress tlsServer;
    private final double rate;
    private final double pingPongRate;
    private final ByteBuffer message;
    private final ByteBuffer input = ByteBuffer.allocateDirect(64 * 1024);
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Window window;
    private long completed;

    // The TLS thread's figures, read by the main thread after it ended.
    private final LatencyHistogram handshakeLatency = new LatencyHistogram();
    private volatile long windowStart = Long.MAX_VALUE;
    /** When the ping-pong ended (the timed window closed); handshakes after it are not counted. */
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean stop;
    private long handshakesInWindow;
    private long handshakesFailed;
    private long handshakesOffered;

    private TlsHandshakeLatency(Options options, int tlsPort, double rate, double pingPongRate) {
        this.options = options;
        this.tlsServer = new InetSocketAddress(options.server().getAddress(), tlsPort);
        this.rate = rate;
        this.pingPongRate = pingPongRate;
        this.message = Payload.direct(options.messageSize());
        this.window = new Window(options, () -> {
            completed = 0;
            latency.reset();
            windowStart = System.nanoTime();
        }, () -> completed);
    }

    static Result run(Options options, String[] args) throws IOException, GeneralSecurityException, InterruptedException {
        int tlsPort = Integer.parseInt(extra(args, "tls-port", null));
        double rate = Double.parseDouble(extra(args, "rate", "100"));
        double pingPongRate = Double.parseDouble(extra(args, "pingpong-rate", "10000"));
        TlsHandshakeLatency run = new TlsHandshakeLatency(options, tlsPort, rate, pingPongRate);
        TlsContext tls = TlsContext.of(options);
        Throwable[] tlsFailure = new Throwable[1];
        // Rate 0 is the baseline: the ping-pong alone, no TLS client at all.
        Thread connector = Thread.ofPlatform().name("tls-connector").unstarted(() -> {
            try {
                run.connectLoop(tls);
            } catch (IOException | RuntimeException e) {
                tlsFailure[0] = e;
            }
        });
        if (rate > 0) {
            connector.start();
        }
        try {
            run.pingPong();
        } finally {
            run.stop = true;
            if (rate > 0) {
                connector.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        if (tlsFailure[0] != null) {
            throw new LoadException("the TLS connector failed", tlsFailure[0]);
        }
        Result result = new Result(options);
        run.window.report(result, run.completed);
        double seconds = run.window.seconds();
        result.put("p50_us", run.latency.percentile(0.50) / 1e3);
        result.put("p99_us", run.latency.percentile(0.99) / 1e3);
        result.put("p999_us", run.latency.percentile(0.999) / 1e3);
        result.put("max_us", run.latency.percentile(1.0) / 1e3);
        result.put("tls_rate_offered", rate);
        result.put("handshakes", run.handshakesInWindow);
        result.put("handshakes_per_s", run.handshakesInWindow / seconds);
        result.put("handshakes_failed", run.handshakesFailed);
        result.put("handshake_p50_us", run.handshakeLatency.percentile(0.50) / 1e3);
        result.put("handshake_p99_us", run.handshakeLatency.percentile(0.99) / 1e3);
        return result;
    }

    private static String extra(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("tlslatency needs --" + name);
        }
        return fallback;
    }

    // ------------------------------------------------------------------ the plain ping-pong (main thread)

    private void pingPong() throws IOException {
        int count = options.connections();
        long interval = (long) (count / pingPongRate * 1e9); // each connection's pace
        Plain[] connections = new Plain[count];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(options.server());
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                connections[i] = new Plain(channel);
                channel.register(selector, SelectionKey.OP_READ, connections[i]);
            }
            window.start();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                connections[i].nextSend = start + interval * i / count; // spread over one interval
            }
            while (true) {
                long now = System.nanoTime();
                if (window.closed(now)) {
                    return;
                }
                long next = Long.MAX_VALUE;
                for (Plain c : connections) {
                    if (!c.inFlight && c.nextSend <= now) {
                        c.inFlight = true;
                        c.sentAt = now;
                        send(c.channel);
                        c.nextSend += interval;
                        if (c.nextSend < now) {
                            c.nextSend = now + interval; // fell behind: no catch-up burst
                        }
                    }
                    if (!c.inFlight) {
                        next = Math.min(next, c.nextSend);
                    }
                }
                long waitMillis = next == Long.MAX_VALUE ? 100 : Math.max(0, (next - System.nanoTime()) / 1_000_000);
                if (waitMillis == 0) {
                    selector.selectNow(this::readable);
                } else {
                    selector.select(this::readable, Math.min(waitMillis, 100));
                }
            }
        } finally {
            windowEnd = System.nanoTime();
            for (Plain c : connections) {
                if (c != null) {
                    c.channel.close();
                }
            }
        }
    }

    private void readable(SelectionKey key) {
        Plain c = (Plain) key.attachment();
        try {
            input.clear();
            int n = c.channel.read(input);
            if (n < 0) {
                throw new IOException("the server closed a plain connection");
            }
            c.received += n;
            if (c.received >= options.messageSize()) {
                c.received -= options.messageSize();
                long now = System.nanoTime();
                window.opened(now);
                completed++;
                latency.record(now - c.sentAt);
                c.inFlight = false;
            }
        } catch (IOException e) {
            throw new LoadException("ping-pong connection failed", e);
        }
    }

    private void send(SocketChannel channel) throws IOException {
        message.clear();
        while (message.hasRemaining()) {
            channel.write(message);
        }
    }

    private static final class Plain {
        final SocketChannel channel;
        long nextSend;
        long sentAt;
        int received;
        boolean inFlight;

        Plain(SocketChannel channel) {
            this.channel = channel;
        }
    }

    // ------------------------------------------------------------------ the paced TLS clients (own thread)

    private void connectLoop(TlsContext tls) throws IOException {
        long interval = (long) (1e9 / rate);
        ByteBuffer hello = Payload.direct(options.messageSize());
        try (Selector selector = Selector.open()) {
            long nextOpen = System.nanoTime();
            while (!stop) {
                long now = System.nanoTime();
                while (nextOpen <= now) {
                    open(selector, tls);
                    handshakesOffered++;
                    nextOpen += interval;
                }
                long waitMillis = Math.max(1, (nextOpen - System.nanoTime()) / 1_000_000);
                selector.select(key -> step(key, hello), Math.min(waitMillis, 100));
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
    }

    private void open(Selector selector, TlsContext tls) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        TlsConnection connection = new TlsConnection(channel, tls.engine());
        connection.startedAt = System.nanoTime();
        connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
        if (channel.connect(tlsServer)) {
            connected(connection);
        }
    }

    private static void connected(TlsConnection connection) throws IOException {
        connection.channel.finishConnect();
        connection.begin();
        interest(connection);
    }

    private void step(SelectionKey key, ByteBuffer hello) {
        TlsConnection connection = (TlsConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                connected(connection);
                return;
            }
            if (key.isReadable()) {
                connection.readable();
            }
            if (connection.handshaken() && connection.sent == 0) {
                hello.clear();
                connection.write(hello, hello.capacity());
            } else {
                connection.flush();
            }
            if (connection.received >= options.messageSize()) {
                long now = System.nanoTime();
                if (now >= windowStart && now <= windowEnd) {
                    handshakesInWindow++;
                    handshakeLatency.record(now - connection.startedAt);
                }
                connection.close();
                return;
            }
            interest(connection);
        } catch (IOException e) {
            handshakesFailed++;
            connection.close();
        } catch (UncheckedIOException e) {
            handshakesFailed++;
            connection.close();
        }
    }

    private static void interest(TlsConnection connection) {
        int interest = connection.pendingOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (connection.key.interestOps() != interest) {
            connection.key.interestOps(interest);
        }
    }
}
