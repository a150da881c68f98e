package net.protocols.internal.tls;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import net.protocols.tls.TLSAlert;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSOptions;
import net.protocols.tls.TLSTransport;
import net.reactor.Address;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.DelayedCall;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.LayerBuilder;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.ReactorTime;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * One TLS connection layered over another transport, as Twisted's TLSMemoryBIOProtocol: towards
 * the transport below it is a {@link Protocol} fed with ciphertext; towards the user's protocol
 * above it is a {@link TLSTransport} that takes and delivers plaintext. An {@link SSLEngine}
 * (BouncyCastle's, or any other) does the cryptography, driven entirely on the reactor thread.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>{@code listenSSL}/{@code connectSSL}: the user's protocol is connected to this transport
 *       ({@code makeConnection}) only when the handshake has completed; a handshake that fails
 *       is reported through the {@link Listener} instead;
 *   <li>{@code startTLS}: the user's protocol is already connected to the transport below, which
 *       from then on forwards its protocol-facing calls here; a failure reaches its
 *       {@code connectionLost}.
 * </ul>
 *
 * <p>Flow control: plaintext written before the handshake completes is queued here and counted
 * in {@link #bufferedBytes()}; ciphertext is queued by the transport below, which pauses the
 * user's producer through a small {@link Membrane} registered with it. Pausing this transport
 * pauses reading below.
 *
 * <p>Closing: {@link #loseConnection()} flushes the queued plaintext, sends close_notify, and
 * closes the transport below once the peer's close_notify arrived or the close timeout passed.
 * {@link #abortConnection()} aborts the transport below at once.
 *
 * <p>Delegated tasks of engines that hand them out run on virtual threads and resume here
 * through the reactor's executor ({@code callFromThread}); BouncyCastle's engine hands out none.
 *
 * <p><b>Threading:</b> confined to the reactor thread, which is taken to be the thread that
 * delivered {@link #connectionMade()}; the user-facing methods fail fast elsewhere.
 */
public final class TLSConnection extends ProtocolLayer implements TLSTransport {
    private static final System.Logger LOG = System.getLogger(TLSConnection.class.getName());

    /** Queued plaintext beyond this pauses a streaming producer, as a TCP transport's buffer does. */
    static final long HIGH_WATER_MARK = 65_536;

    /** Ciphertext is handed to the transport below in chunks of up to about this size. */
    private static final int OUTPUT_RECORDS = 4;

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    /** Hears how a connection ended, for the factories that made it. */
    public interface Listener {
        /**
         * The connection ended: after the user's protocol got {@code connectionLost}, or, if the
         * handshake never completed, instead of it (the protocol was never connected).
         *
         * @param connection the connection; {@link TLSConnection#isHandshakeComplete()} tells
         *     which case this is
         * @param reasonBelow the reason the transport below gave
         * @param reason the reason resolved from both layers (a {@link TLSException} for a
         *     TLS failure), which the user's protocol got if it was connected
         */
        void connectionEnded(TLSConnection connection, Throwable reasonBelow, Throwable reason);
    }

    /**
     * Starts TLS under the protocol of {@code transport} (STARTTLS), through the transport's
     * layering hook ({@link Transport#insertLayer}): the layer goes in between the connection and
     * its protocol, and starts the handshake at once.
     *
     * @param transport the protocol's transport
     * @param options the role and settings
     * @return the layer, connected
     * @throws net.protocols.tls.TLSConfigurationException if the options cannot be used
     */
    public static TLSConnection startTLS(Transport transport, TLSOptions options) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(options, "options");
        EngineFactory engines = EngineFactory.of(options); // a bad configuration fails before anything changes
        LayerBuilder<TLSConnection> builder = (protocol, time, reactorExecutor) -> {
            Address peer = transport.getPeer();
            String peerHost = peer instanceof IPv4Address a ? a.host() : peer instanceof IPv6Address a6 ? a6.host() : null;
            int peerPort = peer instanceof IPv4Address a ? a.port() : peer instanceof IPv6Address a6 ? a6.port() : -1;
            return new TLSConnection(engines.newEngine(peerHost, peerPort), protocol, true, time, reactorExecutor,
                    options.handshakeTimeout(), options.closeTimeout(), null);
        };
        return transport.insertLayer(builder);
    }

    private final SSLEngine engine;
    private final Protocol upper;
    private final boolean startTLS;
    private final ReactorTime time;
    private final Executor reactorExecutor;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final @Nullable Listener listener;

    private @Nullable Thread owner;

    // Ciphertext received and not yet unwrapped, in read mode. Often the very array the transport
    // below delivered; partial records are carried over in an owned buffer.
    private ByteBuffer netIn = ByteBuffer.allocate(0);
    private @Nullable ByteBuffer ownedNetIn;
    // Plaintext unwrapped and not yet delivered, in write mode.
    private ByteBuffer appIn = ByteBuffer.allocate(0);
    // Ciphertext produced by wrap and not yet handed below, in write mode.
    private ByteBuffer netOut = ByteBuffer.allocate(0);
    private int appSize;
    private int packetSize;
    // Plaintext written before the handshake completed (or while a delegated task runs).
    private final ArrayDeque<ByteBuffer> pendingOut = new ArrayDeque<>();
    private long pendingOutBytes;

    private boolean handshakeComplete;
    /** Whether the peer's first byte has been checked for being able to start TLS at all. */
    private boolean firstByteChecked;
    private boolean finishedSeen;
    private boolean upperConnected;
    private boolean closeRequested;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    private boolean aborted;
    private boolean lost;
    private boolean closeTimedOut;
    private long unsentAtCloseTimeout;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean readPaused;
    private boolean resumeScheduled;
    private int tasksRunning;
    private @Nullable Throwable failure;
    private @Nullable Throwable closeReason;
    private @Nullable Throwable finalReason;
    private @Nullable DelayedCall handshakeTimer;
    private @Nullable DelayedCall closeTimer;
    private @Nullable SessionInfo info;
    private @Nullable TLSAlert sentAlert;
    private @Nullable TLSAlert receivedAlert;

    private @Nullable Producer producer;
    private boolean producerStreaming;
    private boolean producerPaused;
    private boolean producerStopped;
    private boolean lowerPausedProducer;
    private boolean membraneRegistered;
    private final Membrane membrane = new Membrane();

    /**
     * Creates the layer; it starts the handshake when the transport below connects it.
     *
     * @param engine a fresh engine in the right client/server mode
     * @param upper the user's protocol
     * @param startTLS true if {@code upper} is already connected (startTLS), false if it is to be
     *     connected when the handshake completes
     * @param time the reactor's clock, for the handshake and close timeouts
     * @param reactorExecutor runs a task on the reactor thread from any thread
     *     ({@code callFromThread}), for delegated tasks
     * @param handshakeTimeout how long the handshake may take
     * @param closeTimeout how long a close may wait for the close_notify exchange
     * @param listener hears how the connection ended, or null
     */
    public TLSConnection(
            SSLEngine engine,
            Protocol upper,
            boolean startTLS,
            ReactorTime time,
            Executor reactorExecutor,
            Duration handshakeTimeout,
            Duration closeTimeout,
            @Nullable Listener listener) {
        super(upper);
        this.engine = Objects.requireNonNull(engine, "engine");
        this.upper = upper;
        this.startTLS = startTLS;
        this.upperConnected = startTLS;
        this.time = Objects.requireNonNull(time, "time");
        this.reactorExecutor = Objects.requireNonNull(reactorExecutor, "reactorExecutor");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.listener = listener;
    }

    /**
     * The engine, for tests that need to drive it beyond this class (renegotiation attempts).
     *
     * @return the engine
     */
    SSLEngine engine() {
        return engine;
    }

    /** The user's protocol is connected once the handshake has completed (see handshakeFinished). */
    @Override
    protected void connectWrappedProtocol() {}

    /**
     * Refuses: TLS is already running on this connection.
     *
     * @throws IllegalStateException always
     */
    @Override
    public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        checkThread();
        throw new IllegalStateException("TLS was already started on " + this);
    }

    // ---------------------------------------------------------------- events from the transport below

    @Override
    public void connectionMade() {
        owner = Thread.currentThread();
        SSLSession session = engine.getSession();
        // Read once: the sizes are fixed for a session, and getSession() is not free per record.
        appSize = session.getApplicationBufferSize();
        packetSize = session.getPacketBufferSize();
        appIn = ByteBuffer.allocate(appSize);
        netOut = ByteBuffer.allocate(packetSize * OUTPUT_RECORDS);
        handshakeTimer = time.callLater(handshakeTimeout, this::handshakeTimedOut);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        pump();
    }

    @Override
    public void dataReceived(byte[] data) {
        if (lost || data.length == 0) {
            return;
        }
        if (!firstByteChecked) {
            firstByteChecked = true;
            if (!NotTLS.canStartTLS(data[0])) {
                peerDoesNotSpeakTLS(data);
                return;
            }
        }
        appendInbound(data);
        pump();
    }

    @Override
    public void connectionLost(Throwable reason) {
        if (lost) {
            return;
        }
        lost = true;
        cancelTimers();
        Throwable result = resolve(reason);
        finalReason = result;
        engine.closeOutbound();
        // The user's callbacks before connectionLost may throw: that must not cost the protocol
        // its connectionLost, nor the factory its outcome (each comes exactly once).
        if (failure == null && upperConnected && appIn.position() > 0) {
            contained("dataReceived", () -> deliver(true)); // plaintext held back by a pause is still the peer's data
        }
        contained("stopProducing", this::stopProducer);
        try {
            super.connectionLost(result); // the user's protocol hears it if it was connected
        } finally {
            if (listener != null) {
                listener.connectionEnded(this, reason, result);
            }
        }
    }

    private void contained(String callback, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, callback + " of " + upper + " failed while " + this
                    + " was being closed; the connection is lost anyway", e);
        }
    }

    /** Chooses the reason the user's protocol sees from what happened at both layers. */
    private Throwable resolve(Throwable below) {
        if (failure != null) {
            return failure;
        }
        if (aborted) {
            return below;
        }
        if (!handshakeComplete) {
            if (closeRequested) {
                return closeReason != null ? closeReason : done();
            }
            if (below instanceof ConnectionDoneException) {
                // A clean close from below is the peer hanging up (a port scanner, a client that
                // gave up, a health check): its "closed cleanly" text would read as a contradiction.
                return new TLSException("the peer closed the connection during the TLS handshake", below);
            }
            return new TLSException("the connection was lost during the TLS handshake: " + below.getMessage(), below);
        }
        if (closeRequested) {
            if (closeTimedOut && unsentAtCloseTimeout > 0) {
                return new ConnectionLostException("TLS close timed out after " + closeTimeout
                        + " with " + unsentAtCloseTimeout + " bytes unsent", below);
            }
            if (closeReason != null) {
                return closeReason;
            }
            return closeNotifyReceived || closeTimedOut || below instanceof ConnectionDoneException ? done() : below;
        }
        if (closeNotifyReceived) {
            return below instanceof ConnectionDoneException ? below : done();
        }
        if (below instanceof ConnectionDoneException) {
            return new ConnectionLostException(
                    "the peer closed the connection without a TLS close_notify; the data may be truncated", below);
        }
        return below;
    }

    private static ConnectionDoneException done() {
        return new ConnectionDoneException("Connection was closed cleanly.");
    }

    // ---------------------------------------------------------------- the engine loop

    /** Runs the engine until it needs input we do not have; re-entrant calls just ask for another round. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                drive();
            } while (pumpAgain && !lost);
        } finally {
            pumping = false;
        }
    }

    private void drive() {
        while (!lost && failure == null && tasksRunning == 0) {
            if (finishedSeen && !handshakeComplete) {
                handshakeFinished();
                continue;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                return;
            }
            if (status == HandshakeStatus.NEED_WRAP) {
                if (!wrap(NOTHING)) {
                    break;
                }
                continue;
            }
            if (status == HandshakeStatus.NOT_HANDSHAKING && !handshakeComplete && !finishedSeen && sessionEstablished()) {
                finishedSeen = true; // an engine that never reported FINISHED
                continue;
            }
            boolean handshaking = status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
            if (!handshaking && readPaused && handshakeComplete && !closeNotifySent) {
                break;
            }
            if (!unwrap()) {
                break;
            }
        }
        if (!lost && failure == null && tasksRunning == 0 && handshakeComplete) {
            deliver(false);
            flushPending();
            maybeSendCloseNotify();
        }
    }

    private boolean sessionEstablished() {
        String suite = engine.getSession().getCipherSuite();
        return suite != null && !suite.isEmpty() && !suite.equals("SSL_NULL_WITH_NULL_NULL");
    }

    /** Unwraps one record; returns whether anything moved. */
    private boolean unwrap() {
        if (!netIn.hasRemaining()) {
            return false;
        }
        if (!handshakeComplete && receivedAlert == null) {
            receivedAlert = PlaintextAlerts.find(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        }
        HandshakeStatus before = engine.getHandshakeStatus();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } catch (SSLException e) {
            fail(e);
            return false;
        }
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            finishedSeen = true;
        }
        switch (result.getStatus()) {
            case BUFFER_OVERFLOW -> {
                if (appIn.position() > 0 && upperConnected && !readPaused) {
                    deliver(false);
                } else {
                    appSize = Math.max(appSize, engine.getSession().getApplicationBufferSize());
                    int size = Math.max(appIn.capacity() * 2, appSize);
                    appIn = ByteBuffer.allocate(size).put(appIn.flip());
                }
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                return false;
            }
            case CLOSED -> {
                if (result.bytesConsumed() == 0) {
                    // The engine refused the input and closed without throwing (BouncyCastle does
                    // this for records it cannot parse): a failure, not the peer's close_notify.
                    if (!closeNotifyReceived && !closeRequested) {
                        engineClosedSilently();
                    }
                    return false;
                }
                if (!closeNotifyReceived) {
                    closeNotifyReceived = true;
                    closeNotifyArrived();
                }
                return true;
            }
            case OK -> {
                if (result.bytesProduced() > 0
                        && (appIn.remaining() < appSize || !netIn.hasRemaining())
                        && !readPaused) {
                    deliver(false);
                }
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0
                        || result.getHandshakeStatus() != before;
            }
        }
        return false;
    }

    /**
     * Wraps {@code sources} completely (or handshake/alert messages when they are empty) and
     * hands the records below. Plaintext the engine does not take (it is busy handshaking) goes
     * back to the head of the pending queue.
     */
    private boolean wrap(ByteBuffer[] sources) {
        boolean progress = false;
        try {
            while (true) {
                SSLEngineResult result = engine.wrap(sources, netOut);
                if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    finishedSeen = true;
                }
                boolean moved = result.bytesConsumed() > 0 || result.bytesProduced() > 0;
                progress |= moved;
                if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                    if (netOut.position() > 0) {
                        flushNetOut();
                    } else {
                        packetSize = Math.max(packetSize, engine.getSession().getPacketBufferSize());
                        netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, packetSize));
                    }
                    continue;
                }
                if (result.getStatus() == Status.CLOSED) {
                    if (!closeRequested && !closeNotifyReceived && !closeNotifySent) {
                        flushNetOut();
                        engineClosedSilently();
                        return false;
                    }
                    break;
                }
                if (!moved || !hasRemaining(sources)) {
                    break;
                }
                if (netOut.remaining() < packetSize) {
                    flushNetOut();
                }
            }
        } catch (SSLException e) {
            flushNetOut();
            fail(e);
            return false;
        }
        flushNetOut();
        for (int i = sources.length - 1; i >= 0; i--) {
            if (sources[i].hasRemaining()) {
                pendingOut.addFirst(sources[i]);
                pendingOutBytes += sources[i].remaining();
            }
        }
        return progress;
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private void flushNetOut() {
        if (netOut.position() == 0) {
            return;
        }
        if (!handshakeComplete && sentAlert == null) {
            sentAlert = PlaintextAlerts.find(netOut.array(), 0, netOut.position());
        }
        byte[] records = Arrays.copyOf(netOut.array(), netOut.position());
        netOut.clear();
        transport().write(records);
    }

    private void appendInbound(byte[] data) {
        if (!netIn.hasRemaining()) {
            netIn = ByteBuffer.wrap(data); // the array is ours (Protocol.dataReceived's contract)
            return;
        }
        int needed = netIn.remaining() + data.length;
        ByteBuffer owned = ownedNetIn;
        if (owned != null && owned == netIn && owned.capacity() >= needed) {
            owned.compact();
        } else {
            ByteBuffer target = owned != null && owned != netIn && owned.capacity() >= needed
                    ? owned.clear()
                    : ByteBuffer.allocate(Math.max(needed, 2 * packetSize));
            target.put(netIn);
            ownedNetIn = target;
            owned = target;
        }
        owned.put(data).flip();
        netIn = owned;
    }

    /** Hands the unwrapped plaintext to the user's protocol (if it is connected and not paused). */
    private void deliver(boolean evenIfPaused) {
        if (appIn.position() == 0 || !upperConnected || (readPaused && !evenIfPaused)) {
            return;
        }
        byte[] chunk = Arrays.copyOf(appIn.array(), appIn.position());
        appIn.clear();
        upper.dataReceived(chunk);
    }

    private void handshakeFinished() {
        handshakeComplete = true;
        if (handshakeTimer != null && handshakeTimer.active()) {
            handshakeTimer.cancel();
        }
        handshakeTimer = null;
        info = SessionInfo.capture(engine);
        if (!upperConnected) {
            upperConnected = true;
            super.connectWrappedProtocol();
        }
        flushPending();
        TLSHandshakeListener l = handshakeListener();
        if (l != null && !lost) {
            l.handshakeCompleted(this);
        }
        if (readPaused && !lost && !closeNotifySent) {
            transport().pauseProducing();
        }
        updateProducerPause();
    }

    /**
     * The protocol that hears of the handshake: the wrapped one if it listens, or the one a
     * wrapper above this layer (a policy's, when TLS was started through it) wraps.
     */
    private @Nullable TLSHandshakeListener handshakeListener() {
        Protocol p = upper;
        while (true) {
            if (p instanceof TLSHandshakeListener l) {
                return l;
            }
            if (!(p instanceof ProtocolLayer layer)) {
                return null;
            }
            p = layer.wrappedProtocol();
        }
    }

    private void runDelegatedTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            tasksRunning++;
            Runnable t = task;
            Thread.ofVirtual().name("spindle-tls-task").start(() -> {
                try {
                    t.run();
                } catch (RuntimeException e) {
                    // The engine records the failure and reports it at the next wrap or unwrap.
                    LOG.log(System.Logger.Level.DEBUG, "TLS delegated task failed", e);
                } finally {
                    reactorExecutor.execute(this::delegatedTaskDone);
                }
            });
        }
    }

    private void delegatedTaskDone() {
        tasksRunning--;
        if (tasksRunning == 0 && !lost) {
            pump();
        }
    }

    private void flushPending() {
        if (pendingOut.isEmpty() || !handshakeComplete || tasksRunning > 0 || lost || failure != null) {
            return;
        }
        ByteBuffer[] sources = pendingOut.toArray(ByteBuffer[]::new);
        pendingOut.clear();
        pendingOutBytes = 0;
        wrap(sources);
        updateProducerPause();
    }

    // ---------------------------------------------------------------- failures, timeouts, closing

    private void fail(SSLException error) {
        if (failure == null) {
            failure = TLSFailures.from(error, handshakeComplete);
        }
        // Let the engine send the alert it raised before the transport below closes.
        for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            try {
                SSLEngineResult r = engine.wrap(NOTHING, netOut);
                if (r.bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException ignored) {
                break;
            }
        }
        flushNetOut();
        cancelTimers();
        detachMembrane();
        transport().loseConnection();
    }

    /**
     * The engine closed without an exception: a failure it reported only with an alert. Name the
     * alert if it travelled in clear text (during the handshake, before keys were set).
     */
    private void engineClosedSilently() {
        if (failure != null || lost) {
            return;
        }
        TLSAlert alert = receivedAlert != null ? receivedAlert : sentAlert;
        boolean received = receivedAlert != null;
        String reason = received ? "the peer sent a fatal alert"
                : "the TLS engine rejected the peer's data and closed the connection";
        String message = (handshakeComplete ? "TLS error" : "TLS handshake failed")
                + (alert == null ? "" : (received ? ": received alert " : ": sent alert ") + alert) + ": " + reason;
        failure = new TLSException(message, reason, alert, received, null);
        flushNetOut();
        cancelTimers();
        detachMembrane();
        transport().loseConnection();
    }

    /**
     * The peer's first byte cannot start a TLS record: it sent plain text (or something else).
     * Closes at once with a reason that says so, instead of letting the engine wait for the
     * "record" the text seems to announce. No alert is sent: the peer would not understand it
     * (OpenSSL sends none for an HTTP request either).
     */
    private void peerDoesNotSpeakTLS(byte[] data) {
        if (failure != null) {
            return;
        }
        String reason = NotTLS.describe(data, !engine.getUseClientMode(), !startTLS);
        failure = new TLSException((handshakeComplete ? "TLS error: " : "TLS handshake failed: ") + reason, reason,
                null, false, null);
        cancelTimers();
        detachMembrane();
        transport().loseConnection();
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (handshakeComplete || lost || failure != null) {
            return;
        }
        failure = new TLSException("TLS handshake did not complete within " + handshakeTimeout, null);
        detachMembrane();
        transport().abortConnection();
    }

    private void closeTimedOut() {
        closeTimer = null;
        if (lost) {
            return;
        }
        closeTimedOut = true;
        unsentAtCloseTimeout = transport().bufferedBytes();
        transport().abortConnection();
    }

    private void closeNotifyArrived() {
        if (closeNotifySent) {
            if (closeTimer != null && closeTimer.active()) {
                closeTimer.cancel();
            }
            closeTimer = null;
            transport().loseConnection();
            return;
        }
        // The peer closes: answer with our close_notify and close below. The user's protocol
        // gets connectionLost(ConnectionDone) when the transport below reports the close.
        closeNotifySent = true;
        engine.closeOutbound();
        wrap(NOTHING);
        detachMembrane();
        transport().loseConnection();
    }

    private void maybeSendCloseNotify() {
        if (!closeRequested || closeNotifySent || lost || failure != null || !handshakeComplete
                || !pendingOut.isEmpty() || tasksRunning > 0) {
            return;
        }
        if (producer != null && (!producerStreaming || producerPaused)) {
            return; // a pull producer, or a paused push producer, holds the close until it unregisters
        }
        closeNotifySent = true;
        engine.closeOutbound();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !lost && failure == null) {
            if (!wrap(NOTHING)) {
                break;
            }
        }
        if (lost || failure != null) {
            return;
        }
        detachMembrane();
        if (closeNotifyReceived) {
            transport().loseConnection();
            return;
        }
        closeTimer = time.callLater(closeTimeout, this::closeTimedOut);
        if (readPaused) {
            transport().resumeProducing(); // the peer's close_notify must still be read
        }
    }

    private void cancelTimers() {
        if (handshakeTimer != null && handshakeTimer.active()) {
            handshakeTimer.cancel();
        }
        handshakeTimer = null;
        if (closeTimer != null && closeTimer.active()) {
            closeTimer.cancel();
        }
        closeTimer = null;
    }

    // ---------------------------------------------------------------- the user-facing transport

    private void checkThread() {
        Thread t = owner;
        if (t != null && t != Thread.currentThread()) {
            throw new WrongThreadException("TLS transport used from " + Thread.currentThread()
                    + "; transports are confined to the reactor thread (" + t
                    + "): use reactor.callFromThread(...) to get there");
        }
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        checkThread();
        if (data.length == 0 || writesClosed()) {
            return;
        }
        if (!handshakeComplete || tasksRunning > 0 || !pendingOut.isEmpty()) {
            pendingOut.addLast(ByteBuffer.wrap(data));
            pendingOutBytes += data.length;
            updateProducerPause();
            return;
        }
        wrap(new ByteBuffer[] {ByteBuffer.wrap(data)});
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        Objects.requireNonNull(data, "data");
        checkThread();
        if (writesClosed()) {
            return;
        }
        List<ByteBuffer> buffers = new ArrayList<>(data.size());
        for (byte[] b : data) {
            if (b.length > 0) {
                buffers.add(ByteBuffer.wrap(b));
            }
        }
        if (buffers.isEmpty()) {
            return;
        }
        if (!handshakeComplete || tasksRunning > 0 || !pendingOut.isEmpty()) {
            for (ByteBuffer b : buffers) {
                pendingOut.addLast(b);
                pendingOutBytes += b.remaining();
            }
            updateProducerPause();
            return;
        }
        wrap(buffers.toArray(ByteBuffer[]::new));
    }

    private boolean writesClosed() {
        return closeRequested || closeNotifySent || aborted || lost || failure != null;
    }

    @Override
    public void loseConnection() {
        checkThread();
        close(null);
    }

    @Override
    public void loseConnection(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        checkThread();
        close(reason);
    }

    private void close(@Nullable Throwable reason) {
        if (closeRequested || aborted || lost) {
            return;
        }
        closeRequested = true;
        closeReason = reason;
        if (failure != null) {
            return;
        }
        if (!handshakeComplete) {
            if (pendingOutBytes == 0 && owner != null) {
                // Nothing to send: do not wait for the handshake (which could wait forever).
                // Tell the peer with an alert and close below.
                closeNotifySent = true;
                engine.closeOutbound();
                wrapQuietly();
                cancelTimers();
                detachMembrane();
                transport().loseConnection();
            }
            return; // otherwise the queued data goes out after the handshake, then close_notify
        }
        maybeSendCloseNotify();
    }

    private void wrapQuietly() {
        for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            try {
                if (engine.wrap(NOTHING, netOut).bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException ignored) {
                break;
            }
        }
        flushNetOut();
    }

    @Override
    public void abortConnection() {
        checkThread();
        if (aborted || lost) {
            return;
        }
        aborted = true;
        transport().abortConnection();
    }

    @Override
    public Address getPeer() {
        return transport().getPeer();
    }

    @Override
    public Address getHost() {
        return transport().getHost();
    }

    @Override
    public long bufferedBytes() {
        return pendingOutBytes + transport().bufferedBytes();
    }

    @Override
    public boolean isClosing() {
        checkThread();
        return closeRequested || closeNotifySent || aborted || lost || failure != null;
    }

    @Override
    public void pauseProducing() {
        checkThread();
        if (readPaused) {
            return;
        }
        readPaused = true;
        if (handshakeComplete && !lost && !closeNotifySent) {
            transport().pauseProducing();
        }
    }

    @Override
    public void resumeProducing() {
        checkThread();
        if (!readPaused) {
            return;
        }
        readPaused = false;
        if (lost) {
            return;
        }
        transport().resumeProducing();
        if ((netIn.hasRemaining() || appIn.position() > 0) && !resumeScheduled) {
            // Deliver what is already here in a later turn, never from inside the caller.
            resumeScheduled = true;
            time.callLater(Duration.ZERO, () -> {
                resumeScheduled = false;
                if (!lost && !readPaused) {
                    pump();
                }
            });
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        Objects.requireNonNull(producer, "producer");
        checkThread();
        if (this.producer != null) {
            throw new IllegalStateException("a producer is already registered: " + this.producer);
        }
        if (streaming ? !(producer instanceof PushProducer) : !(producer instanceof PullProducer)) {
            throw new IllegalArgumentException(producer + " is not a " + (streaming ? "PushProducer" : "PullProducer"));
        }
        if (lost) {
            producer.stopProducing();
            return;
        }
        this.producer = producer;
        this.producerStreaming = streaming;
        this.producerPaused = false;
        this.producerStopped = false;
        this.lowerPausedProducer = false;
        if (!closeNotifySent && failure == null && !aborted) {
            membraneRegistered = true;
            transport().registerProducer(membrane, streaming); // a pull producer is asked for data at once
        }
        updateProducerPause();
    }

    /**
     * Takes over a producer that was registered with the transport below before startTLS, as
     * Twisted's startTLS does: from now on the ciphertext backing up below pauses it through this
     * layer. The transport below has already let go of it.
     *
     * @param producer the producer
     * @param streaming whether it is a push producer
     * @param paused whether the transport below had paused it; it is then resumed when the
     *     transport below drains (which resumes this layer's stand-in there)
     */
    @Override
    public void adoptProducer(Producer producer, boolean streaming, boolean paused) {
        registerProducer(producer, streaming);
        if (paused && streaming && membraneRegistered && this.producer == producer) {
            lowerPausedProducer = true;
            producerPaused = true;
        }
    }

    @Override
    public void unregisterProducer() {
        checkThread();
        if (producer == null) {
            return;
        }
        producer = null;
        detachMembrane();
        if (!lost) {
            maybeSendCloseNotify();
        }
    }

    private void detachMembrane() {
        if (membraneRegistered) {
            membraneRegistered = false;
            transport().unregisterProducer();
        }
    }

    private void updateProducerPause() {
        if (!(producer instanceof PushProducer push) || !producerStreaming || producerStopped) {
            return;
        }
        boolean shouldPause = lowerPausedProducer || pendingOutBytes > HIGH_WATER_MARK;
        if (shouldPause && !producerPaused) {
            producerPaused = true;
            push.pauseProducing();
        } else if (!shouldPause && producerPaused) {
            producerPaused = false;
            push.resumeProducing();
            maybeSendCloseNotify();
        }
    }

    private void stopProducer() {
        Producer p = producer;
        if (p != null && !producerStopped) {
            producerStopped = true;
            p.stopProducing();
        }
    }

    /** Stands for the user's producer in the transport below, which sees only ciphertext. */
    private final class Membrane implements PushProducer, PullProducer {
        @Override
        public void pauseProducing() {
            lowerPausedProducer = true;
            updateProducerPause();
        }

        @Override
        public void resumeProducing() {
            lowerPausedProducer = false;
            if (producer instanceof PullProducer pull && !producerStreaming) {
                if (!producerStopped && !writesClosed()) {
                    pull.resumeProducing();
                }
            } else {
                updateProducerPause();
            }
        }

        @Override
        public void stopProducing() {
            stopProducer();
        }
    }

    // ---------------------------------------------------------------- what the handshake established

    @Override
    public boolean isHandshakeComplete() {
        return handshakeComplete;
    }

    @Override
    public @Nullable String protocol() {
        return info == null ? null : info.protocol();
    }

    @Override
    public @Nullable String cipherSuite() {
        return info == null ? null : info.cipherSuite();
    }

    @Override
    public @Nullable String applicationProtocol() {
        return info == null ? null : info.applicationProtocol();
    }

    @Override
    public @Nullable String serverName() {
        return info == null ? null : info.serverName();
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return info == null ? List.of() : info.peerCertificates();
    }

    @Override
    public List<X509Certificate> localCertificates() {
        return info == null ? List.of() : info.localCertificates();
    }

    @Override
    public @Nullable SSLSession sslSession() {
        return info == null ? null : engine.getSession();
    }

    @Override
    public Transport underlyingTransport() {
        return transport();
    }

    /**
     * The reason given (or to be given) to the user's protocol, once the connection is lost.
     *
     * @return the resolved reason, or null while the connection is up
     */
    public @Nullable Throwable finalReason() {
        return finalReason;
    }

    @Override
    public String toString() {
        return "TLSConnection[" + (engine.getUseClientMode() ? "client" : "server")
                + (handshakeComplete ? ", " + protocol() + " " + cipherSuite() : ", handshaking")
                + (startTLS ? ", startTLS" : "") + "]";
    }

    /** What the handshake established, read once when it completes. */
    private record SessionInfo(
            String protocol,
            String cipherSuite,
            @Nullable String applicationProtocol,
            @Nullable String serverName,
            List<X509Certificate> peerCertificates,
            List<X509Certificate> localCertificates) {

        static SessionInfo capture(SSLEngine engine) {
            SSLSession session = engine.getSession();
            String alpn = engine.getApplicationProtocol();
            String serverName;
            if (engine.getUseClientMode()) {
                serverName = CertifiedKeyManager.hostName(engine.getSSLParameters().getServerNames());
            } else {
                serverName = SNIRecorder.requestedBy(engine);
                if (serverName == null && session instanceof ExtendedSSLSession extended) {
                    try {
                        serverName = CertifiedKeyManager.hostName(extended.getRequestedServerNames());
                    } catch (UnsupportedOperationException e) {
                        serverName = null;
                    }
                }
            }
            return new SessionInfo(
                    session.getProtocol(),
                    session.getCipherSuite(),
                    alpn == null || alpn.isEmpty() ? null : alpn,
                    serverName,
                    x509(peer(session)),
                    x509(session.getLocalCertificates()));
        }

        private static Certificate @Nullable [] peer(SSLSession session) {
            try {
                return session.getPeerCertificates();
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }

        private static List<X509Certificate> x509(Certificate @Nullable [] certificates) {
            if (certificates == null) {
                return List.of();
            }
            List<X509Certificate> list = new ArrayList<>(certificates.length);
            for (Certificate c : certificates) {
                if (c instanceof X509Certificate x) {
                    list.add(x);
                }
            }
            return List.copyOf(list);
        }
    }
}
