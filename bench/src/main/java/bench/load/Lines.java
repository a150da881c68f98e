package bench.load;

import bench.echo.TenLines;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One request, ten lines back ({@code lines10}, see {@link TenLines}): every connection sends a
 * request line and waits for the whole 640-byte answer, then sends the next, like ping-pong with
 * a ten-line answer. Each connection reads into an answer buffer of its own, never past the
 * answer's end, so every answer is compared whole with the expected bytes: a server that sends a
 * wrong, short or extra byte fails the run. The check ({@code linescheck}) is the same exchange,
 * counted instead of timed: 2,000 answers on one connection, then 200 on each of 16.
 */
final class Lines {

    private static final ByteBuffer EXPECTED = ByteBuffer.allocateDirect(TenLines.LINES * TenLines.LINE_LENGTH)
            .put(TenLines.answer()).flip();

    private final Options options;
    private final ByteBuffer request;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Window window;
    private long completed;
    /** Answers received in all, for the check (the window resets {@link #completed}). */
    private long answered;

    private Lines(Options options) {
        this.options = options;
        byte[] line = TenLines.request();
        this.request = ByteBuffer.allocateDirect(line.length).put(line).flip();
        this.window = new Window(options, () -> {
            completed = 0;
            latency.reset();
        }, () -> completed);
    }

    static Result run(Options options) throws IOException {
        Lines run = new Lines(options);
        run.exchange(options.connections(), 0);
        Result result = new Result(options);
        run.window.report(result, run.completed);
        result.put("p50_us", run.latency.percentile(0.50) / 1e3);
        result.put("p99_us", run.latency.percentile(0.99) / 1e3);
        return result;
    }

    static Result check(Options options) throws IOException {
        long answers = 0;
        for (int[] round : new int[][] {{1, 2_000}, {16, 200}}) {
            Lines run = new Lines(options);
            run.exchange(round[0], round[1]);
            answers += run.answered;
        }
        Result result = new Result(options);
        result.put("ops", answers);
        return result;
    }

    /**
     * Runs {@code count} connections until the window closes or, when {@code answersEach} is
     * positive, until each has received that many answers.
     */
    private void exchange(int count, int answersEach) throws IOException {
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
            if (answersEach > 0) {
                long target = (long) answersEach * count;
                long deadline = now + 120_000_000_000L;
                while (answered < target) {
                    if (System.nanoTime() > deadline) {
                        throw new LoadException("only " + answered + " of " + target + " answers within 120 s");
                    }
                    selector.select(key -> readable(key, answersEach), 100);
                }
            } else {
                while (!window.closed(System.nanoTime())) {
                    selector.select(key -> readable(key, 0), 100);
                }
            }
        } finally {
            for (SocketChannel channel : channels) {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    private void readable(SelectionKey key, int answersEach) {
        Connection connection = (Connection) key.attachment();
        try {
            int n = connection.channel.read(connection.answer);
            if (n < 0) {
                throw new IOException("the server closed a connection");
            }
            if (connection.answer.hasRemaining()) {
                return;
            }
            connection.answer.flip();
            if (connection.answer.mismatch(EXPECTED) != -1) {
                throw new IOException("wrong answer: byte " + connection.answer.mismatch(EXPECTED)
                        + " of the ten lines differs");
            }
            connection.answer.clear();
            long now = System.nanoTime();
            answered++;
            connection.answers++;
            if (answersEach == 0) {
                window.opened(now);
                completed++;
                latency.record(now - connection.sentAt);
            }
            if (answersEach == 0 || connection.answers < answersEach) {
                connection.sentAt = now;
                send(connection.channel);
            }
        } catch (IOException e) {
            throw new LoadException("lines connection failed", e);
        }
    }

    /** Sends one request; the previous answer is complete, so the kernel takes all of it at once. */
    private void send(SocketChannel channel) throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            channel.write(request);
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer answer = ByteBuffer.allocateDirect(EXPECTED.capacity());
        long sentAt;
        long answers;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }
}
