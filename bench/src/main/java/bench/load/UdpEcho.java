package bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;

/**
 * UDP echo: {@code --connections} flows, each its own connected {@link DatagramChannel} with one
 * datagram of {@code --size} bytes in flight; when its echo arrives the round trip is counted and
 * the next datagram leaves at once. UDP may drop: a flow whose echo has not come back within
 * {@link #RESEND_NANOS} sends again (counted as {@code resent}), so a loss never stalls it.
 * {@code udpcheck} sends datagrams of 1, 1,000 and 65,507 bytes and fails unless each comes back
 * whole and unchanged.
 */
final class UdpEcho {
    static final long RESEND_NANOS = 200_000_000L;

    private final Options options;
    private final ByteBuffer message;
    private final ByteBuffer input = ByteBuffer.allocateDirect(65_536);
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Window window;
    private long completed;
    private long resent;

    private UdpEcho(Options options) {
        this.options = options;
        this.message = Payload.direct(options.messageSize());
        this.window = new Window(options, () -> {
            completed = 0;
            resent = 0;
            latency.reset();
        }, () -> completed);
    }

    static Result run(Options options) throws IOException {
        UdpEcho run = new UdpEcho(options);
        run.flows();
        Result result = new Result(options);
        run.window.report(result, run.completed);
        result.put("p50_us", run.latency.percentile(0.50) / 1e3);
        result.put("p99_us", run.latency.percentile(0.99) / 1e3);
        result.put("resent", run.resent);
        return result;
    }

    private void flows() throws IOException {
        int count = options.connections();
        Flow[] flows = new Flow[count];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                DatagramChannel ch = DatagramChannel.open();
                flows[i] = new Flow(ch);
                ch.connect(options.server());
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, flows[i]);
            }
            window.start();
            long now = System.nanoTime();
            for (Flow f : flows) {
                send(f, now);
            }
            long lastSweep = now;
            while (!window.closed(now = System.nanoTime())) {
                selector.select(this::readable, 50);
                if (now - lastSweep > RESEND_NANOS / 4) {
                    lastSweep = now;
                    for (Flow f : flows) {
                        if (now - f.sentAt > RESEND_NANOS) {
                            resent++;
                            send(f, now);
                        }
                    }
                }
            }
        } finally {
            for (Flow f : flows) {
                if (f != null) {
                    f.channel.close();
                }
            }
        }
    }

    private void readable(SelectionKey key) {
        Flow flow = (Flow) key.attachment();
        try {
            while (true) {
                input.clear();
                int n = flow.channel.read(input);
                if (n <= 0) {
                    return;
                }
                if (n != options.messageSize()) {
                    throw new LoadException("echo of " + n + " bytes for a datagram of " + options.messageSize());
                }
                long now = System.nanoTime();
                window.opened(now);
                completed++;
                latency.record(now - flow.sentAt);
                send(flow, now);
            }
        } catch (IOException e) {
            throw new LoadException("UDP flow failed", e);
        }
    }

    private void send(Flow flow, long now) throws IOException {
        message.clear();
        flow.channel.write(message);
        flow.sentAt = now;
    }

    /** Sends datagrams of several sizes and checks that each comes back whole and unchanged. */
    static Result check(Options options) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(options.server());
            ch.socket().setSoTimeout(1000);
            int checked = 0;
            for (int size : new int[] {1, 1000, 65_507}) {
                byte[] data = new byte[size];
                for (int i = 0; i < size; i++) {
                    data[i] = (byte) (i * 31 + size);
                }
                boolean ok = false;
                for (int attempt = 0; attempt < 10 && !ok; attempt++) {
                    ch.write(ByteBuffer.wrap(data));
                    java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[65_536], 65_536);
                    try {
                        ch.socket().receive(packet);
                    } catch (java.net.SocketTimeoutException lost) {
                        continue;
                    }
                    byte[] got = Arrays.copyOf(packet.getData(), packet.getLength());
                    if (!Arrays.equals(got, data)) {
                        throw new IOException("echo of " + size + " bytes came back as " + got.length + " different bytes");
                    }
                    ok = true;
                }
                if (!ok) {
                    throw new IOException("no echo of a " + size + "-byte datagram after 10 tries");
                }
                checked++;
            }
            Result result = new Result(options);
            result.put("ops", checked);
            return result;
        }
    }

    private static final class Flow {
        final DatagramChannel channel;
        long sentAt;

        Flow(DatagramChannel channel) {
            this.channel = channel;
        }
    }
}
