package net.reactor.testing;

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
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Connector;
import net.reactor.HalfCloseableProtocol;
import net.reactor.IPv4Address;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.LayerBuilder;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.ReactorOptions;
import net.reactor.ReactorTime;
import net.reactor.SocketType;
import net.reactor.TCPTransport;
import net.reactor.Transport;
import net.reactor.WriteBufferFullException;
import net.reactor.internal.ProtocolEnd;
import org.jspecify.annotations.Nullable;

/**
 * Two protocols connected to each other in memory through two TCP-like transports, moved by
 * hand (Twisted's {@code iosim} and {@code loopbackAsync}, Netty's {@code EmbeddedChannel} with
 * two ends): what one end writes waits in that end's buffer until the test pumps it across.
 * Nothing runs on another thread and nothing depends on real time, so a client and a server can
 * be tested together deterministically.
 *
 * {@snippet :
 * Clock clock = new Clock();
 * MemoryPipe pipe = MemoryPipe.create(clock).connect(new MyClient(), new MyServer());
 * // connect() made both connections and pumped until quiet
 * pipe.client().write("PING\r\n".getBytes(US_ASCII));   // or let the client protocol write
 * pipe.pump();                                          // delivers to the server, and its answer
 * clock.advance(Duration.ofSeconds(30));                // time only moves when the test says so
 * pipe.server().loseConnection();
 * pipe.pump();
 * assertThat(pipe.client().lostReasons()).singleElement().isInstanceOf(ConnectionDoneException.class);
 * }
 *
 * <p><b>Pumping.</b> {@link #step()} moves what each end has buffered once, the server end's
 * first, then the client end's (as Twisted's loopback); {@link #pump()} steps until nothing
 * moves; {@link End#deliver()} moves one direction only. A step first runs the tasks handed to
 * {@link #reactorExecutor()} and, when the pipe's time is a {@link Clock} (or a
 * {@link MemoryReactor}), the calls due now, so zero-delay calls count as part of "until quiet".
 * With {@link #autoPump(boolean) auto-pumping} on, every write, close or resume schedules a pump
 * on the pipe's time with {@code callLater(Duration.ZERO)}, as Twisted's {@code loopbackAsync}
 * does; this also works on a real reactor's thread. A protocol that answers every message with
 * another keeps a pump going forever, as on a real connection.
 *
 * <p><b>Delivery.</b> A step hands what an end has buffered to the other end's
 * {@code dataReceived} in the chunks its {@link DeliveryPolicy} makes; by default in reads of
 * at most {@link ReactorOptions#readBufferSize()} bytes, as a socket does. Nothing is delivered
 * from inside {@code write}, nor to an end that paused reading ({@code pauseProducing}), is
 * closing, or had its reading half closed; it waits, in order.
 *
 * <p><b>Flow control</b> follows the real transport, with the {@link #options(ReactorOptions)
 * options} it would use: a streaming producer is paused when more than
 * {@link ReactorOptions#highWaterMark()} bytes are buffered and resumed when the buffer drains to
 * {@link ReactorOptions#lowWaterMark()}; a pull producer is asked for more each time what it
 * wrote has been delivered (and once when it registers); a write past
 * {@link ReactorOptions#maxBufferedBytes()} aborts the connection with a
 * {@link WriteBufferFullException}.
 *
 * <p><b>Closing</b> follows the real transport too. {@code loseConnection} stops the end's
 * reading, waits until its buffer has been delivered and for a registered pull producer (or
 * paused push producer) to unregister; then the connection ends: both protocols get
 * {@code connectionLost}, the server end's first (as Twisted's loopback), the closing end with
 * its reason (a {@link ConnectionDoneException} for a plain {@code loseConnection()}), the other
 * with a {@link ConnectionDoneException} — unless the other is half-closeable (see below).
 * {@code abortConnection} drops the end's buffer and ends
 * the connection at the next step: a {@link ConnectionAbortedException} for the aborting end, a
 * {@link ConnectionLostException} for the other. Writes after {@code loseConnection} are still
 * delivered; writes after an abort, a half-close or the end are dropped. A registered producer
 * is stopped before its end's {@code connectionLost}. {@link #dropConnection()} ends the
 * connection from outside, as a network failure or a peer's kernel would.
 *
 * <p><b>Half-close.</b> A {@link HalfCloseableProtocol} reads the end of the other's stream as
 * on a socket: when the other end closes its writing half
 * ({@link TCPTransport#loseWriteConnection()}, once its buffer has been delivered; it then hears
 * {@code writeConnectionLost} itself) or closes altogether, it hears {@code readConnectionLost} and stays connected, able to write, until it
 * closes; writing into a connection the other end has closed altogether ends it with a
 * {@link ConnectionLostException}. Any other protocol loses the connection when it reads the end
 * of the stream, as a socket's does.
 *
 * <p><b>Errors.</b> A protocol handler that throws (in {@code connectionMade},
 * {@code dataReceived}, a producer's {@code resumeProducing}, ...) ends the connection as on the
 * real reactor: its end with that exception as the reason, the other end with a
 * {@link ConnectionLostException} caused by it. The exception is kept in {@link #errors()},
 * fails {@link #whenClosed()}, and is thrown again from the {@link #connect}, {@link #step()},
 * {@link #pump()}, {@link End#deliver()} or {@link #dropConnection()} call that ran the handler,
 * so that a failed assertion inside a handler fails the test. An automatic pump throws nothing:
 * the error is in {@link #errors()} and {@link #whenClosed()}.
 *
 * <p><b>Layers (TLS).</b> Each end implements {@link Transport#insertLayer} as the real transport
 * does: the layer goes between the end and its protocol, which keeps the end as its transport
 * while the end forwards its calls to the layer, so a protocol can start TLS over a pipe. Work a
 * layer hands to other threads comes back through {@link #reactorExecutor()};
 * {@link #pumpUntil} waits for them.
 *
 * <p><b>Threading:</b> not thread-safe: use it from the test's thread, or from the reactor
 * thread of the reactor given as its time; only {@link #reactorExecutor()} may be used from any
 * thread.
 */
public final class MemoryPipe {
    /** The client end's address unless {@link #addresses} says otherwise. */
    public static final IPv4Address DEFAULT_CLIENT_ADDRESS = new IPv4Address(SocketType.TCP, "127.0.0.1", 50000);

    /** The server end's address unless {@link #addresses} says otherwise. */
    public static final IPv4Address DEFAULT_SERVER_ADDRESS = new IPv4Address(SocketType.TCP, "127.0.0.1", 443);

    private static final String CLEAN = "Connection was closed cleanly.";
    private static final String LOST = "Connection to the other side was lost in a non-clean fashion";

    private final ReactorTime time;
    /** The pipe's time when it can be advanced, for the calls due now at each step. */
    private final @Nullable Clock clock;
    private final LinkedBlockingQueue<Runnable> posted = new LinkedBlockingQueue<>();
    private final Executor reactorExecutor = task -> posted.add(Objects.requireNonNull(task, "task"));
    private final End client = new End("client", DEFAULT_CLIENT_ADDRESS);
    private final End server = new End("server", DEFAULT_SERVER_ADDRESS);
    private final List<Throwable> errors = new ArrayList<>();
    private final List<Deferred<@Nullable Void>> closeWaiters = new ArrayList<>();
    private ReactorOptions options = ReactorOptions.defaults();
    private @Nullable DeliveryPolicy delivery;
    private boolean autoPump;
    private boolean connected;
    private boolean closed;
    /** A step is running: what happens meanwhile is picked up by it, not by a scheduled pump. */
    private boolean pumping;
    private boolean pumpScheduled;
    /** Counts everything that may let the pipe move on; a step that leaves it alone was quiet. */
    private long activity;

    private MemoryPipe(ReactorTime time) {
        this.time = Objects.requireNonNull(time, "time");
        this.clock = time instanceof Clock c ? c : time instanceof MemoryReactor m ? m.clock() : null;
        client.peer = server;
        server.peer = client;
    }

    /**
     * Creates a pipe whose ends are not connected to protocols yet.
     *
     * @param time the clock the ends (and a TLS layer) schedule with; a {@link Clock} or a
     *     {@link MemoryReactor} is also advanced by zero at every step
     * @return the pipe
     */
    public static MemoryPipe create(ReactorTime time) {
        return new MemoryPipe(time);
    }

    // ---- configuration ----------------------------------------------------------------------

    /**
     * Sets the ends' addresses: each end's {@code getHost()}, and the other's {@code getPeer()}.
     *
     * @param clientAddress the client end's address; {@link #DEFAULT_CLIENT_ADDRESS} by default
     * @param serverAddress the server end's address; {@link #DEFAULT_SERVER_ADDRESS} by default
     * @return this pipe
     * @throws IllegalStateException if the pipe is already connected
     */
    public MemoryPipe addresses(Address clientAddress, Address serverAddress) {
        requireNotConnected("change the addresses of");
        client.host = Objects.requireNonNull(clientAddress, "clientAddress");
        server.host = Objects.requireNonNull(serverAddress, "serverAddress");
        return this;
    }

    /**
     * Sets how buffered writes become {@code dataReceived} calls, from the next delivery on.
     *
     * @param policy the policy; by default {@code DeliveryPolicy.upTo(options.readBufferSize())}
     * @return this pipe
     */
    public MemoryPipe delivery(DeliveryPolicy policy) {
        this.delivery = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets the transport settings the ends use, as a real reactor's transports would:
     * {@code highWaterMark}, {@code lowWaterMark}, {@code maxBufferedBytes}, and
     * {@code readBufferSize} for the default delivery. The others do not apply.
     *
     * @param options the settings; {@link ReactorOptions#defaults()} by default
     * @return this pipe
     */
    public MemoryPipe options(ReactorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Turns automatic pumping on or off: when on, whatever lets the pipe move on (a write, a
     * close, a resume) outside a pump schedules one with {@code callLater(Duration.ZERO)} on the
     * pipe's time.
     *
     * @param enabled whether to pump automatically; off by default
     * @return this pipe
     */
    public MemoryPipe autoPump(boolean enabled) {
        this.autoPump = enabled;
        schedulePump();
        return this;
    }

    // ---- connecting and pumping -------------------------------------------------------------

    /**
     * Connects the protocols to the ends, the server's first (an accept precedes the completion
     * of the connect), then pumps until quiet.
     *
     * @param clientProtocol the protocol of the client end
     * @param serverProtocol the protocol of the server end
     * @return this pipe
     * @throws IllegalStateException if the pipe was connected before
     * @throws IllegalArgumentException if both are the same object
     * @throws RuntimeException what a handler threw (the connection has then ended; see the class
     *     comment)
     */
    public MemoryPipe connect(Protocol clientProtocol, Protocol serverProtocol) {
        Objects.requireNonNull(clientProtocol, "clientProtocol");
        Objects.requireNonNull(serverProtocol, "serverProtocol");
        if (clientProtocol == serverProtocol) {
            throw new IllegalArgumentException("a protocol cannot be both ends of a pipe: " + clientProtocol);
        }
        requireNotConnected("connect");
        connected = true;
        server.protocol = serverProtocol;
        client.protocol = clientProtocol;
        explicitly(() -> {
            // Both connections are made before either can end: a client whose server failed in
            // connectionMade still hears connectionMade before connectionLost.
            Throwable serverFailed = attempt(() -> serverProtocol.makeConnection(server));
            Throwable clientFailed = attempt(() -> clientProtocol.makeConnection(client));
            if (serverFailed != null) {
                fail(server, serverFailed);
            }
            if (clientFailed != null) {
                fail(client, clientFailed);
            }
            runPump();
            return null;
        });
        return this;
    }

    /**
     * One round: runs the tasks given to {@link #reactorExecutor()} and the calls due now, then
     * moves what the server end has buffered to the client, then the client end's to the server,
     * handling drained buffers (producers, closes) as it goes. A no-op inside a pump.
     *
     * @return whether anything happened
     * @throws RuntimeException what a handler threw (the connection has then ended)
     */
    public boolean step() {
        return explicitly(() -> {
            if (pumping) {
                return false;
            }
            pumping = true;
            try {
                return stepOnce();
            } finally {
                pumping = false;
                schedulePump();
            }
        });
    }

    /**
     * Steps until a step changes nothing. A no-op inside a pump (the running pump goes on until
     * quiet).
     *
     * @throws RuntimeException what a handler threw (the connection has then ended)
     */
    public void pump() {
        explicitly(() -> {
            runPump();
            return null;
        });
    }

    /**
     * Pumps until {@code condition} holds, waiting meanwhile for the tasks that other threads give
     * to {@link #reactorExecutor()} (the TLS layer's delegated tasks, say).
     *
     * @param condition checked after each pump, on the calling thread
     * @param timeout how long to wait for it at most
     * @throws InterruptedException if the thread is interrupted while it waits
     * @throws AssertionError if the condition does not hold within {@code timeout}
     */
    public void pumpUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        pump();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            Runnable task = left > 0 ? posted.poll(left, TimeUnit.NANOSECONDS) : null;
            if (task == null) {
                throw new AssertionError("condition not reached within " + timeout + " on " + this);
            }
            explicitly(() -> {
                activity++;
                task.run();
                runPump();
                return null;
            });
        }
    }

    /**
     * Where code on other threads hands tasks to "the reactor thread" of this pipe: they run,
     * in order, at the start of the next step. Safe from any thread.
     *
     * @return the executor; give it where a reactor's {@code callFromThread} is expected
     */
    public Executor reactorExecutor() {
        return reactorExecutor;
    }

    /**
     * Ends the connection now, from outside, as a peer's kernel closing the socket would: what is
     * buffered either way is dropped, and both protocols get {@code connectionLost} with a
     * {@link ConnectionDoneException} (no protocol had a say, so a TLS layer sees no goodbye).
     *
     * @throws IllegalStateException if the pipe is not connected
     * @throws RuntimeException what a handler threw
     */
    public void dropConnection() {
        drop(() -> new ConnectionDoneException(CLEAN));
    }

    /**
     * Ends the connection now, from outside, with {@code reason} for both protocols, as a network
     * failure would (a {@link ConnectionLostException}, say).
     *
     * @param reason what both protocols' {@code connectionLost} receive
     * @throws IllegalStateException if the pipe is not connected
     * @throws RuntimeException what a handler threw
     */
    public void dropConnection(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        drop(() -> reason);
    }

    private void drop(Supplier<Throwable> reason) {
        if (!connected) {
            throw new IllegalStateException("cannot drop the connection of a pipe that is not connected");
        }
        explicitly(() -> {
            endBoth(server, reason.get(), reason.get());
            return null;
        });
    }

    // ---- what the test reads ----------------------------------------------------------------

    /**
     * The end that connected.
     *
     * @return the client end, which is the client protocol's transport
     */
    public End client() {
        return client;
    }

    /**
     * The end that accepted.
     *
     * @return the server end, which is the server protocol's transport
     */
    public End server() {
        return server;
    }

    /**
     * Whether the connection has ended: both protocols have had {@code connectionLost}.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * A Deferred that fires once both protocols have had {@code connectionLost}: with null, or
     * failed with the first exception a handler threw (see {@link #errors()}). Each call gives a
     * new Deferred, so that one that nobody looks at reports no unhandled failure.
     *
     * @return the Deferred; already fired if the connection has ended
     */
    public Deferred<@Nullable Void> whenClosed() {
        Deferred<@Nullable Void> d = new Deferred<>();
        if (closed) {
            settle(d);
        } else {
            closeWaiters.add(d);
        }
        return d;
    }

    /**
     * What protocol handlers (and producers and factories the pipe called) threw, in order.
     *
     * @return a snapshot
     */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    @Override
    public String toString() {
        return "MemoryPipe[" + client.host + " <-> " + server.host + (closed ? ", closed" : "")
                + ", buffered " + client.outBytes + "/" + server.outBytes + "]";
    }

    // ---- the machinery ----------------------------------------------------------------------

    private void requireNotConnected(String what) {
        if (connected) {
            throw new IllegalStateException("cannot " + what + " a pipe that is already connected: " + this);
        }
    }

    private DeliveryPolicy policy() {
        DeliveryPolicy p = delivery;
        return p != null ? p : DeliveryPolicy.upTo(options.readBufferSize());
    }

    /** Runs a call of the test's, then throws what handlers threw during it. */
    private <T> T explicitly(Supplier<T> body) {
        int before = errors.size();
        T result = body.get();
        if (errors.size() > before) {
            Throwable first = errors.get(before);
            for (Throwable later : errors.subList(before + 1, errors.size())) {
                if (later != first) {
                    first.addSuppressed(later);
                }
            }
            if (first instanceof RuntimeException e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("a protocol handler threw " + first, first);
        }
        return result;
    }

    private void runPump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (stepOnce()) {
                // until quiet
            }
        } finally {
            pumping = false;
        }
    }

    private boolean stepOnce() {
        long before = activity;
        for (Runnable task; (task = posted.poll()) != null; ) {
            activity++;
            task.run();
        }
        Clock c = clock;
        if (c != null) {
            c.advance(Duration.ZERO);
        }
        flow(server);
        flow(client);
        return activity != before;
    }

    /** Something happened that may let the pipe move on. */
    private void changed() {
        activity++;
        schedulePump();
    }

    private void schedulePump() {
        if (autoPump && connected && !closed && !pumping && !pumpScheduled) {
            pumpScheduled = true;
            time.callLater(Duration.ZERO, () -> {
                pumpScheduled = false;
                runPump();
            });
        }
    }

    /**
     * Moves what {@code from} has buffered to its peer, as far as the peer reads, then handles
     * {@code from}'s drained buffer as a transport does when its socket has taken everything.
     */
    private void flow(End from) {
        End to = from.peer;
        if (from.lost) {
            return;
        }
        if (from.aborted) {
            Throwable reason = Objects.requireNonNull(from.closeReason);
            endBoth(from, reason, new ConnectionLostException(LOST + ": the other end aborted the connection"));
            return;
        }
        if (to.lost && !from.out.isEmpty()) {
            // The other end closed while this one, half-closeable, read on; writing now meets a reset.
            lose(from, new ConnectionLostException(LOST + ": the other end has closed the connection"));
            return;
        }
        if (!from.out.isEmpty() && to.reads()) {
            List<byte[]> chunks = policy().chunks(List.copyOf(from.out));
            from.out.clear();
            int next = 0;
            while (next < chunks.size() && to.reads() && !from.lost) {
                byte[] chunk = chunks.get(next++);
                if (chunk.length == 0) {
                    continue;
                }
                from.outBytes -= chunk.length;
                activity++;
                if (!guarded(to, () -> to.target().dataReceived(chunk))) {
                    break;
                }
                from.maybeResumeProducer();
            }
            if (!from.lost) {
                // What the peer did not take stays first in line, ahead of anything written meanwhile.
                for (int i = chunks.size() - 1; i >= next; i--) {
                    from.out.addFirst(chunks.get(i));
                }
            }
        }
        if (!from.lost && from.out.isEmpty() && from.wantWrite) {
            from.wantWrite = false;
            drained(from);
        }
    }

    /** The end's buffer is empty: resume its producer, or complete its close (Twisted's doWrite). */
    private void drained(End end) {
        Producer p = end.producer;
        if (p != null && (!end.streaming || end.producerPaused)) {
            end.producerPaused = false;
            activity++;
            guarded(end, () -> resume(p));
        } else if (end.disconnecting) {
            Throwable reason = end.closeReason;
            closeCompleted(end, reason != null ? reason : new ConnectionDoneException(CLEAN));
        } else if (end.writeDisconnecting) {
            end.writeDisconnecting = false;
            end.writeClosed = true;
            activity++;
            if (end.protocol instanceof HalfCloseableProtocol half
                    && !guarded(end, half::writeConnectionLost)) {
                return;
            }
            readEndOfStream(end.peer);
        }
    }

    /** The other end closed its writing half: a half-closeable protocol reads on, others close. */
    private void readEndOfStream(End end) {
        if (end.lost || end.readClosed) {
            return;
        }
        end.readClosed = true;
        activity++;
        if (end.tls == null && end.protocol instanceof HalfCloseableProtocol half) {
            guarded(end, half::readConnectionLost);
        } else {
            closeCompleted(end, new ConnectionDoneException(CLEAN));
        }
    }

    /**
     * {@code end} closed its socket cleanly: it loses the connection with {@code reason}, and the
     * other end reads the end of the stream. A half-closeable protocol there hears
     * {@code readConnectionLost} and lives on (until it closes, or writes into the closed
     * connection); otherwise both ends lose the connection together, the server end first.
     */
    private void closeCompleted(End end, Throwable reason) {
        End other = end.peer;
        boolean otherReadsOn = other.readClosed
                || (other.tls == null && other.protocol instanceof HalfCloseableProtocol);
        if (other.lost || !otherReadsOn) {
            endBoth(end, reason, new ConnectionDoneException(CLEAN));
        } else {
            lose(end, reason);
            readEndOfStream(other);
        }
    }

    private static void resume(Producer p) {
        if (p instanceof PullProducer pull) {
            pull.resumeProducing();
        } else {
            ((PushProducer) p).resumeProducing();
        }
    }

    /** Ends the connection at both ends, the server end first (as Twisted's loopback). */
    private void endBoth(End closing, Throwable closingReason, Throwable otherReason) {
        for (End end : List.of(server, client)) {
            lose(end, end == closing ? closingReason : otherReason);
        }
    }

    private void settle(Deferred<@Nullable Void> d) {
        if (errors.isEmpty()) {
            d.callback(null);
        } else {
            d.errback(errors.getFirst());
        }
    }

    private void lose(End end, Throwable reason) {
        if (end.lost) {
            return;
        }
        end.lost = true;
        activity++;
        end.out.clear();
        end.outBytes = 0;
        Producer p = end.producer;
        end.producer = null;
        if (p != null) {
            record(p::stopProducing);
        }
        end.reasons.add(reason);
        Protocol target = end.target();
        record(() -> target.connectionLost(reason));
        ClientFactory factory = end.clientFactory;
        if (factory != null) {
            record(() -> factory.clientConnectionLost(end.connector, reason));
        }
        if (server.lost && client.lost && !closed) {
            closed = true;
            List<Deferred<@Nullable Void>> waiting = List.copyOf(closeWaiters);
            closeWaiters.clear();
            waiting.forEach(this::settle);
        }
    }

    /** Runs a handler of {@code end}'s; if it throws, that ends the connection. */
    private boolean guarded(End end, Runnable handler) {
        Throwable failure = attempt(handler);
        if (failure == null) {
            return true;
        }
        fail(end, failure);
        return false;
    }

    /** Runs a handler whose failure is only kept: the connection is ending anyway. */
    private void record(Runnable handler) {
        Throwable failure = attempt(handler);
        if (failure != null) {
            errors.add(failure);
        }
    }

    private static @Nullable Throwable attempt(Runnable handler) {
        try {
            handler.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** A handler of {@code culprit}'s threw: as on the real reactor, that closes the connection. */
    private void fail(End culprit, Throwable failure) {
        errors.add(failure);
        endBoth(culprit, failure, new ConnectionLostException(
                LOST + ": the " + culprit.name + "'s protocol failed: " + failure, failure));
    }

    /**
     * One end of the pipe: the transport its protocol writes to, and the test's view of that side
     * of the connection. Its {@link TCPTransport} methods are the protocol's (a test may call
     * them too, to act as the protocol would); the others are for the test.
     */
    public final class End implements TCPTransport {
        private final String name;
        private Address host;
        private End peer;
        private @Nullable Protocol protocol;
        private @Nullable ProtocolLayer tls;
        private final Raw raw = new Raw();
        /** Routes the protocol's requests to {@link #raw}, or to the layer inserted under the protocol. */
        private final ProtocolEnd stack = new ProtocolEnd(raw);
        private final ArrayDeque<byte[]> out = new ArrayDeque<>();
        private long outBytes;
        /** Something was written or asked since the buffer last drained: check it when it drains. */
        private boolean wantWrite;
        private @Nullable Producer producer;
        private boolean streaming;
        private boolean producerPaused;
        private boolean readPaused;
        private boolean readClosed;
        private boolean disconnecting;
        private boolean writeDisconnecting;
        private boolean writeClosed;
        private boolean aborted;
        private boolean lost;
        private @Nullable Throwable closeReason;
        private @Nullable ClientFactory clientFactory;
        private final Connector connector = new EndConnector();
        private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        private final List<Throwable> reasons = new ArrayList<>();

        End(String name, Address host) {
            this.name = name;
            this.host = host;
            this.peer = this; // set by the pipe
        }

        // ---- the test's view ------------------------------------------------------------

        /**
         * The protocol connected to this end.
         *
         * @return the protocol given to {@link MemoryPipe#connect}, or null before it
         */
        public @Nullable Protocol protocol() {
            return protocol;
        }

        /**
         * The other end.
         *
         * @return the peer end
         */
        public End peer() {
            return peer;
        }

        /**
         * Bytes this end has written that the other end has not received yet (below a TLS layer,
         * if any: ciphertext).
         *
         * @return the buffered byte count
         */
        public long queued() {
            return outBytes;
        }

        /**
         * Every byte this end put on the wire so far, delivered or not (ciphertext after
         * {@code startTLS}).
         *
         * @return a copy
         */
        public byte[] written() {
            return wire.toByteArray();
        }

        /**
         * What this end's protocol received in {@code connectionLost}.
         *
         * @return a snapshot: empty while connected, then one reason
         */
        public List<Throwable> lostReasons() {
            return List.copyOf(reasons);
        }

        /**
         * Whether this end's protocol has had {@code connectionLost}.
         *
         * @return true once the connection is over
         */
        public boolean isDisconnected() {
            return lost;
        }

        /**
         * Whether this end stopped reading ({@code pauseProducing}, by its protocol or TLS layer).
         *
         * @return true while paused
         */
        public boolean isReadPaused() {
            return readPaused;
        }

        /**
         * The producer registered with this end.
         *
         * @return the producer, or null
         */
        public @Nullable Producer producer() {
            return producer;
        }

        /**
         * Whether this end paused its streaming producer because its buffer passed the high-water
         * mark.
         *
         * @return true while paused for that reason
         */
        public boolean isProducerPaused() {
            return producerPaused;
        }

        /**
         * Makes this end tell {@code factory} when the connection ends, as a connector does
         * ({@code clientConnectionLost}, after the protocol's {@code connectionLost}).
         *
         * @param factory the client factory that built this end's protocol
         * @return this end
         */
        public End reportTo(ClientFactory factory) {
            this.clientFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Moves what this end has buffered to the other end, as far as it reads, and handles
         * this end's drained buffer: one direction of a {@link MemoryPipe#step()}, without the
         * executor's tasks or the clock. A no-op inside a pump.
         *
         * @return whether anything happened
         * @throws RuntimeException what a handler threw (the connection has then ended)
         */
        public boolean deliver() {
            return explicitly(() -> {
                if (pumping) {
                    return false;
                }
                pumping = true;
                long before = activity;
                try {
                    flow(this);
                } finally {
                    pumping = false;
                    schedulePump();
                }
                return activity != before;
            });
        }

        // ---- the byte level, below a TLS layer ----------------------------------------

        /** The protocol this end delivers to: the TLS layer after startTLS, else the protocol. */
        Protocol target() {
            Protocol t = tls;
            return t != null ? t : Objects.requireNonNull(protocol, "the pipe is not connected");
        }

        /** Whether data may be delivered to this end now. */
        boolean reads() {
            return !lost && !aborted && !disconnecting && !readPaused && !readClosed;
        }

        private void rawWrite(byte[] data) {
            Objects.requireNonNull(data, "data");
            if (data.length == 0 || lost || aborted || writeDisconnecting || writeClosed) {
                return;
            }
            out.add(data);
            outBytes += data.length;
            wire.writeBytes(data);
            wantWrite = true;
            changed();
            if (outBytes > options.maxBufferedBytes()) {
                rawAbort(new WriteBufferFullException("write buffer of " + this + " passed its cap of "
                        + options.maxBufferedBytes() + " bytes (" + outBytes + " buffered)"));
                return;
            }
            Producer p = producer;
            if (p != null && streaming && !producerPaused && outBytes > options.highWaterMark()) {
                producerPaused = true;
                ((PushProducer) p).pauseProducing();
            }
        }

        private void rawWriteSequence(List<byte[]> data) {
            Objects.requireNonNull(data, "data");
            // One write, as Twisted's loopback makes it: the identity policy delivers it whole.
            rawWrite(DeliveryPolicy.COLLAPSING.chunks(List.copyOf(data)).getFirst());
        }

        /** With a low-water mark above zero, a paused producer resumes before the buffer is empty. */
        private void maybeResumeProducer() {
            Producer p = producer;
            if (p != null && streaming && producerPaused && outBytes > 0 && outBytes <= options.lowWaterMark()) {
                producerPaused = false;
                guarded(this, ((PushProducer) p)::resumeProducing);
            }
        }

        private void rawLoseConnection(@Nullable Throwable reason) {
            if (lost || aborted || disconnecting) {
                return;
            }
            disconnecting = true;
            closeReason = reason;
            wantWrite = true;
            changed();
        }

        private void rawAbort(ConnectionAbortedException reason) {
            if (lost || aborted) {
                return;
            }
            aborted = true;
            closeReason = reason;
            out.clear();
            outBytes = 0;
            changed();
        }

        private boolean rawIsClosing() {
            return lost || aborted || disconnecting;
        }

        private void rawRegisterProducer(Producer p, boolean isStreaming) {
            Objects.requireNonNull(p, "producer");
            if (producer != null) {
                throw new IllegalStateException("a producer is already registered with " + this + ": " + producer);
            }
            if (isStreaming && !(p instanceof PushProducer)) {
                throw new IllegalArgumentException("streaming producer " + p + " does not implement PushProducer");
            }
            if (!isStreaming && !(p instanceof PullProducer)) {
                throw new IllegalArgumentException("non-streaming producer " + p + " does not implement PullProducer");
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

        private void rawUnregisterProducer() {
            if (producer == null) {
                return;
            }
            producer = null;
            producerPaused = false;
            if (disconnecting || writeDisconnecting) {
                wantWrite = true; // a close was waiting for this producer
                changed();
            }
        }

        private void rawPauseProducing() {
            readPaused = true;
        }

        private void rawResumeProducing() {
            if (lost || disconnecting || !readPaused) {
                return;
            }
            readPaused = false;
            changed();
        }

        // ---- the protocol's transport -------------------------------------------------

        /**
         * Puts a layer (TLS, say) between this end and its protocol, as a real TCP transport
         * does: bytes already written go out as they are, then everything the protocol writes
         * passes through the layer, and what arrives reaches the protocol through it.
         *
         * @param builder builds the layer around the protocol, given this pipe's clock and
         *     {@link #reactorExecutor()}
         * @param <L> the layer's type
         * @return the layer, connected to this end
         * @throws IllegalStateException if a layer was already inserted or the end is closing
         */
        @Override
        public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
            return stack.insertLayer(builder);
        }

        @Override
        public void write(byte[] data) {
            stack.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            stack.writeSequence(data);
        }

        @Override
        public void loseConnection() {
            stack.loseConnection();
        }

        @Override
        public void loseConnection(Throwable reason) {
            Objects.requireNonNull(reason, "reason");
            stack.loseConnection(reason);
        }

        @Override
        public void abortConnection() {
            stack.abortConnection();
        }

        /**
         * Closes this end's writing half once its buffer has been delivered (see the pipe's
         * class comment).
         *
         * @throws IllegalStateException once a layer is inserted, as on a real transport
         */
        @Override
        public void loseWriteConnection() {
            if (tls != null) {
                throw new IllegalStateException("half-close is not supported through " + tls + "; use loseConnection()");
            }
            if (rawIsClosing() || writeDisconnecting || writeClosed) {
                return;
            }
            writeDisconnecting = true;
            wantWrite = true;
            changed();
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
            return stack.bufferedBytes();
        }

        @Override
        public boolean isClosing() {
            return stack.isClosing();
        }

        @Override
        public void registerProducer(Producer p, boolean isStreaming) {
            stack.registerProducer(p, isStreaming);
        }

        @Override
        public void unregisterProducer() {
            stack.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            stack.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            stack.resumeProducing();
        }

        @Override
        public void stopProducing() {
            loseConnection();
        }

        /**
         * Accepted and ignored: nothing here delays small writes.
         *
         * @param enabled ignored
         */
        @Override
        public void setTcpNoDelay(boolean enabled) {}

        /**
         * Always true, as Spindle's transports default to.
         *
         * @return true
         */
        @Override
        public boolean getTcpNoDelay() {
            return true;
        }

        /**
         * Accepted and ignored: there is nothing to probe.
         *
         * @param enabled ignored
         */
        @Override
        public void setTcpKeepAlive(boolean enabled) {}

        /**
         * Always false.
         *
         * @return false
         */
        @Override
        public boolean getTcpKeepAlive() {
            return false;
        }

        @Override
        public String toString() {
            return "MemoryPipe.End[" + name + " " + host + "]";
        }

        /** The byte-level view a layer (TLS) writes to. */
        private final class Raw implements Transport, ProtocolEnd.Bottom {
            @Override
            public void checkThread(String what) {
                // A double: the test's thread is the only one.
            }

            @Override
            public <L extends ProtocolLayer> L insertUnderProtocol(LayerBuilder<L> builder) {
                if (rawIsClosing() || writeDisconnecting || writeClosed) {
                    throw new IllegalStateException(End.this + " is closing; no layer can be inserted");
                }
                Protocol upper = Objects.requireNonNull(protocol, "the pipe is not connected");
                L layer = Objects.requireNonNull(builder.buildLayer(upper, time, reactorExecutor),
                        "the LayerBuilder returned null");
                // As on a real connection: the protocol's pause and producer now belong to the layer.
                boolean readWasPaused = readPaused;
                Producer moved = producer;
                boolean movedStreaming = streaming;
                boolean movedPaused = producerPaused;
                producer = null;
                producerPaused = false;
                readPaused = false;
                tls = layer;
                stack.layerInserted(layer);
                layer.makeConnection(raw);
                if (readWasPaused) {
                    layer.pauseProducing();
                }
                if (moved != null) {
                    layer.adoptProducer(moved, movedStreaming, movedPaused);
                    if (movedPaused && producer != null) {
                        producerPaused = true; // the layer's stand-in, resumed when this buffer drains
                    }
                }
                changed();
                return layer;
            }

            @Override
            public void write(byte[] data) {
                rawWrite(data);
            }

            @Override
            public void writeSequence(List<byte[]> data) {
                rawWriteSequence(data);
            }

            @Override
            public void loseConnection() {
                rawLoseConnection(null);
            }

            @Override
            public void loseConnection(Throwable reason) {
                rawLoseConnection(reason);
            }

            @Override
            public void abortConnection() {
                rawAbort(new ConnectionAbortedException("Connection was aborted locally using abortConnection()"));
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
                return rawIsClosing();
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
                rawPauseProducing();
            }

            @Override
            public void resumeProducing() {
                rawResumeProducing();
            }

            @Override
            public void stopProducing() {
                rawLoseConnection(null);
            }

            @Override
            public String toString() {
                return "raw " + End.this;
            }
        }

        /** What {@link #reportTo} gives the factory: a connector that cannot reconnect. */
        private final class EndConnector implements Connector {
            @Override
            public void connect() {
                throw new UnsupportedOperationException("a MemoryPipe connection cannot reconnect");
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
