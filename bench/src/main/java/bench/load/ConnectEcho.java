package bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Opens connections, a fixed number at a time, each doing one echo of one message once connected
 * (non-blocking connect, write, read). What then happens to a connection is the caller's choice:
 * the connection-rate workload closes it and opens the next; the idle workload keeps it.
 */
final class ConnectEcho {

    /** Where the source ports of bound client sockets start: below Linux's ephemeral range. */
    private static final int FIRST_SOURCE_PORT = 10_000;

    private final InetSocketAddress server;
    private final @Nullable InetSocketAddress source;
    private final boolean keep;
    private final ByteBuffer message;
    private final ByteBuffer input = ByteBuffer.allocateDirect(4096);
    private final List<SocketChannel> kept = new ArrayList<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private long completed;
    private long failed;
    private long started;
    /** The next source port to bind when {@link #source} is set: the ports are chosen here, see {@link #bind}. */
    private int nextPort = FIRST_SOURCE_PORT;
    private @Nullable String firstFailure;

    /**
     * @param source the local address to bind each client socket to, or null for the kernel's choice
     * @param keep whether an echoed connection stays open (idle) or is closed (connection rate)
     */
    ConnectEcho(InetSocketAddress server, @Nullable InetSocketAddress source, int messageSize, boolean keep) {
        this.server = server;
        this.source = source;
        this.keep = keep;
        this.message = Payload.direct(messageSize);
    }

    /**
     * Runs until {@code stop} answers true for the current time (checked after every finished
     * connection and at least every 100 ms), starting at most {@code limit} connections in all.
     */
    void run(int parallel, long limit, LongPredicate stop) throws IOException {
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < parallel && started < limit; i++) {
                open(selector);
            }
            while (!stop.test(System.nanoTime()) && selector.keys().size() > 0) {
                selector.select(key -> step(selector, key, limit), 100);
            }
            for (SelectionKey key : selector.keys()) {
                if (key.isValid()) { // a kept connection's key is cancelled, not valid
                    key.channel().close();
                }
            }
        }
    }

    private void open(Selector selector) throws IOException {
        started++;
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (source != null) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            bind(channel, source);
        }
        Attempt attempt = new Attempt(System.nanoTime());
        if (channel.connect(server)) {
            send(channel);
            channel.register(selector, SelectionKey.OP_READ, attempt);
        } else {
            channel.register(selector, SelectionKey.OP_CONNECT, attempt);
        }
    }

    private void step(Selector selector, SelectionKey key, long limit) {
        SocketChannel channel = (SocketChannel) key.channel();
        Attempt attempt = (Attempt) key.attachment();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                send(channel);
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            input.clear();
            int n = channel.read(input);
            if (n < 0) {
                throw new IOException("closed by the server before the echo");
            }
            attempt.received += n;
            if (attempt.received < message.capacity()) {
                return;
            }
            latency.record(System.nanoTime() - attempt.startedAt);
            completed++;
            if (keep) {
                key.cancel();
                kept.add(channel);
            } else {
                channel.close();
            }
        } catch (IOException e) {
            failed++;
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failed; the count above records it
            }
        }
        if (started < limit) {
            try {
                open(selector);
            } catch (IOException e) {
                failed++;
            }
        }
    }

    /**
     * Binds a client socket to {@code source}'s address and a port chosen here, one after the
     * other. Binding to port 0 makes the kernel search the ephemeral range for a free port on
     * that address, a search that grows with every socket already bound there: 10,000 such binds
     * cost seconds of system time, most of the idle workload's time, where explicit ports cost
     * nothing. A port in use (by an earlier run's TIME_WAIT socket on the same address) is skipped.
     */
    private void bind(SocketChannel channel, InetSocketAddress source) throws IOException {
        while (true) {
            if (nextPort > 65_535) {
                throw new IOException("no source port left on " + source.getAddress());
            }
            try {
                channel.bind(new InetSocketAddress(source.getAddress(), nextPort++));
                return;
            } catch (java.net.BindException inUse) {
                // taken: try the next one
            }
        }
    }

    private void send(SocketChannel channel) throws IOException {
        message.clear();
        while (message.hasRemaining()) {
            channel.write(message);
        }
    }

    long completed() {
        return completed;
    }

    long failed() {
        return failed;
    }

    /** The first failure's exception, for the run's log, or null if none failed. */
    @Nullable String firstFailure() {
        return firstFailure;
    }

    LatencyHistogram latency() {
        return latency;
    }

    /** The connections kept open (idle workload), now in blocking mode. */
    List<SocketChannel> kept() throws IOException {
        for (SocketChannel channel : kept) {
            channel.configureBlocking(true);
        }
        return kept;
    }

    void resetCounts() {
        completed = 0;
        failed = 0;
        latency.reset();
    }

    private static final class Attempt {
        final long startedAt;
        int received;

        Attempt(long startedAt) {
            this.startedAt = startedAt;
        }
    }
}
