package bench.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMP {@code sum} calls with a fixed number in flight: {@code --connections} connections, each
 * keeping {@code --in-flight} calls unanswered; each answer box sends the next call at once. The
 * load side is as cheap as the echo workloads': the call box is built once (the same {@code _ask}
 * tag each time; AMP servers echo tags without checking them), and answers are counted by walking
 * the length prefixes, not parsed. {@link #check} parses every answer and checks the sums.
 */
final class AmpSum {
    /** AMP frames per box: 16-bit big-endian lengths, an empty key ends the box. */
    private static byte[] box(Map<String, String> pairs) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        pairs.forEach((key, value) -> {
            for (String s : new String[] {key, value}) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                out.write(bytes.length >> 8);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        });
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    static byte[] call(String tag, long a, long b) {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("_command", "sum");
        pairs.put("_ask", tag);
        pairs.put("a", Long.toString(a));
        pairs.put("b", Long.toString(b));
        return box(pairs);
    }

    private final Options options;
    private final int inFlight;
    private final byte[] callBox = call("1", 5, 3);
    private final ByteBuffer input = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer output;
    private final Window window;
    private long completed;

    private AmpSum(Options options) {
        this.options = options;
        this.inFlight = options.inFlight();
        this.output = ByteBuffer.allocateDirect(callBox.length * Math.max(inFlight, 1) * 4);
        this.window = new Window(options, () -> completed = 0, () -> completed);
    }

    static Result run(Options options) throws IOException {
        AmpSum run = new AmpSum(options);
        run.many();
        Result result = new Result(options);
        result.put("in_flight", (long) options.connections() * options.inFlight());
        run.window.report(result, run.completed);
        return result;
    }

    private void many() throws IOException {
        int count = options.connections();
        List<SocketChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(options.server());
                channels.add(channel);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Counter());
            }
            window.start();
            for (SocketChannel channel : channels) {
                send(channel, inFlight);
            }
            while (!window.closed(System.nanoTime())) {
                selector.select(this::readable, 100);
            }
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
    }

    private void readable(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Counter counter = (Counter) key.attachment();
        try {
            input.clear();
            int n = channel.read(input);
            if (n < 0) {
                throw new IOException("the server closed a connection");
            }
            input.flip();
            int boxes = counter.count(input);
            if (boxes > 0) {
                window.opened(System.nanoTime());
                completed += boxes;
                send(channel, boxes);
            }
        } catch (IOException e) {
            throw new LoadException("AMP connection failed", e);
        }
    }

    /** Sends {@code calls} call boxes in one write where the socket takes them. */
    private void send(SocketChannel channel, int calls) throws IOException {
        while (calls > 0) {
            output.clear();
            int batch = Math.min(calls, output.capacity() / callBox.length);
            for (int i = 0; i < batch; i++) {
                output.put(callBox);
            }
            output.flip();
            while (output.hasRemaining()) {
                channel.write(output); // at most 100 small boxes in flight: the socket buffer takes them
            }
            calls -= batch;
        }
    }

    /** Counts complete boxes in a byte stream, across reads, from the length prefixes alone. */
    static final class Counter {
        private int skip;          // value or key bytes still to pass
        private int high = -1;     // the first byte of a length prefix split across reads
        private boolean valueNext; // whether the next length prefixes a value

        int count(ByteBuffer in) {
            int boxes = 0;
            while (in.hasRemaining()) {
                if (skip > 0) {
                    int n = Math.min(skip, in.remaining());
                    in.position(in.position() + n);
                    skip -= n;
                    continue;
                }
                int b = in.get() & 0xFF;
                if (high < 0) {
                    high = b;
                    continue;
                }
                int length = (high << 8) | b;
                high = -1;
                if (!valueNext && length == 0) {
                    boxes++;
                    continue;
                }
                skip = length;
                valueNext = !valueNext;
            }
            return boxes;
        }
    }

    /**
     * The content check before timing: 1,000 calls with different operands and tags on one
     * connection, 100 in flight; every answer must carry its tag and the right sum.
     */
    static Result check(Options options) throws IOException {
        try (SocketChannel channel = SocketChannel.open(options.server())) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Map<String, Long> expected = new LinkedHashMap<>();
            java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            int sent = 0;
            int answered = 0;
            java.util.Random random = new java.util.Random(42);
            while (answered < 1000) {
                while (sent < 1000 && sent - answered < 100) {
                    long a = random.nextLong() >> 2;
                    long b = random.nextLong() >> 2;
                    String tag = Integer.toHexString(++sent);
                    expected.put(tag, a + b);
                    ByteBuffer out = ByteBuffer.wrap(call(tag, a, b));
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                }
                in.clear();
                if (channel.read(in) < 0) {
                    throw new IOException("the server closed the connection after " + answered + " answers");
                }
                pending.write(in.array(), 0, in.position());
                byte[] bytes = pending.toByteArray();
                int p = 0;
                while (true) {
                    Map<String, String> box = new LinkedHashMap<>();
                    int q = parse(bytes, p, box);
                    if (q < 0) {
                        break;
                    }
                    p = q;
                    Long sum = expected.remove(box.get("_answer"));
                    if (sum == null || !Long.toString(sum).equals(box.get("result"))) {
                        throw new IOException("wrong AMP answer " + box + " (expected result " + sum + ")");
                    }
                    answered++;
                }
                pending.reset();
                pending.write(bytes, p, bytes.length - p);
            }
            Result result = new Result(options);
            result.put("ops", answered);
            return result;
        }
    }

    /** Parses one box at {@code p}: the position after it, or -1 if it is not complete. */
    private static int parse(byte[] bytes, int p, Map<String, String> box) {
        String key = null;
        while (p + 2 <= bytes.length) {
            int length = ((bytes[p] & 0xFF) << 8) | (bytes[p + 1] & 0xFF);
            if (key == null && length == 0) {
                return p + 2;
            }
            if (p + 2 + length > bytes.length) {
                return -1;
            }
            String s = new String(bytes, p + 2, length, StandardCharsets.UTF_8);
            p += 2 + length;
            if (key == null) {
                key = s;
            } else {
                box.put(key, s);
                key = null;
            }
        }
        return -1;
    }
}
