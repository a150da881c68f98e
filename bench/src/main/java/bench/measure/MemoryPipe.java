package bench.measure;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import net.reactor.Address;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.IPv4Address;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.SocketType;
import net.reactor.Transport;
import net.reactor.testing.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Two in-memory transports joined back to back, moved by hand with {@link #pump()}, for
 * measuring a protocol layer (here: TLS) without sockets or a reactor thread. Bytes written at one
 * end wait in that end's buffer until a pump delivers them (at most {@link #READ_CHUNK} bytes per
 * {@code dataReceived}, as one socket read would), unless the other end paused reading; a
 * streaming producer is paused above {@link #HIGH_WATER_MARK} buffered bytes and resumed when the
 * buffer has drained, as a reactor's transport does with its default water marks.
 *
 * <p>Each end counts the wall-clock time spent inside its protocol's {@code makeConnection} and
 * {@code dataReceived}: that end's share of a reactor thread.
 *
 * <p>Single-threaded: everything runs on the caller's thread; {@link #reactorExecutor()} queues
 * tasks (from any thread) for the next pump.
 */
final class MemoryPipe {
    /** A streaming producer is paused when more than this many bytes wait in an end's buffer. */
    static final long HIGH_WATER_MARK = 65_536;
    /** The most bytes one {@code dataReceived} delivers. */
    static final int READ_CHUNK = 65_536;

    private final Clock clock;
    private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private long activity;

    /** The end that connected. */
    final End client;
    /** The end that accepted. */
    final End server;

    MemoryPipe(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = new End("client", new IPv4Address(SocketType.TCP, "127.0.0.1", 50000));
        this.server = new End("server", new IPv4Address(SocketType.TCP, "127.0.0.1", 443));
        client.peer = server;
        server.peer = client;
    }

    /** Runs tasks at the next pump, on the pumping thread: the pipe's {@code callFromThread}. */
    Executor reactorExecutor() {
        return posted::add;
    }

    /** Connects the server's protocol, then the client's, and pumps until nothing moves. */
    void connect(Protocol clientProtocol, Protocol serverProtocol) {
        server.protocol = serverProtocol;
        client.protocol = clientProtocol;
        long t0 = System.nanoTime();
        serverProtocol.makeConnection(server);
        long t1 = System.nanoTime();
        clientProtocol.makeConnection(client);
        server.nanosInProtocol += t1 - t0;
        client.nanosInProtocol += System.nanoTime() - t1;
        pump();
    }

    /** Runs posted tasks and due zero-delay calls and delivers bytes and closes until nothing moves. */
    void pump() {
        long before;
        do {
            before = activity;
            for (Runnable task; (task = posted.poll()) != null; ) {
                activity++;
                task.run();
            }
            clock.advance(java.time.Duration.ZERO);
            client.step();
            server.step();
        } while (activity != before);
    }

    /** One end: a transport with a send buffer towards the other end. */
    final class End implements Transport {
        private final String name;
        private final Address host;
        private @Nullable End peer;
        private @Nullable Protocol protocol;
        private final ArrayDeque<byte[]> out = new ArrayDeque<>();
        private long outBytes;
        private boolean readPaused;
        private boolean disconnecting;
        private boolean aborted;
        private boolean lost;
        private @Nullable Producer producer;
        private boolean streaming;
        private boolean producerPaused;
        /** Wall-clock nanoseconds spent in this end's protocol. */
        long nanosInProtocol;

        End(String name, Address host) {
            this.name = name;
            this.host = host;
        }

        private End peer() {
            return Objects.requireNonNull(peer);
        }

        private Protocol protocol() {
            return Objects.requireNonNull(protocol, "not connected");
        }

        void step() {
            if (lost) {
                return;
            }
            End other = peer();
            if (aborted) {
                activity++;
                lose(new ConnectionAbortedException("Connection was aborted locally."));
                other.lose(new ConnectionLostException("Connection to the other side was lost in a non-clean fashion."));
                return;
            }
            boolean delivered = false;
            while (!out.isEmpty() && !other.readPaused && !other.lost) {
                byte[] chunk = take();
                activity++;
                delivered = true;
                long t0 = System.nanoTime();
                other.protocol().dataReceived(chunk);
                other.nanosInProtocol += System.nanoTime() - t0;
                if (lost) {
                    return;
                }
            }
            Producer p = producer;
            if (out.isEmpty() && delivered && p != null && (!streaming || producerPaused)) {
                producerPaused = false;
                activity++;
                if (p instanceof PullProducer pull && !streaming) {
                    pull.resumeProducing();
                } else {
                    ((PushProducer) p).resumeProducing();
                }
            }
            if (disconnecting && out.isEmpty() && (producer == null || (streaming && !producerPaused))) {
                activity++;
                lose(new ConnectionDoneException("Connection was closed cleanly."));
                other.lose(new ConnectionDoneException("Connection was closed cleanly."));
            }
        }

        private byte[] take() {
            byte[] head = out.pollFirst();
            if (head.length > READ_CHUNK) {
                out.addFirst(Arrays.copyOfRange(head, READ_CHUNK, head.length));
                head = Arrays.copyOf(head, READ_CHUNK);
            } else {
                int size = head.length;
                for (byte[] next = out.peekFirst(); next != null && size + next.length <= READ_CHUNK;
                        next = out.peekFirst()) {
                    size += next.length;
                    byte[] joined = Arrays.copyOf(head, size);
                    System.arraycopy(out.pollFirst(), 0, joined, head.length, next.length);
                    head = joined;
                }
            }
            outBytes -= head.length;
            return head;
        }

        private void lose(Throwable reason) {
            if (lost) {
                return;
            }
            lost = true;
            out.clear();
            outBytes = 0;
            Producer p = producer;
            if (p != null) {
                p.stopProducing();
            }
            protocol().connectionLost(reason);
        }

        @Override
        public void write(byte[] data) {
            if (data.length == 0 || disconnecting || aborted || lost) {
                return;
            }
            activity++;
            out.addLast(data);
            outBytes += data.length;
            Producer p = producer;
            if (p != null && streaming && !producerPaused && outBytes > HIGH_WATER_MARK) {
                producerPaused = true;
                ((PushProducer) p).pauseProducing();
            }
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            data.forEach(this::write);
        }

        @Override
        public void loseConnection() {
            if (!lost) {
                activity++;
                disconnecting = true;
            }
        }

        @Override
        public void loseConnection(Throwable reason) {
            loseConnection();
        }

        @Override
        public void abortConnection() {
            if (!lost && !aborted) {
                activity++;
                aborted = true;
                out.clear();
                outBytes = 0;
            }
        }

        @Override
        public Address getPeer() {
            return peer().host;
        }

        @Override
        public Address getHost() {
            return host;
        }

        @Override
        public long bufferedBytes() {
            return outBytes;
        }

        @Override
        public boolean isClosing() {
            return disconnecting || aborted || lost;
        }

        @Override
        public void registerProducer(Producer p, boolean isStreaming) {
            if (producer != null) {
                throw new IllegalStateException("a producer is already registered");
            }
            if (lost) {
                p.stopProducing();
                return;
            }
            producer = p;
            streaming = isStreaming;
            producerPaused = false;
            if (!isStreaming) {
                ((PullProducer) p).resumeProducing();
            }
        }

        @Override
        public void unregisterProducer() {
            producer = null;
            activity++;
        }

        @Override
        public void pauseProducing() {
            readPaused = true;
        }

        @Override
        public void resumeProducing() {
            if (readPaused) {
                activity++;
            }
            readPaused = false;
        }

        @Override
        public void stopProducing() {
            loseConnection();
        }

        @Override
        public String toString() {
            return "MemoryPipe.End[" + name + "]";
        }
    }
}
