package bench.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;

/**
 * TLS handshake rate: connect, a full TLS 1.3 handshake (no resumption), one 64-byte echo,
 * close_notify and close, with {@link Options#connections()} attempts in flight.
 */
final class TlsHandshakes {

    private final Options options;
    private final TlsContext tls;
    private final ByteBuffer message;
    private final Window window;
    private final LatencyHistogram latency = new LatencyHistogram();
    private long completed;
    private long failed;

    private TlsHandshakes(Options options, TlsContext tls) {
        this.options = options;
        this.tls = tls;
        this.message = Payload.direct(options.messageSize());
        this.window = new Window(options, () -> {
            completed = 0;
            failed = 0;
            latency.reset();
        }, () -> completed);
    }

    static Result run(Options options) throws IOException, GeneralSecurityException {
        TlsHandshakes run = new TlsHandshakes(options, TlsContext.of(options));
        run.loop();
        Result result = new Result(options);
        run.window.report(result, run.completed);
        result.put("failed", run.failed);
        result.put("p50_us", run.latency.percentile(0.50) / 1e3);
        result.put("p99_us", run.latency.percentile(0.99) / 1e3);
        return result;
    }

    private void loop() throws IOException {
        try (Selector selector = Selector.open()) {
            window.start();
            for (int i = 0; i < options.connections(); i++) {
                open(selector);
            }
            while (!window.closed(System.nanoTime())) {
                selector.select(key -> step(selector, key), 100);
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
    }

    private void open(Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        TlsConnection connection = new TlsConnection(channel, tls.engine());
        connection.startedAt = System.nanoTime();
        connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
        if (channel.connect(options.server())) {
            connected(connection);
        }
    }

    private void connected(TlsConnection connection) throws IOException {
        connection.channel.finishConnect();
        connection.begin();
        interest(connection);
    }

    private void step(Selector selector, SelectionKey key) {
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
                message.clear();
                connection.write(message, message.capacity());
            } else {
                connection.flush();
            }
            if (connection.received >= options.messageSize()) {
                long now = System.nanoTime();
                window.opened(now);
                completed++;
                latency.record(now - connection.startedAt);
                connection.close();
                open(selector);
                return;
            }
            interest(connection);
        } catch (IOException e) {
            failed++;
            connection.close();
            try {
                open(selector);
            } catch (IOException again) {
                failed++;
            }
        }
    }

    private static void interest(TlsConnection connection) {
        int interest = connection.pendingOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (connection.key.interestOps() != interest) {
            connection.key.interestOps(interest);
        }
    }
}
