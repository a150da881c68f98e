package net.reactor.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import net.reactor.Address;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
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
import net.reactor.internal.ProtocolEnd;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link TCPTransport} that records what a protocol does to it (Twisted's
 * {@code StringTransport}): the bytes it writes, whether and why it closed the connection, the
 * producer it registered and whether it paused the transport. Nothing reaches a network; the test
 * plays the peer.
 *
 * {@snippet :
 * StringTransport transport = new StringTransport();
 * Protocol echo = new Echo();
 * transport.connect(echo);                       // echo.makeConnection(transport)
 * echo.dataReceived("hello".getBytes(UTF_8));
 * assertThat(transport.valueAsString(UTF_8)).isEqualTo("hello");
 * transport.deliverConnectionLost();             // echo.connectionLost(ConnectionDoneException)
 * }
 *
 * <p><b>Closing:</b> as in Twisted, {@link #loseConnection()} and {@link #abortConnection()} only
 * record the request (see {@link #isDisconnecting()}, {@link #isDisconnected()},
 * {@link #closeReason()}); the test decides when the protocol hears about it, with
 * {@link #deliverConnectionLost()}. {@link StringTransportWithDisconnection} delivers it at once
 * instead. Writes after {@code loseConnection} are still recorded, as a real transport still
 * sends them; writes after an abort, a half-close or the delivered {@code connectionLost} are
 * dropped, as a real transport drops them, and counted in {@link #droppedBytes()} so a test can
 * check that nothing was written too late.
 *
 * <p><b>Flow control:</b> as a consumer it records the registered producer
 * ({@link #producer()}, {@link #isStreaming()}) but never pauses it: everything written counts as
 * sent at once, so {@link #bufferedBytes()} is always 0. As a producer it records what the
 * protocol asked in {@link #producerState()}; pausing or resuming after a close request is an
 * error unless the transport is lenient, and resuming a stopped transport always is.
 *
 * <p><b>Layers:</b> {@link #insertLayer} works as on a real connection (a protocol can start TLS
 * on it): from then on the protocol's requests go to the layer, and what is recorded is what
 * the layer writes, as the network would see it. The test hands the peer's bytes to
 * {@link #layer()} instead of the protocol, and advances {@link #clock()} to fire the layer's
 * timeouts.
 *
 * <p><b>Threading:</b> not thread-safe and not confined: use it from the test's thread.
 */
public class StringTransport implements TCPTransport {
    /** The default local address, as Twisted's StringTransport uses. */
    public static final IPv4Address DEFAULT_HOST = new IPv4Address(SocketType.TCP, "10.0.0.1", 12345);

    /** The default peer address, as Twisted's StringTransport uses. */
    public static final IPv4Address DEFAULT_PEER = new IPv4Address(SocketType.TCP, "192.168.1.1", 54321);

    /** What the protocol last asked of this transport in its role as a producer. */
    public enum ProducerState {
        /** Reading (the initial state, and after {@code resumeProducing}). */
        PRODUCING,
        /** Paused by {@code pauseProducing}. */
        PAUSED,
        /** Stopped for good by {@code stopProducing}. */
        STOPPED
    }

    private final Address host;
    private final Address peer;
    private final boolean lenient;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private long droppedBytes;
    private boolean disconnecting;
    private boolean disconnected;
    private boolean writeDisconnected;
    private @Nullable Throwable closeReason;
    private @Nullable Producer producer;
    private boolean streaming;
    private ProducerState producerState = ProducerState.PRODUCING;
    private boolean tcpNoDelay = true;
    private boolean tcpKeepAlive;
    private @Nullable Protocol protocol;
    private boolean connectionLostDelivered;
    private @Nullable Consumer<Throwable> afterConnectionLost;
    /** The recording side: what the protocol (or the layer under it) writes and asks. */
    private final Wire wire = new Wire();
    /** Routes the protocol's requests to the wire, or to the layer inserted under the protocol. */
    private final ProtocolEnd end = new ProtocolEnd(wire);
    private @Nullable ProtocolLayer layer;
    private final Clock clock = new Clock();

    /** A layer's work from other threads has no reactor thread to come back to here. */
    private static final Executor NO_REACTOR_THREAD = task -> {
        throw new RejectedExecutionException("a StringTransport has no reactor thread to run work handed over"
                + " from other threads on; test such a layer over a real reactor");
    };

    /** Creates a transport with the default addresses ({@link #DEFAULT_HOST}, {@link #DEFAULT_PEER}). */
    public StringTransport() {
        this(DEFAULT_HOST, DEFAULT_PEER, false);
    }

    /**
     * Creates a transport with the given addresses.
     *
     * @param host what {@link #getHost()} returns
     * @param peer what {@link #getPeer()} returns
     */
    public StringTransport(Address host, Address peer) {
        this(host, peer, false);
    }

    /**
     * Creates a transport with the given addresses, optionally lenient.
     *
     * @param host what {@link #getHost()} returns
     * @param peer what {@link #getPeer()} returns
     * @param lenient whether {@link #pauseProducing()} and {@link #resumeProducing()} are allowed
     *     after a close request (a real transport tolerates them; a strict test may not)
     */
    public StringTransport(Address host, Address peer, boolean lenient) {
        this.host = Objects.requireNonNull(host, "host");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.lenient = lenient;
    }

    // ---- test side ------------------------------------------------------------------------

    /**
     * Connects {@code protocol} to this transport: remembers it and calls
     * {@code protocol.makeConnection(this)}, which fires its {@code connectionMade}.
     *
     * @param protocol the protocol under test
     * @throws IllegalStateException if a protocol is already connected to this transport
     */
    public void connect(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (this.protocol != null) {
            throw new IllegalStateException("a protocol is already connected to " + this + ": " + this.protocol);
        }
        this.protocol = protocol;
        protocol.makeConnection(this);
    }

    /**
     * The protocol given to {@link #connect}.
     *
     * @return the connected protocol, or null if {@link #connect} was not called
     */
    public @Nullable Protocol protocol() {
        return protocol;
    }

    /**
     * The layer {@link #insertLayer} put under the protocol: the test hands it the peer's bytes
     * ({@code layer().dataReceived(...)}) as the reactor would.
     *
     * @return the layer, or null if none was inserted
     */
    public @Nullable ProtocolLayer layer() {
        return layer;
    }

    /**
     * The clock a layer inserted under the protocol keeps time with (TLS's handshake and close
     * timeouts): advance it to fire them.
     *
     * @return this transport's clock, always the same one
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Everything written so far (and not {@link #clear() cleared}).
     *
     * @return a copy of the written bytes, in order
     */
    public byte[] value() {
        return written.toByteArray();
    }

    /**
     * Everything written so far, decoded.
     *
     * @param charset how to decode the bytes
     * @return the written bytes as text
     */
    public String valueAsString(Charset charset) {
        return written.toString(Objects.requireNonNull(charset, "charset"));
    }

    /** Forgets the bytes written so far. */
    public void clear() {
        written.reset();
    }

    /**
     * How many bytes were written after an abort, a half-close or the delivered
     * {@code connectionLost}, and were therefore dropped.
     *
     * @return the dropped byte count
     */
    public long droppedBytes() {
        return droppedBytes;
    }

    /**
     * Whether {@link #loseConnection()} (or {@link #abortConnection()}) was called or the
     * connection was lost (Twisted's {@code disconnecting}).
     *
     * @return true once a close was requested or delivered
     */
    public boolean isDisconnecting() {
        return disconnecting;
    }

    /**
     * Whether {@link #abortConnection()} was called or {@code connectionLost} was delivered
     * (Twisted's {@code disconnected}).
     *
     * @return true once the connection is considered gone
     */
    public boolean isDisconnected() {
        return disconnected;
    }

    /**
     * Whether {@link #loseWriteConnection()} was called.
     *
     * @return true once the writing half is closed
     */
    public boolean isWriteDisconnected() {
        return writeDisconnected;
    }

    /**
     * Why the connection is closing: the reason given to {@link #loseConnection(Throwable)}, a
     * {@link ConnectionDoneException} for {@link #loseConnection()}, a
     * {@link ConnectionAbortedException} for {@link #abortConnection()}.
     *
     * @return the recorded reason, or null while nobody asked to close
     */
    public @Nullable Throwable closeReason() {
        return closeReason;
    }

    /**
     * Delivers the end of the connection to the connected protocol, as the reactor would once
     * the socket is closed: {@code protocol.connectionLost(reason)}, or the layer's if one was
     * inserted under it (which tells the protocol).
     *
     * @param reason what the protocol receives
     * @throws IllegalStateException if no protocol was {@link #connect connected}, or the loss
     *     was already delivered (a protocol hears it exactly once)
     */
    public void deliverConnectionLost(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        Protocol connected = protocol;
        if (connected == null) {
            throw new IllegalStateException("no protocol is connected to " + this + "; call connect(protocol) first");
        }
        if (connectionLostDelivered) {
            throw new IllegalStateException("connectionLost was already delivered to " + connected);
        }
        connectionLostDelivered = true;
        disconnecting = true;
        disconnected = true;
        if (closeReason == null) {
            closeReason = reason;
        }
        ProtocolLayer l = layer;
        (l != null ? l : connected).connectionLost(reason);
        Consumer<Throwable> after = afterConnectionLost;
        if (after != null) {
            after.accept(reason);
        }
    }

    /**
     * Delivers the end of the connection with the recorded {@link #closeReason()}, or with a
     * {@link ConnectionDoneException} (the peer closed cleanly) if nobody asked to close.
     *
     * @throws IllegalStateException as {@link #deliverConnectionLost(Throwable)}
     */
    public void deliverConnectionLost() {
        Throwable reason = closeReason;
        deliverConnectionLost(reason != null ? reason : new ConnectionDoneException("Connection was closed cleanly."));
    }

    /**
     * Whether {@link #deliverConnectionLost} has run.
     *
     * @return true once the protocol has heard {@code connectionLost}
     */
    public boolean connectionLostDelivered() {
        return connectionLostDelivered;
    }

    /**
     * The producer registered with {@link #registerProducer}.
     *
     * @return the producer, or null when none is registered
     */
    public @Nullable Producer producer() {
        return producer;
    }

    /**
     * Whether the registered producer is a streaming one.
     *
     * @return the {@code streaming} flag given to {@link #registerProducer}; false with none
     */
    public boolean isStreaming() {
        return streaming;
    }

    /**
     * What the protocol last asked of this transport as a producer.
     *
     * @return producing, paused or stopped
     */
    public ProducerState producerState() {
        return producerState;
    }

    /** Lets {@link MemoryConnector} learn when its connection ends. */
    void afterConnectionLost(Consumer<Throwable> listener) {
        this.afterConnectionLost = listener;
    }

    // ---- Transport: the protocol's requests, recorded or passed to the layer -----------------

    /**
     * Records {@code data} (also after {@link #loseConnection()}, which flushes before closing),
     * or drops it, counting {@link #droppedBytes()}, after an abort, a half-close or the delivered
     * {@code connectionLost}. Once a layer is inserted, the layer gets it instead.
     *
     * @param data the bytes; copied
     */
    @Override
    public void write(byte[] data) {
        end.write(data);
    }

    /**
     * Records each buffer in order, as {@link #write} does.
     *
     * @param data the buffers
     */
    @Override
    public void writeSequence(List<byte[]> data) {
        end.writeSequence(data);
    }

    /**
     * Records a clean close request: {@link #isDisconnecting()} becomes true and the reason a
     * {@link ConnectionDoneException}. The protocol hears nothing until
     * {@link #deliverConnectionLost()}. A second call is a no-op. Once a layer is inserted, the
     * layer gets the request, and records its own close when it is ready to.
     */
    @Override
    public void loseConnection() {
        end.loseConnection();
    }

    /**
     * Records a close request with {@code reason}, as {@link #loseConnection()} does.
     *
     * @param reason what {@link #closeReason()} reports and {@link #deliverConnectionLost()}
     *     delivers
     */
    @Override
    public void loseConnection(Throwable reason) {
        end.loseConnection(reason);
    }

    /**
     * Records an abort: {@link #isDisconnected()} and {@link #isDisconnecting()} become true and
     * the reason a {@link ConnectionAbortedException} (unless the loss was already delivered).
     */
    @Override
    public void abortConnection() {
        end.abortConnection();
    }

    @Override
    public Address getPeer() {
        return peer;
    }

    @Override
    public Address getHost() {
        return host;
    }

    /**
     * Always 0 without a layer: this transport "sends" everything as soon as it is written. A
     * layer may count bytes of its own (TLS's plaintext waiting for the handshake).
     *
     * @return the buffered byte count
     */
    @Override
    public long bufferedBytes() {
        return end.bufferedBytes();
    }

    @Override
    public boolean isClosing() {
        return end.isClosing();
    }

    /**
     * Records the producer (with a layer inserted, the layer gets it, and may register a
     * stand-in of its own here).
     *
     * @param producer the producer
     * @param streaming true for a {@link PushProducer}, false for a {@link PullProducer}
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code producer} does not implement the interface that
     *     {@code streaming} names
     */
    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        end.registerProducer(producer, streaming);
    }

    /** Forgets the registered producer; a no-op when there is none. */
    @Override
    public void unregisterProducer() {
        end.unregisterProducer();
    }

    /**
     * Records a pause.
     *
     * @throws IllegalStateException after a close request (unless lenient) or once stopped
     */
    @Override
    public void pauseProducing() {
        end.pauseProducing();
    }

    /**
     * Records a resume.
     *
     * @throws IllegalStateException after a close request (unless lenient) or once stopped
     */
    @Override
    public void resumeProducing() {
        end.resumeProducing();
    }

    /** Records that producing stopped for good. */
    @Override
    public void stopProducing() {
        end.stopProducing();
    }

    /**
     * Puts a layer under the connected protocol (see {@link Transport#insertLayer}): a protocol
     * can start TLS on this transport. The layer's timers run on {@link #clock()}; work it hands
     * to other threads is refused (a StringTransport has no reactor thread for it to come back
     * to; TLS on BouncyCastle's engine hands over none).
     *
     * @param builder builds the layer around the protocol
     * @return the layer, connected
     * @throws IllegalStateException if no protocol was {@link #connect connected}, a layer was
     *     already inserted, or the connection is closing
     */
    @Override
    public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        return end.insertLayer(builder);
    }

    private void checkProducerState(String operation) {
        if (disconnecting && !lenient) {
            throw new IllegalStateException("cannot " + operation + " producing after loseConnection");
        }
        if (producerState == ProducerState.STOPPED) {
            throw new IllegalStateException("cannot " + operation + " a stopped producer");
        }
    }

    // ---- TCPTransport ---------------------------------------------------------------------

    /**
     * Records that the writing half is closed ({@link #isWriteDisconnected()}); later writes are
     * dropped. The protocol hears nothing: a test that wants
     * {@link net.reactor.HalfCloseableProtocol#writeConnectionLost()} calls it.
     *
     * @throws IllegalStateException once a layer that cannot half-close (TLS) is inserted
     */
    @Override
    public void loseWriteConnection() {
        end.loseWriteConnection();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcpKeepAlive = enabled;
    }

    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    /**
     * The recording itself: the transport the protocol's requests reach without a layer, and
     * the one a layer writes to (its transport below).
     */
    private final class Wire implements TCPTransport, ProtocolEnd.Bottom {
        @Override
        public void checkThread(String what) {
            // A double: the test's thread is the only one.
        }

        @Override
        public <L extends ProtocolLayer> L insertUnderProtocol(LayerBuilder<L> builder) {
            Protocol connected = protocol;
            if (connected == null) {
                throw new IllegalStateException("no protocol is connected to " + StringTransport.this
                        + "; call connect(protocol) first");
            }
            if (disconnecting || disconnected || writeDisconnected) {
                throw new IllegalStateException(StringTransport.this + " is closing; no layer can be inserted");
            }
            L inserted = Objects.requireNonNull(builder.buildLayer(connected, clock, NO_REACTOR_THREAD),
                    "the LayerBuilder returned null");
            // What the protocol set here moves to the layer, as on a real connection.
            Producer moved = producer;
            boolean movedStreaming = streaming;
            boolean readWasPaused = producerState == ProducerState.PAUSED;
            producer = null;
            streaming = false;
            if (readWasPaused) {
                producerState = ProducerState.PRODUCING;
            }
            layer = inserted;
            end.layerInserted(inserted);
            inserted.makeConnection(wire);
            if (readWasPaused) {
                inserted.pauseProducing();
            }
            if (moved != null) {
                inserted.adoptProducer(moved, movedStreaming, false); // this transport never pauses producers
            }
            return inserted;
        }

        @Override
        public void write(byte[] data) {
            Objects.requireNonNull(data, "data");
            if (disconnected || writeDisconnected) {
                droppedBytes += data.length;
                return;
            }
            written.writeBytes(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            Objects.requireNonNull(data, "data");
            for (byte[] chunk : data) {
                write(chunk);
            }
        }

        @Override
        public void loseConnection() {
            loseConnection(new ConnectionDoneException("Connection was closed cleanly."));
        }

        @Override
        public void loseConnection(Throwable reason) {
            Objects.requireNonNull(reason, "reason");
            if (disconnecting) {
                return;
            }
            disconnecting = true;
            closeReason = reason;
        }

        @Override
        public void abortConnection() {
            disconnecting = true;
            disconnected = true;
            if (!connectionLostDelivered) {
                closeReason = new ConnectionAbortedException("Connection was aborted.");
            }
        }

        @Override
        public Address getPeer() {
            return peer;
        }

        @Override
        public Address getHost() {
            return host;
        }

        @Override
        public long bufferedBytes() {
            return 0;
        }

        @Override
        public boolean isClosing() {
            return disconnecting || disconnected;
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            Objects.requireNonNull(producer, "producer");
            if (StringTransport.this.producer != null) {
                throw new IllegalStateException("cannot register producer " + producer + ": "
                        + StringTransport.this.producer + " is already registered");
            }
            if (streaming && !(producer instanceof PushProducer)) {
                throw new IllegalArgumentException("a streaming producer must be a PushProducer: " + producer);
            }
            if (!streaming && !(producer instanceof PullProducer)) {
                throw new IllegalArgumentException("a non-streaming producer must be a PullProducer: " + producer);
            }
            StringTransport.this.producer = producer;
            StringTransport.this.streaming = streaming;
        }

        @Override
        public void unregisterProducer() {
            producer = null;
            streaming = false;
        }

        @Override
        public void pauseProducing() {
            checkProducerState("pause");
            producerState = ProducerState.PAUSED;
        }

        @Override
        public void resumeProducing() {
            checkProducerState("resume");
            producerState = ProducerState.PRODUCING;
        }

        @Override
        public void stopProducing() {
            producerState = ProducerState.STOPPED;
        }

        @Override
        public void loseWriteConnection() {
            writeDisconnected = true;
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {
            tcpNoDelay = enabled;
        }

        @Override
        public boolean getTcpNoDelay() {
            return tcpNoDelay;
        }

        @Override
        public void setTcpKeepAlive(boolean enabled) {
            tcpKeepAlive = enabled;
        }

        @Override
        public boolean getTcpKeepAlive() {
            return tcpKeepAlive;
        }

        @Override
        public String toString() {
            return "the wire of " + StringTransport.this;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + host + " -> " + peer + ", written=" + written.size()
                + (disconnecting ? ", disconnecting" : "") + (disconnected ? ", disconnected" : "") + "]";
    }
}
