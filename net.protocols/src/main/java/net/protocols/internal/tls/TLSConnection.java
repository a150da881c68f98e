package net.protocols.internal.tls;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSOptions;
import net.protocols.tls.TLSTransport;
import net.reactor.Address;
import net.reactor.DelayedCall;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.LayerBuilder;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.ReactorTime;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * One TLS connection layered over another transport, as Twisted's TLSMemoryBIOProtocol: a
 * {@link ProtocolLayer} that, towards the transport below, is a protocol fed with ciphertext and,
 * towards the user's protocol above, a {@link TLSTransport} that takes and delivers plaintext.
 * This class wires four parts, one concept each:
 * <ul>
 *   <li>{@link EngineDriver}: the SSLEngine, its buffers, wrapping and unwrapping, delegated
 *       tasks;</li>
 *   <li>{@link CloseState}: where the connection stands in closing (the close_notify exchange,
 *       failures, aborts), with {@link LossReason} choosing the reason the protocol gets;</li>
 *   <li>{@link ProducerBridge}: the protocol's producer and its stand-in below;</li>
 *   <li>{@link SessionFacts}: what the handshake established.</li>
 * </ul>
 * What stays here: the events from below, the requests from above, the timeouts, and the rules
 * that join the parts.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>{@code listenSSL}/{@code connectSSL} (the wrapping factories): the user's protocol is
 *       connected to this layer only when the handshake has completed; a handshake that fails is
 *       reported through the {@link Listener} instead;</li>
 *   <li>{@code startTLS} ({@link #startTLS}, through {@link Transport#insertLayer}): the user's
 *       protocol is already connected to its transport, which passes its requests here from
 *       then on; a failure reaches its {@code connectionLost}.</li>
 * </ul>
 *
 * <p>Flow control: plaintext written before the handshake completes is queued by the driver,
 * counted in {@link #bufferedBytes()}, and keeps a streaming producer paused until it is
 * encrypted; ciphertext is queued by the transport below, whose high-water mark (the reactor's)
 * pauses the producer through its stand-in. Pausing this transport pauses reading below once the
 * handshake is done.
 *
 * <p>Closing: {@link #loseConnection()} flushes the queued plaintext, sends close_notify, and
 * closes the transport below once the peer's close_notify arrived or the close timeout passed.
 * {@link #abortConnection()} aborts the transport below at once.
 *
 * <p><b>Threading:</b> confined to the reactor thread, which is taken to be the thread that
 * delivered {@link #connectionMade()}; the user-facing methods fail fast elsewhere.
 */
public final class TLSConnection extends ProtocolLayer implements TLSTransport {
    private static final System.Logger LOG = System.getLogger("net.protocols.tls"); // the API package's name: one switch for all of TLS

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
                    options.handshakeTimeout(), options.closeTimeout(), null, HandshakeWorkers.forConnection(options, time));
        };
        return transport.insertLayer(builder);
    }

    private final boolean startTLS;
    private final ReactorTime time;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final @Nullable Listener listener;
    private final EngineDriver driver;
    private final ProducerBridge producers;

    private @Nullable Thread owner;
    private CloseState state = CloseState.OPEN;
    /** Whether the peer's first byte has been checked for being able to start TLS at all. */
    private boolean firstByteChecked;
    private boolean upperConnected;
    private boolean readPaused;
    private boolean resumeScheduled;
    private @Nullable TLSException failure;
    private @Nullable Throwable closeReason;
    private long unsentAtCloseTimeout;
    private @Nullable Throwable finalReason;
    private @Nullable DelayedCall handshakeTimer;
    private @Nullable DelayedCall closeTimer;
    private @Nullable SessionFacts facts;
    /** The spindle.TLSHandshake JFR event (observability only). */
    private final HandshakeRecording handshakeRecording = new HandshakeRecording();
    /** The transport below was lost while a handshake step was out: reported when it is back. */
    private @Nullable Throwable lossDuringStep;

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
        this(engine, upper, startTLS, time, reactorExecutor, handshakeTimeout, closeTimeout, listener, null);
    }

    /**
     * Creates the layer; it starts the handshake when the transport below connects it.
     *
     * @param engine a fresh engine in the right client/server mode
     * @param upper the user's protocol
     * @param startTLS true if {@code upper} is already connected (startTLS), false if it is to be
     *     connected when the handshake completes
     * @param time the reactor's clock, for the handshake and close timeouts
     * @param reactorExecutor runs a task on the reactor thread from any thread
     *     ({@code callFromThread}), for delegated tasks and handshake steps coming back
     * @param handshakeTimeout how long the handshake may take
     * @param closeTimeout how long a close may wait for the close_notify exchange
     * @param listener hears how the connection ended, or null
     * @param handshakeWorkers runs the handshake's expensive steps off the reactor thread (see
     *     {@link HandshakeWorkers}), or null to run them inline
     */
    public TLSConnection(
            SSLEngine engine,
            Protocol upper,
            boolean startTLS,
            ReactorTime time,
            Executor reactorExecutor,
            Duration handshakeTimeout,
            Duration closeTimeout,
            @Nullable Listener listener,
            @Nullable Executor handshakeWorkers) {
        super(upper);
        this.startTLS = startTLS;
        this.upperConnected = startTLS;
        this.time = Objects.requireNonNull(time, "time");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.listener = listener;
        this.driver = new EngineDriver(Objects.requireNonNull(engine, "engine"),
                Objects.requireNonNull(reactorExecutor, "reactorExecutor"), new DriverEvents(), handshakeWorkers);
        this.producers = new ProducerBridge(new BridgeConnection());
    }

    /**
     * The engine, for tests that need to drive it beyond this class (renegotiation attempts).
     *
     * @return the engine
     */
    SSLEngine engine() {
        return driver.engine();
    }

    // ---------------------------------------------------------------- events from the transport below

    @Override
    public void connectionMade() {
        owner = Thread.currentThread();
        handshakeTimer = time.callLater(handshakeTimeout, this::handshakeTimedOut);
        handshakeRecording.started(driver.engine(), transport());
        driver.start();
    }

    /** The user's protocol is connected once the handshake has completed (see {@link #handshakeFinished}). */
    @Override
    protected void connectWrappedProtocol() {}

    @Override
    public void dataReceived(byte[] data) {
        if (state == CloseState.LOST || data.length == 0) {
            return;
        }
        if (!firstByteChecked) {
            firstByteChecked = true;
            if (!NotTLS.canStartTLS(data[0])) {
                peerDoesNotSpeakTLS(data);
                return;
            }
        }
        driver.receive(data);
    }

    @Override
    public void connectionLost(Throwable reason) {
        if (state == CloseState.LOST) {
            return;
        }
        if (driver.stepRunning() && !driver.stopped()) {
            // The peer's last records (an upload's data and close_notify, say) may be queued
            // behind the handshake step that is out: they are the peer's data, read before the
            // close, and are taken when the step is back (stepSettled), as inline they would have
            // been taken before this event.
            if (lossDuringStep == null) {
                lossDuringStep = reason;
            }
            return;
        }
        Throwable result = LossReason.of(state, driver.handshakeComplete(), closeReason, failure,
                unsentAtCloseTimeout, closeTimeout, reason);
        boolean failed = state == CloseState.FAILED;
        handshakeRecording.failed(result); // no-op once the handshake completed
        state = CloseState.LOST;
        finalReason = result;
        cancelTimers();
        driver.halt();
        driver.closeEngine(); // now, or when a handshake step running elsewhere comes back
        // The user's callbacks before connectionLost may throw: that must not cost the protocol
        // its connectionLost, nor the factory its outcome (each comes exactly once).
        if (!failed && upperConnected) {
            contained("dataReceived", driver::deliverHeld); // plaintext held back by a pause is still the peer's data
        }
        contained("stopProducing", producers::stop);
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
            LOG.log(System.Logger.Level.WARNING, callback + " of " + wrappedProtocol() + " failed while " + this
                    + " was being closed; the connection is lost anyway", e);
        }
    }

    // ---------------------------------------------------------------- what the engine reports

    private void handshakeFinished() {
        if (handshakeTimer != null && handshakeTimer.active()) {
            handshakeTimer.cancel();
        }
        handshakeTimer = null;
        facts = SessionFacts.capture(driver.engine());
        handshakeRecording.completed(facts);
        if (!upperConnected) {
            upperConnected = true;
            super.connectWrappedProtocol();
        }
        driver.flushPending();
        TLSHandshakeListener l = handshakeListener();
        if (l != null && state != CloseState.LOST) {
            l.handshakeCompleted(this);
        }
        if (readPaused && state != CloseState.LOST && !state.closeNotifySent()) {
            transport().pauseProducing();
        }
        producers.update();
    }

    /**
     * The protocol that hears of the handshake: the wrapped one if it listens, or the one a
     * wrapper above this layer (a policy's, when TLS was started through it) wraps.
     */
    private @Nullable TLSHandshakeListener handshakeListener() {
        Protocol p = wrappedProtocol();
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

    private void closeNotifyArrived() {
        if (state == CloseState.CLOSE_NOTIFY_SENT) {
            if (closeTimer != null && closeTimer.active()) {
                closeTimer.cancel();
            }
            closeTimer = null;
            state = CloseState.CLOSED;
            transport().loseConnection();
            return;
        }
        if (state != CloseState.OPEN && state != CloseState.CLOSING) {
            return; // failed, aborted or timed out: the transport below is going anyway
        }
        // The peer closes first: answer with our close_notify and close below. The user's
        // protocol gets connectionLost when the transport below reports the close.
        state = CloseState.PEER_CLOSED;
        driver.closeOutbound();
        producers.detach();
        transport().loseConnection();
    }

    /** A TLS failure: the protocol gets it in connectionLost, once the transport below has closed. */
    private void failWith(TLSException error, boolean abortBelow) {
        if (state == CloseState.LOST) {
            return;
        }
        if (failure == null && state != CloseState.ABORTED) {
            failure = error;
            state = CloseState.FAILED;
        }
        driver.halt();
        cancelTimers();
        producers.detach();
        if (abortBelow) {
            transport().abortConnection();
        } else {
            transport().loseConnection();
        }
    }

    /**
     * The peer's first byte cannot start a TLS record: it sent plain text (or something else).
     * Closes at once with a reason that says so, instead of letting the engine wait for the
     * "record" the text seems to announce. No alert is sent: the peer would not understand it
     * (OpenSSL sends none for an HTTP request either).
     */
    private void peerDoesNotSpeakTLS(byte[] data) {
        String reason = NotTLS.describe(data, !driver.clientMode(), !startTLS);
        failWith(new TLSException((driver.handshakeComplete() ? "TLS error: " : "TLS handshake failed: ") + reason,
                reason, null, false, null), false);
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (driver.handshakeComplete() || state == CloseState.LOST || state == CloseState.FAILED
                || state == CloseState.ABORTED) {
            return;
        }
        failWith(new TLSException("TLS handshake did not complete within " + handshakeTimeout, null), true);
    }

    // ---------------------------------------------------------------- closing

    private void close(@Nullable Throwable reason) {
        if (state == CloseState.PEER_CLOSED) {
            if (closeReason == null) {
                closeReason = reason; // our close_notify has answered the peer's already
            }
            return;
        }
        if (state != CloseState.OPEN) {
            return;
        }
        state = CloseState.CLOSING;
        closeReason = reason;
        if (!driver.handshakeComplete()) {
            if (driver.pendingBytes() == 0 && owner != null && !driver.stepRunning()) {
                closeDuringHandshake();
            }
            // otherwise the queued data goes out after the handshake, then close_notify; or the
            // handshake step running off the reactor thread comes back first (stepReturned)
            return;
        }
        maybeSendCloseNotify();
    }

    /**
     * Nothing to send: do not wait for the handshake (which could wait forever). Tell the peer
     * with an alert and close below.
     */
    private void closeDuringHandshake() {
        state = CloseState.CLOSE_NOTIFY_SENT;
        driver.closeOutboundQuietly();
        cancelTimers();
        producers.detach();
        transport().loseConnection();
    }

    /** Sends close_notify once everything asked to go before it has gone. */
    private void maybeSendCloseNotify() {
        if (state != CloseState.CLOSING || !driver.handshakeComplete() || driver.pendingBytes() > 0
                || driver.runningTasks() || producers.holdsClose()) {
            return; // a pull producer, or a paused push producer, holds the close until it unregisters
        }
        state = CloseState.CLOSE_NOTIFY_SENT;
        driver.closeOutbound();
        if (state != CloseState.CLOSE_NOTIFY_SENT) {
            return; // the engine failed sending it
        }
        producers.detach();
        closeTimer = time.callLater(closeTimeout, this::closeTimedOut);
        if (readPaused) {
            transport().resumeProducing(); // the peer's close_notify must still be read
        }
    }

    private void closeTimedOut() {
        closeTimer = null;
        if (state != CloseState.CLOSE_NOTIFY_SENT) {
            return;
        }
        state = CloseState.CLOSE_TIMED_OUT;
        unsentAtCloseTimeout = transport().bufferedBytes();
        transport().abortConnection();
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
        if (data.length == 0 || !state.isOpen()) {
            return;
        }
        driver.write(new ByteBuffer[] {ByteBuffer.wrap(data)});
        producers.update();
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        Objects.requireNonNull(data, "data");
        checkThread();
        if (!state.isOpen()) {
            return;
        }
        ByteBuffer[] buffers = data.stream().filter(b -> b.length > 0).map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
        if (buffers.length == 0) {
            return;
        }
        driver.write(buffers);
        producers.update();
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

    @Override
    public void abortConnection() {
        checkThread();
        if (state == CloseState.ABORTED || state == CloseState.LOST) {
            return;
        }
        if (state != CloseState.FAILED) {
            state = CloseState.ABORTED; // a failure already recorded stays the reason
        }
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
        return driver.pendingBytes() + transport().bufferedBytes();
    }

    @Override
    public boolean isClosing() {
        checkThread();
        return !state.isOpen();
    }

    @Override
    public void pauseProducing() {
        checkThread();
        if (readPaused) {
            return;
        }
        readPaused = true;
        if (driver.handshakeComplete() && state != CloseState.LOST && !state.closeNotifySent()) {
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
        if (state == CloseState.LOST) {
            return;
        }
        transport().resumeProducing();
        if (driver.holdsData() && !resumeScheduled) {
            // Deliver what is already here in a later turn, never from inside the caller.
            resumeScheduled = true;
            time.callLater(Duration.ZERO, () -> {
                resumeScheduled = false;
                if (state != CloseState.LOST && !readPaused) {
                    driver.pump();
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
        producers.register(producer, streaming, state.acceptsProducer());
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
        Objects.requireNonNull(producer, "producer");
        checkThread();
        producers.adopt(producer, streaming, paused, state.acceptsProducer());
    }

    @Override
    public void unregisterProducer() {
        checkThread();
        if (producers.producer() == null) {
            return;
        }
        producers.unregister();
        if (state != CloseState.LOST) {
            maybeSendCloseNotify();
        }
    }

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

    // ---------------------------------------------------------------- what the handshake established

    @Override
    public boolean isHandshakeComplete() {
        return driver.handshakeComplete();
    }

    @Override
    public @Nullable String protocol() {
        return facts == null ? null : facts.protocol();
    }

    @Override
    public @Nullable String cipherSuite() {
        return facts == null ? null : facts.cipherSuite();
    }

    @Override
    public @Nullable String applicationProtocol() {
        return facts == null ? null : facts.applicationProtocol();
    }

    @Override
    public @Nullable String serverName() {
        return facts == null ? null : facts.serverName();
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return facts == null ? List.of() : facts.peerCertificates();
    }

    @Override
    public List<X509Certificate> localCertificates() {
        return facts == null ? List.of() : facts.localCertificates();
    }

    @Override
    public @Nullable SSLSession sslSession() {
        return facts == null ? null : driver.engine().getSession();
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
        return "TLSConnection[" + (driver.clientMode() ? "client" : "server")
                + (driver.handshakeComplete() ? ", " + protocol() + " " + cipherSuite() : ", handshaking")
                + (startTLS ? ", startTLS" : "") + "]";
    }

    // ---------------------------------------------------------------- the parts' view of this connection

    /** What the engine driver reports, and asks. */
    private final class DriverEvents implements EngineDriver.Events {
        @Override
        public void recordsProduced(byte[] records) {
            transport().write(records);
        }

        @Override
        public boolean deliveryPaused() {
            return readPaused || !upperConnected;
        }

        @Override
        public void plaintextReceived(byte[] plaintext) {
            wrappedProtocol().dataReceived(plaintext);
        }

        @Override
        public boolean holdsInput() {
            return readPaused && !state.closeNotifySent();
        }

        @Override
        public void handshakeFinished() {
            TLSConnection.this.handshakeFinished();
        }

        @Override
        public void closeNotifyReceived() {
            closeNotifyArrived();
        }

        @Override
        public boolean closeUnderWay() {
            return !state.isOpen();
        }

        @Override
        public void failed(TLSException error) {
            failWith(error, false);
        }

        @Override
        public void idle() {
            producers.update();
            maybeSendCloseNotify();
        }

        @Override
        public void holdInputForStep(boolean holding) {
            if (state == CloseState.LOST) {
                return;
            }
            if (holding) {
                transport().pauseProducing();
            } else if (!(readPaused && driver.handshakeComplete() && !state.closeNotifySent())) {
                transport().resumeProducing();
            }
        }

        @Override
        public void stepSettled() {
            Throwable lost = lossDuringStep;
            if (lost != null && !driver.stepRunning()) {
                lossDuringStep = null;
                connectionLost(lost);
            }
        }

        @Override
        public void callbackFailed(Throwable error) {
            LOG.log(System.Logger.Level.ERROR, "exception in a callback of " + wrappedProtocol() + " on " + TLSConnection.this
                    + "; the connection is dropped", error);
            if (state != CloseState.LOST) {
                transport().loseConnection(error); // as the transport below does when dataReceived throws inline
            }
        }

        @Override
        public void stepReturned() {
            if (state == CloseState.CLOSING && driver.pendingBytes() == 0) {
                closeDuringHandshake(); // asked for while the step ran
            }
        }
    }

    /** What the producer bridge needs. */
    private final class BridgeConnection implements ProducerBridge.Connection {
        @Override
        public Transport below() {
            return transport();
        }

        @Override
        public boolean plaintextWaiting() {
            return driver.pendingBytes() > 0;
        }

        @Override
        public boolean acceptsWrites() {
            return state.isOpen();
        }

        @Override
        public void producerReleased() {
            maybeSendCloseNotify();
        }

        @Override
        public boolean lost() {
            return state == CloseState.LOST;
        }
    }
}
