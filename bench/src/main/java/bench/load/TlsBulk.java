package bench.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS bulk: like {@link Bulk}, over TLS 1.3 (AES-128-GCM) with the JDK's SSLEngine on the client
 * side. Connections finish their handshakes during the warm-up; the figure is the application
 * bytes echoed back per second.
 */
final class TlsBulk {

    private static final int RECORD = 16 * 1024;

    private final Options options;
    private final ByteBuffer output = Payload.direct(RECORD);
    private final Window window;
    private long receivedInWindow;

    private TlsBulk(Options options) {
        this.options = options;
        this.window = new Window(options, () -> receivedInWindow = 0, () -> receivedInWindow);
    }

    static Result run(Options options) throws IOException, GeneralSecurityException {
        TlsBulk run = new TlsBulk(options);
        run.stream(TlsContext.of(options));
        Result result = new Result(options);
        run.window.report(result, run.receivedInWindow);
        result.put("mb_per_s", run.receivedInWindow / 1e6 / run.window.seconds());
        double serverCpu = run.window.serverCpuSeconds();
        if (options.serverPid() != 0 && serverCpu > 0) {
            result.put("mb_per_server_cpu_s", run.receivedInWindow / 1e6 / serverCpu);
        }
        return result;
    }

    private void stream(TlsContext tls) throws IOException {
        List<TlsConnection> connections = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < options.connections(); i++) {
                SocketChannel channel = SocketChannel.open(options.server());
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                TlsConnection connection = new TlsConnection(channel, tls.engine());
                connections.add(connection);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            }
            // Handshakes run during the warm-up.
            window.start();
            for (TlsConnection connection : connections) {
                connection.begin();
                interest(connection);
            }
            while (!window.closed(System.nanoTime())) {
                selector.select(key -> step((TlsConnection) key.attachment(), key.isReadable()), 100);
            }
        } finally {
            connections.forEach(TlsConnection::close);
        }
    }

    private void step(TlsConnection connection, boolean readable) {
        try {
            if (readable) {
                long before = connection.received;
                connection.readable();
                window.opened(System.nanoTime());
                if (window.measuring()) {
                    receivedInWindow += connection.received - before;
                }
            }
            if (connection.handshaken()) {
                long room;
                while ((room = options.bulkWindow() - (connection.sent - connection.received)) > 0) {
                    output.clear();
                    if (connection.write(output, (int) Math.min(RECORD, room)) == 0) {
                        break;
                    }
                }
            } else {
                connection.flush();
            }
            interest(connection);
        } catch (IOException e) {
            throw new LoadException("TLS bulk connection failed", e);
        }
    }

    private static void interest(TlsConnection connection) {
        int interest = connection.pendingOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (connection.key.interestOps() != interest) {
            connection.key.interestOps(interest);
        }
    }
}
