package bench.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Bulk: every connection streams 64 KiB writes and reads the echo back, keeping at most
 * {@link Options#bulkWindow()} bytes unanswered so that no server has to buffer without bound.
 * The figure is the bytes echoed back per second.
 */
final class Bulk {

    private static final int CHUNK = 64 * 1024;

    private final Options options;
    private final ByteBuffer output = Payload.direct(CHUNK);
    private final ByteBuffer input = ByteBuffer.allocateDirect(CHUNK);
    private final Window window;
    private long receivedInWindow;

    private Bulk(Options options) {
        this.options = options;
        this.window = new Window(options, () -> receivedInWindow = 0, () -> receivedInWindow);
    }

    static Result run(Options options) throws IOException {
        Bulk run = new Bulk(options);
        run.stream();
        Result result = new Result(options);
        run.window.report(result, run.receivedInWindow);
        result.put("mb_per_s", run.receivedInWindow / 1e6 / run.window.seconds());
        double serverCpu = run.window.serverCpuSeconds();
        if (options.serverPid() != 0 && serverCpu > 0) {
            result.put("mb_per_server_cpu_s", run.receivedInWindow / 1e6 / serverCpu);
        }
        return result;
    }

    private void stream() throws IOException {
        int count = options.connections();
        SocketChannel[] channels = new SocketChannel[count];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                channels[i] = SocketChannel.open(options.server());
                channels[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
                channels[i].configureBlocking(false);
                Connection connection = new Connection(channels[i]);
                connection.key = channels[i].register(selector, SelectionKey.OP_READ, connection);
            }
            window.start();
            for (SelectionKey key : selector.keys()) {
                pump((Connection) key.attachment(), false);
            }
            while (!window.closed(System.nanoTime())) {
                selector.select(key -> pump((Connection) key.attachment(), key.isReadable()), 100);
            }
        } finally {
            for (SocketChannel channel : channels) {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    /** Reads what has arrived, then writes while the window allows; asks for OP_WRITE only when the kernel is full. */
    private void pump(Connection connection, boolean readable) {
        try {
            if (readable) {
                input.clear();
                int n = connection.channel.read(input);
                if (n < 0) {
                    throw new IOException("the server closed a connection");
                }
                connection.received += n;
                window.opened(System.nanoTime());
                if (window.measuring()) {
                    receivedInWindow += n;
                }
            }
            boolean kernelFull = false;
            long room;
            while ((room = options.bulkWindow() - (connection.sent - connection.received)) > 0) {
                output.clear().limit((int) Math.min(CHUNK, room));
                int n = connection.channel.write(output);
                if (n == 0) {
                    kernelFull = true;
                    break;
                }
                connection.sent += n;
            }
            int interest = kernelFull ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (connection.key.interestOps() != interest) {
                connection.key.interestOps(interest);
            }
        } catch (IOException e) {
            throw new LoadException("bulk connection failed", e);
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        long sent;
        long received;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }
}
