package net.protocols.tls;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Connector;
import net.reactor.IPv4Address;
import net.reactor.LayerBuilder;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.SocketType;
import net.reactor.TCPTransport;
import net.reactor.Transport;
import net.reactor.testing.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Two in-memory TCP-like transports joined back to back, moved by hand with {@link #pump()}
 * (Twisted's loopback, with flow control): bytes written at one end wait in that end's buffer
 * until a pump delivers them, unless the other end paused reading; a streaming producer is
 * paused above the 64 KiB high-water mark and resumed when the buffer drains. Each end
 * implements {@link Transport#insertLayer} the way a real transport must: it interposes the
 * layer (TLS, after startTLS) and forwards its protocol-facing calls there.
 */
public final class MemoryPipe {
    static final long HIGH_WATER_MARK = 65_536;

    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> posted = new LinkedBlockingQueue<>();
    private final Executor reactorExecutor = posted::add;
    private long activity;
    private int readChunk = 65_536;

    /** The end that connected (its protocol is the client's). */
    public final End client;
    /** The end that accepted. */
    public final End server;

    private MemoryPipe(Clock clock) {
        this.clock = clock;
        this.client = new End("client", new IPv4Address(SocketType.TCP, "127.0.0.1", 50000));
        this.server = new End("server", new IPv4Address(SocketType.TCP, "127.0.0.1", 443));
        client.peer = server;
        server.peer = client;
    }

    /**
     * Creates a pipe whose ends are not connected to protocols yet.
     *
     * @param clock the time both sides use
     * @return the pipe
     */
    public static MemoryPipe create(Clock clock) {
        return new MemoryPipe(clock);
    }

    /**
     * Connects protocols to both ends (server first, as an accept precedes the connect's
     * completion), then pumps.
     *
     * @param clientProtocol the client's protocol
     * @param serverProtocol the server's protocol
     * @return this pipe
     */
    public MemoryPipe connect(Protocol clientProtocol, Protocol serverProtocol) {
        server.protocol = serverProtocol;
        client.protocol = clientProtocol;
        long t0 = System.nanoTime();
        serverProtocol.makeConnection(server);
        long t1 = System.nanoTime();
        clientProtocol.makeConnection(client);
        server.nanosInProtocol += t1 - t0;
        client.nanosInProtocol += System.nanoTime() - t1;
        pump();
        return this;
    }

    /** Sets the largest chunk one {@code dataReceived} delivers. */
    public MemoryPipe readChunk(int bytes) {
        this.readChunk = bytes;
        return this;
    }

    /** Runs tasks on "the reactor thread" (the test's thread, at the next pump) from any thread. */
    public Executor reactorExecutor() {
        return reactorExecutor;
    }

    /** Delivers bytes, closes and due zero-delay calls until nothing moves. */
    public void pump() {
        long before;
        do {
            before = activity;
            for (Runnable r; (r = posted.poll()) != null; ) {
                activity++;
                r.run();
            }
            clock.advance(Duration.ZERO);
            client.step();
            server.step();
        } while (activity != before);
    }

    /**
     * Pumps until {@code condition} holds, waiting up to {@code timeout} for tasks other threads
     * post (delegated TLS tasks).
     */
    public void pumpUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        pump();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("condition not reached within " + timeout);
            }
            Runnable r = posted.poll(left, TimeUnit.NANOSECONDS);
            if (r != null) {
                activity++;
                r.run();
            }
            pump();
        }
    }

    /** One end: a transport with a send buffer towards the other end. */
    public final class End implements TCPTransport {
        private final String name;
        private final Address host;
        private End peer;
        private @Nullable Protocol protocol;
        private @Nullable ProtocolLayer tls;
        private final Raw raw = new Raw();
        private final ArrayDeque<byte[]> out = new ArrayDeque<>();
        private long outBytes;
        private boolean readPaused;
        private boolean disconnecting;
        private boolean aborted;
        private boolean lostDelivered;
        private @Nullable Producer producer;
        private boolean streaming;
        private boolean producerPaused;
        private @Nullable ClientFactory clientFactory;
        private final Connector connector = new StubConnector();
        /** Every byte this end put on the wire, for tests that inspect the raw stream. */
        public final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        /** Wall-clock nanoseconds spent delivering to this end's protocol (its share of the "reactor"). */
        public long nanosInProtocol;
        /** The reasons given to this end's protocol (at most one, unless a bug calls twice). */
        public final List<Throwable> lost = new ArrayList<>();

        End(String name, Address host) {
            this.name = name;
            this.host = host;
        }

        /** The protocol this end delivers to: the layer after insertLayer (startTLS), else the protocol. */
        Protocol target() {
            return tls != null ? tls : Objects.requireNonNull(protocol, "not connected");
        }

        /** Makes this end report the end of the connection to {@code factory}, as a connector does. */
        public End reportTo(ClientFactory factory) {
            this.clientFactory = factory;
            return this;
        }

        /** Whether the transport was closed and its protocol told. */
        public boolean isDisconnected() {
            return lostDelivered;
        }

        /** Bytes waiting in this end's send buffer. */
        public long queued() {
            return outBytes;
        }

        /** Simulates the peer's TCP stack dropping the connection without any TLS goodbye. */
        public void dropWithoutGoodbye() {
            out.clear();
            outBytes = 0;
            activity++;
            lose(new ConnectionDoneException("Connection was closed cleanly."));
            peer.lose(new ConnectionDoneException("Connection was closed cleanly."));
        }

        void step() {
            if (lostDelivered) {
                return;
            }
            if (aborted) {
                activity++;
                lose(new ConnectionAbortedException("Connection was aborted locally."));
                peer.lose(new ConnectionLostException("Connection to the other side was lost in a non-clean fashion."));
                return;
            }
            boolean delivered = false;
            while (!out.isEmpty() && !peer.readPaused && !peer.lostDelivered) {
                byte[] chunk = take();
                activity++;
                delivered = true;
                long t0 = System.nanoTime();
                peer.target().dataReceived(chunk);
                peer.nanosInProtocol += System.nanoTime() - t0;
                if (lostDelivered) {
                    return;
                }
            }
            if (out.isEmpty() && delivered && producer != null && (!streaming || producerPaused)) {
                producerPaused = false;
                activity++;
                if (producer instanceof PullProducer pull && !streaming) {
                    pull.resumeProducing();
                } else {
                    ((PushProducer) producer).resumeProducing();
                }
            }
            if (disconnecting && out.isEmpty() && (producer == null || (streaming && !producerPaused))) {
                activity++;
                lose(new ConnectionDoneException("Connection was closed cleanly."));
                peer.lose(new ConnectionDoneException("Connection was closed cleanly."));
            }
        }

        private byte[] take() {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            while (!out.isEmpty() && chunk.size() < readChunk) {
                byte[] head = out.peekFirst();
                int room = readChunk - chunk.size();
                if (head.length <= room) {
                    chunk.writeBytes(out.pollFirst());
                } else {
                    chunk.write(head, 0, room);
                    out.pollFirst();
                    out.addFirst(java.util.Arrays.copyOfRange(head, room, head.length));
                }
            }
            outBytes -= chunk.size();
            return chunk.toByteArray();
        }

        private void lose(Throwable reason) {
            if (lostDelivered) {
                return;
            }
            lostDelivered = true;
            out.clear();
            outBytes = 0;
            if (producer != null) {
                producer.stopProducing();
            }
            Protocol target = target();
            lost.add(reason);
            target.connectionLost(reason);
            if (clientFactory != null) {
                clientFactory.clientConnectionLost(connector, reason);
            }
        }

        // -------------------------------------------- the raw transport (what TLS writes to)

        void rawWrite(byte[] data) {
            if (data.length == 0 || disconnecting || aborted || lostDelivered) {
                return;
            }
            activity++;
            out.addLast(data);
            outBytes += data.length;
            wire.writeBytes(data);
            if (producer != null && streaming && !producerPaused && outBytes > HIGH_WATER_MARK) {
                producerPaused = true;
                ((PushProducer) producer).pauseProducing();
            }
        }

        void rawLoseConnection() {
            if (!lostDelivered) {
                activity++;
                disconnecting = true;
            }
        }

        void rawAbort() {
            if (!lostDelivered && !aborted) {
                activity++;
                aborted = true;
                out.clear();
                outBytes = 0;
            }
        }

        void rawRegisterProducer(Producer p, boolean isStreaming) {
            if (producer != null) {
                throw new IllegalStateException("a producer is already registered");
            }
            if (lostDelivered) {
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

        void rawUnregisterProducer() {
            producer = null;
            activity++;
        }

        void rawPause() {
            readPaused = true;
        }

        void rawResume() {
            if (readPaused) {
                activity++;
            }
            readPaused = false;
        }

        // -------------------------------------------- the protocol-facing transport

        @Override
        public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
            if (tls != null) {
                throw new IllegalStateException("a layer is already inserted");
            }
            if (disconnecting || aborted || lostDelivered) {
                throw new IllegalStateException("the connection is closing");
            }
            L layer = builder.buildLayer(Objects.requireNonNull(protocol), clock, reactorExecutor);
            tls = layer;
            layer.makeConnection(raw);
            return layer;
        }

        @Override
        public void write(byte[] data) {
            if (tls != null) {
                tls.write(data);
            } else {
                rawWrite(data);
            }
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            if (tls != null) {
                tls.writeSequence(data);
            } else {
                data.forEach(this::rawWrite);
            }
        }

        @Override
        public void loseConnection() {
            if (tls != null) {
                tls.loseConnection();
            } else {
                rawLoseConnection();
            }
        }

        @Override
        public void loseConnection(Throwable reason) {
            if (tls != null) {
                tls.loseConnection(reason);
            } else {
                rawLoseConnection();
            }
        }

        @Override
        public void abortConnection() {
            if (tls != null) {
                tls.abortConnection();
            } else {
                rawAbort();
            }
        }

        @Override
        public Address getPeer() {
            return peer.host;
        }

        @Override
        public Address getHost() {
            return host;
        }

        @Override
        public long bufferedBytes() {
            return tls != null ? tls.bufferedBytes() : outBytes;
        }

        @Override
        public boolean isClosing() {
            return tls != null ? tls.isClosing() : disconnecting || aborted || lostDelivered;
        }

        @Override
        public void registerProducer(Producer p, boolean isStreaming) {
            if (tls != null) {
                tls.registerProducer(p, isStreaming);
            } else {
                rawRegisterProducer(p, isStreaming);
            }
        }

        @Override
        public void unregisterProducer() {
            if (tls != null) {
                tls.unregisterProducer();
            } else {
                rawUnregisterProducer();
            }
        }

        @Override
        public void pauseProducing() {
            if (tls != null) {
                tls.pauseProducing();
            } else {
                rawPause();
            }
        }

        @Override
        public void resumeProducing() {
            if (tls != null) {
                tls.resumeProducing();
            } else {
                rawResume();
            }
        }

        @Override
        public void stopProducing() {
            loseConnection();
        }

        @Override
        public void loseWriteConnection() {
            throw new UnsupportedOperationException("not modelled");
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {}

        @Override
        public boolean getTcpNoDelay() {
            return true;
        }

        @Override
        public void setTcpKeepAlive(boolean enabled) {}

        @Override
        public boolean getTcpKeepAlive() {
            return false;
        }

        @Override
        public String toString() {
            return "MemoryPipe.End[" + name + "]";
        }

        /** The byte-level view the TLS layer writes ciphertext to. */
        private final class Raw implements Transport {
            @Override
            public void write(byte[] data) {
                rawWrite(data);
            }

            @Override
            public void writeSequence(List<byte[]> data) {
                data.forEach(End.this::rawWrite);
            }

            @Override
            public void loseConnection() {
                rawLoseConnection();
            }

            @Override
            public void loseConnection(Throwable reason) {
                rawLoseConnection();
            }

            @Override
            public void abortConnection() {
                rawAbort();
            }

            @Override
            public Address getPeer() {
                return peer.host;
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
                return disconnecting || aborted || lostDelivered;
            }

            @Override
            public void registerProducer(Producer p, boolean isStreaming) {
                rawRegisterProducer(p, isStreaming);
            }

            @Override
            public void unregisterProducer() {
                rawUnregisterProducer();
            }

            @Override
            public void pauseProducing() {
                rawPause();
            }

            @Override
            public void resumeProducing() {
                rawResume();
            }

            @Override
            public void stopProducing() {
                rawLoseConnection();
            }
        }

        private final class StubConnector implements Connector {
            @Override
            public void connect() {
                throw new UnsupportedOperationException("memory pipes do not reconnect");
            }

            @Override
            public void stopConnecting() {}

            @Override
            public void disconnect() {
                loseConnection();
            }

            @Override
            public Address getDestination() {
                return peer.host;
            }
        }
    }
}
