package net.protocols.internal.tls;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import net.protocols.tls.TLSAlert;
import net.protocols.tls.TLSException;
import org.jspecify.annotations.Nullable;

/**
 * Drives one {@link SSLEngine} on the reactor thread: unwraps the ciphertext that arrives into
 * plaintext, wraps plaintext (queued while the handshake runs) into records, runs the engine's
 * delegated tasks on virtual threads, and notices the end of the handshake, the peer's
 * close_notify and failures. It knows nothing of transports, producers or how a connection
 * closes: it tells its {@link Events}, which {@link TLSConnection} implements.
 *
 * <p>The engine runs until it needs input it does not have ({@link #pump()}); a call made while
 * it runs (a protocol writing from {@code dataReceived}) asks for another round instead of
 * re-entering. Buffers are sized from the session once and grown only on overflow; ciphertext
 * goes out in chunks of a few records; received arrays are used as they are (a protocol owns the
 * array {@code dataReceived} gives it) and only a partial record is copied.
 *
 * <p><b>Threading:</b> reactor thread. Delegated tasks run on virtual threads and come back
 * through the reactor executor; BouncyCastle's engine hands out none.
 */
final class EngineDriver {
    private static final System.Logger LOG = System.getLogger("net.protocols.tls"); // the API package's name: one switch for all of TLS

    /** Ciphertext is handed below in chunks of up to about this many records. */
    private static final int OUTPUT_RECORDS = 4;

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    /** What the driver tells, and asks, the connection it works for. */
    interface Events {
        /**
         * Records to send: hand them to the transport below.
         *
         * @param records ciphertext, a fresh array
         */
        void recordsProduced(byte[] records);

        /**
         * Whether plaintext must be held back: the protocol is not connected yet, or reading is
         * paused.
         *
         * @return true to hold it
         */
        boolean deliveryPaused();

        /**
         * Plaintext from the peer, for the protocol.
         *
         * @param plaintext a fresh array
         */
        void plaintextReceived(byte[] plaintext);

        /**
         * Whether to stop unwrapping once the handshake is done: reading is paused and no
         * close_notify answer is awaited.
         *
         * @return true to leave input where it is
         */
        boolean holdsInput();

        /** The handshake has completed (once). */
        void handshakeFinished();

        /** The peer's close_notify arrived (once). */
        void closeNotifyReceived();

        /**
         * Whether a close was asked for or received, so an engine that closes is not failing.
         *
         * @return true once closing
         */
        boolean closeUnderWay();

        /**
         * The engine failed; its alert, if any, has been handed over already. The driver does
         * nothing more.
         *
         * @param failure what failed
         */
        void failed(TLSException failure);

        /** A round ended with the handshake complete and nothing more to do for now. */
        void idle();
    }

    private final SSLEngine engine;
    private final Executor reactorExecutor;
    private final Events events;

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
    /** The engine said FINISHED (or its session is up): the next round completes the handshake. */
    private boolean finishedSeen;
    private boolean inboundClosed;
    /** Failed, or stopped by the connection: nothing is driven any more. */
    private boolean halted;
    private boolean pumping;
    private boolean pumpAgain;
    private int tasksRunning;
    // Alerts seen in clear text during the handshake, to name them if the engine closes silently.
    private @Nullable TLSAlert sentAlert;
    private @Nullable TLSAlert receivedAlert;

    EngineDriver(SSLEngine engine, Executor reactorExecutor, Events events) {
        this.engine = engine;
        this.reactorExecutor = reactorExecutor;
        this.events = events;
    }

    SSLEngine engine() {
        return engine;
    }

    boolean handshakeComplete() {
        return handshakeComplete;
    }

    /** Plaintext queued for the engine (waiting for the handshake or a delegated task). */
    long pendingBytes() {
        return pendingOutBytes;
    }

    /** Whether a delegated task is running (nothing is wrapped or unwrapped meanwhile). */
    boolean runningTasks() {
        return tasksRunning > 0;
    }

    /** Whether ciphertext or plaintext is held here, waiting for a resumed read. */
    boolean holdsData() {
        return netIn.hasRemaining() || appIn.position() > 0;
    }

    /** Sizes the buffers from the session and starts the handshake. */
    void start() {
        SSLSession session = engine.getSession();
        // Read once: the sizes are fixed for a session, and getSession() is not free per record.
        appSize = session.getApplicationBufferSize();
        packetSize = session.getPacketBufferSize();
        appIn = ByteBuffer.allocate(appSize);
        netOut = ByteBuffer.allocate(packetSize * OUTPUT_RECORDS);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        pump();
    }

    /** Takes ciphertext that arrived and runs the engine on it. */
    void receive(byte[] data) {
        appendInbound(data);
        pump();
    }

    /**
     * Encrypts plaintext now, or queues it (in order) while the handshake or a delegated task
     * runs.
     */
    void write(ByteBuffer[] plaintext) {
        if (!handshakeComplete || tasksRunning > 0 || !pendingOut.isEmpty()) {
            for (ByteBuffer b : plaintext) {
                pendingOut.addLast(b);
                pendingOutBytes += b.remaining();
            }
            return;
        }
        wrap(plaintext);
    }

    /** Encrypts the queued plaintext, once the handshake is done and no task runs. */
    void flushPending() {
        if (pendingOut.isEmpty() || !handshakeComplete || tasksRunning > 0 || halted) {
            return;
        }
        ByteBuffer[] sources = pendingOut.toArray(ByteBuffer[]::new);
        pendingOut.clear();
        pendingOutBytes = 0;
        wrap(sources);
    }

    /** Closes the outbound side and sends what it makes (close_notify). */
    void closeOutbound() {
        engine.closeOutbound();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !halted) {
            if (!wrap(NOTHING)) {
                break;
            }
        }
    }

    /**
     * Closes the outbound side and sends what it makes, ignoring errors: a close before the
     * handshake completed, which tells the peer with an alert.
     */
    void closeOutboundQuietly() {
        engine.closeOutbound();
        wrapAlerts();
        flushNetOut();
    }

    /** The connection is gone, or failed outside the engine: nothing is driven from now on. */
    void halt() {
        halted = true;
    }

    /** Hands over plaintext held back by a pause: at the end of the connection it is still the peer's data. */
    void deliverHeld() {
        if (appIn.position() > 0) {
            byte[] chunk = Arrays.copyOf(appIn.array(), appIn.position());
            appIn.clear();
            events.plaintextReceived(chunk);
        }
    }

    /** Runs the engine until it needs input it does not have; re-entrant calls just ask for another round. */
    void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                drive();
            } while (pumpAgain && !halted);
        } finally {
            pumping = false;
        }
    }

    private void drive() {
        while (!halted && tasksRunning == 0) {
            if (finishedSeen && !handshakeComplete) {
                handshakeComplete = true;
                events.handshakeFinished();
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
            if (!handshaking && handshakeComplete && events.holdsInput()) {
                break;
            }
            if (!unwrap()) {
                break;
            }
        }
        if (!halted && tasksRunning == 0 && handshakeComplete) {
            deliver();
            flushPending();
            events.idle();
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
                if (appIn.position() > 0 && !events.deliveryPaused()) {
                    deliver();
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
                    if (!events.closeUnderWay()) {
                        engineClosedSilently();
                    }
                    return false;
                }
                if (!inboundClosed) {
                    inboundClosed = true;
                    events.closeNotifyReceived();
                }
                return true;
            }
            case OK -> {
                if (result.bytesProduced() > 0 && (appIn.remaining() < appSize || !netIn.hasRemaining())) {
                    deliver();
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
                    if (!events.closeUnderWay()) {
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
        events.recordsProduced(records);
    }

    /** Lets the engine produce the alert it has raised (a few records at most), ignoring errors. */
    private void wrapAlerts() {
        for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            try {
                if (engine.wrap(NOTHING, netOut).bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException ignored) {
                break;
            }
        }
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

    /** Hands the unwrapped plaintext to the protocol, unless delivery is paused. */
    private void deliver() {
        if (appIn.position() == 0 || events.deliveryPaused()) {
            return;
        }
        byte[] chunk = Arrays.copyOf(appIn.array(), appIn.position());
        appIn.clear();
        events.plaintextReceived(chunk);
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
        if (tasksRunning == 0 && !halted) {
            pump();
        }
    }

    private void fail(SSLException error) {
        TLSException failure = TLSFailures.from(error, handshakeComplete);
        // Let the engine send the alert it raised before the transport below closes.
        wrapAlerts();
        flushNetOut();
        halted = true;
        events.failed(failure);
    }

    /**
     * The engine closed without an exception: a failure it reported only with an alert. Name the
     * alert if it travelled in clear text (during the handshake, before keys were set).
     */
    private void engineClosedSilently() {
        if (halted) {
            return;
        }
        TLSAlert alert = receivedAlert != null ? receivedAlert : sentAlert;
        boolean received = receivedAlert != null;
        String reason = received ? "the peer sent a fatal alert"
                : "the TLS engine rejected the peer's data and closed the connection";
        String message = (handshakeComplete ? "TLS error" : "TLS handshake failed")
                + (alert == null ? "" : (received ? ": received alert " : ": sent alert ") + alert) + ": " + reason;
        TLSException failure = new TLSException(message, reason, alert, received, null);
        flushNetOut();
        halted = true;
        events.failed(failure);
    }
}
