package bench.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Ping-pong: every connection has one message in flight; when its echo is complete the round
 * trip is recorded and the next message leaves at once. One connection uses a blocking socket
 * (write, read: the fewest system calls per round trip); many share one selector.
 */
final class PingPong {

    private final Options options;
    private final ByteBuffer message;
    private final ByteBuffer input = ByteBuffer.allocateDirect(64 * 1024);
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Window window;
    private long completed;

    private PingPong(Options options) {
        this.options = options;
        this.message = Payload.direct(options.messageSize());
        this.window = new Window(options, () -> {
            completed = 0;
            latency.reset();
        }, () -> completed);
    }

    static Result run(Options options) throws IOException {
        PingPong run = new PingPong(options);
        if (options.connections() == 1) {
            run.single();
        } else {
            run.many();
        }
        Result result = new Result(options);
        run.window.report(result, run.completed);
        result.put("p50_us", run.latency.percentile(0.50) / 1e3);
        result.put("p99_us", run.latency.percentile(0.99) / 1e3);
        return result;
    }

    private void single() throws IOException {
        try (SocketChannel channel = SocketChannel.open(options.server())) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            int size = options.messageSize();
            window.start();
            long sentAt = System.nanoTime();
            send(channel);
            while (true) {
                int received = 0;
                while (received < size) {
                    input.clear().limit(size - received);
                    int n = channel.read(input);
                    if (n < 0) {
                        throw new IOException("the server closed the connection");
                    }
                    received += n;
                }
                long now = System.nanoTime();
                completed(now - sentAt, now);
                if (window.closed(now)) {
                    return;
                }
                sentAt = now;
                send(channel);
            }
        }
    }

    private void many() throws IOException {
        int count = options.connections();
        SocketChannel[] channels = new SocketChannel[count];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                channels[i] = SocketChannel.open(options.server());
                channels[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
                channels[i].configureBlocking(false);
                channels[i].register(selector, SelectionKey.OP_READ, new Connection(channels[i]));
            }
            window.start();
            long now = System.nanoTime();
            for (SelectionKey key : selector.keys()) {
                Connection connection = (Connection) key.attachment();
                connection.sentAt = now;
                send(connection.channel);
            }
            while (!window.closed(System.nanoTime())) {
                selector.select(this::readable, 100);
            }
        } finally {
            for (SocketChannel channel : channels) {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    private void readable(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        try {
            input.clear();
            int n = connection.channel.read(input);
            if (n < 0) {
                throw new IOException("the server closed a connection");
            }
            connection.received += n;
            if (connection.received >= options.messageSize()) {
                connection.received -= options.messageSize();
                long now = System.nanoTime();
                completed(now - connection.sentAt, now);
                connection.sentAt = now;
                send(connection.channel);
            }
        } catch (IOException e) {
            throw new LoadException("ping-pong connection failed", e);
        }
    }

    private void completed(long roundTrip, long now) {
        window.opened(now);
        completed++;
        latency.record(roundTrip);
    }

    /**
     * Sends one message. The previous one has been fully echoed, so the socket's send buffer is
     * empty and the kernel takes all 64 bytes at once; the loop only guards the impossible case.
     */
    private void send(SocketChannel channel) throws IOException {
        message.clear();
        while (message.hasRemaining()) {
            channel.write(message);
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        long sentAt;
        int received;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }
}
