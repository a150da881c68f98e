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
 * <p>Handshake steps off the reactor thread: given workers, the driver runs the engine's
 * handshake work (beginning the handshake, unwrapping handshake records and wrapping the answers:
 * key exchange, signature, certificate checks) as one <em>step</em> on a worker, with the engine
 * and the buffers handed over for its duration. What the step produces (records to send, the
 * peer's close_notify, a failure) is recorded instead of told, and told on the reactor thread when
 * the step comes back through the reactor executor; ciphertext arriving meanwhile is queued in
 * order and taken after. A step ends when the engine needs more input, fails, or has finished the
 * handshake: completing it, and all application data after it, happen inline on the reactor
 * thread (they are cheap). A connection halted while its step runs ignores what the step brings
 * back. Without workers every step is inline, as before.
 *
 * <p><b>Threading:</b> reactor thread, except the body of a step (which touches only the engine
 * and the driver's buffers, and no event). Delegated tasks run on virtual threads and come back
 * through the reactor executor (inside a step they run on the step's thread); BouncyCastle's
 * engine hands out none.
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

        /**
         * A handshake step that ran off the reactor thread has come back and its outcome has been
         * told, and the handshake is not finished: a close asked for meanwhile can go ahead.
         */
        void stepReturned();

        /**
         * A callback of the user's protocol threw while a handshake step's outcome was being told
         * on the reactor thread (the peer's first application data often arrives with its last
         * handshake record). Inline, the exception would reach the transport below, which drops
         * the connection with it; here it arrives through a reactor task instead, so the
         * connection must do the same itself.
         *
         * @param error what the callback threw
         */
        default void callbackFailed(Throwable error) {}

        /**
         * Input arrived while a step runs off the reactor thread: stop reading below (true) until
         * the step is back (false), so a fast peer cannot pile up ciphertext meanwhile.
         *
         * @param holding whether to hold reading
         */
        void holdInputForStep(boolean holding);

        /**
         * A step has come back and everything it led to has run, and no step is out now (or one
         * more is): a loss of the transport below held back meanwhile can be reported.
         */
        void stepSettled();
    }

    /**
     * Stands in for the connection's events while a step runs off the reactor thread: records
     * what the step tells, to be told on the reactor thread in the same order, and answers the
     * questions from what was true when the step started.
     */
    private static final class StepRecorder implements Events {
        private final java.util.List<java.util.function.Consumer<Events>> told = new java.util.ArrayList<>();
        private final boolean closeUnderWay;
        private @Nullable Throwable crashed;

        StepRecorder(boolean closeUnderWay) {
            this.closeUnderWay = closeUnderWay;
        }

        @Override
        public void recordsProduced(byte[] records) {
            told.add(e -> e.recordsProduced(records));
        }

        @Override
        public boolean deliveryPaused() {
            return true; // plaintext stays in the buffer; the reactor thread delivers it after the step
        }

        @Override
        public void plaintextReceived(byte[] plaintext) {
            throw new IllegalStateException("plaintext delivered from a handshake step");
        }

        @Override
        public boolean holdsInput() {
            return false;
        }

        @Override
        public void handshakeFinished() {
            throw new IllegalStateException("handshake completed inside a step");
        }

        @Override
        public void closeNotifyReceived() {
            told.add(Events::closeNotifyReceived);
        }

        @Override
        public boolean closeUnderWay() {
            return closeUnderWay;
        }

        @Override
        public void failed(TLSException failure) {
            told.add(e -> e.failed(failure));
        }

        @Override
        public void idle() {}

        @Override
        public void stepReturned() {}

        @Override
        public void holdInputForStep(boolean holding) {}

        @Override
        public void stepSettled() {}
    }

    /** Largest TLS record (ciphertext) a peer may send: 2^14 plus the allowed expansion. */
    private static final int MAX_RECORD = (1 << 14) + 2048;

    private final SSLEngine engine;
    private final Executor reactorExecutor;
    /** The connection's events. */
    private final Events connection;
    /** Where the driver tells things: {@link #connection}, or a step's recorder while it runs. */
    private Events events;
    /** Runs handshake steps off the reactor thread; null to run them inline. */
    private final @Nullable Executor stepWorkers;
    private final boolean clientMode;
    /** A step runs off the reactor thread: the engine and the buffers are the step's. Reactor thread. */
    private boolean stepRunning;
    /** Steps handed out so far. Reactor thread. */
    private int stepsTaken;
    /** Set and read by the step's own thread: the drive loop stops at the end of the handshake. */
    private boolean inStep;
    /** Ciphertext that arrived while a step ran, in order. */
    private final ArrayDeque<byte[]> arrivedDuringStep = new ArrayDeque<>();
    /** The connection halted the driver (lost, timed out, failed outside the engine). Reactor thread. */
    private boolean stopped;

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
    /**
     * Failed, or stopped by the connection: nothing is driven any more. Volatile: a running step
     * reads it to stop early when the connection goes.
     */
    private volatile boolean halted;
    private boolean pumping;
    private boolean pumpAgain;
    private int tasksRunning;
    // Alerts seen in clear text during the handshake, to name them if the engine closes silently.
    private @Nullable TLSAlert sentAlert;
    private @Nullable TLSAlert receivedAlert;

    EngineDriver(SSLEngine engine, Executor reactorExecutor, Events events, @Nullable Executor stepWorkers) {
        this.engine = engine;
        this.reactorExecutor = reactorExecutor;
        this.connection = events;
        this.events = events;
        this.stepWorkers = stepWorkers;
        this.clientMode = engine.getUseClientMode();
    }

    /** Whether the engine is the client (read once: the engine's own getter waits for a running step). */
    boolean clientMode() {
        return clientMode;
    }

    /** Whether a handshake step runs off the reactor thread now (the engine is not to be touched). */
    boolean stepRunning() {
        return stepRunning;
    }

    /** Whether the connection halted the driver (lost, timed out, failed outside the engine). */
    boolean stopped() {
        return stopped;
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
        return !stepRunning && (netIn.hasRemaining() || appIn.position() > 0);
    }

    /** Sizes the buffers from the session and starts the handshake. */
    void start() {
        SSLSession session = engine.getSession();
        // Read once: the sizes are fixed for a session, and getSession() is not free per record.
        appSize = session.getApplicationBufferSize();
        packetSize = session.getPacketBufferSize();
        appIn = ByteBuffer.allocate(appSize);
        netOut = ByteBuffer.allocate(packetSize * OUTPUT_RECORDS);
        if (stepWorkers != null && clientMode) {
            startStep(true); // a client computes its key shares when it begins; a server waits for the hello
            return;
        }
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
        if (stepRunning) {
            if (arrivedDuringStep.isEmpty()) {
                connection.holdInputForStep(true);
            }
            arrivedDuringStep.addLast(data);
            return;
        }
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
        stopped = true;
    }

    /**
     * Closes the engine's outbound side of a lost connection (nothing is sent): now, or when the
     * step running off the reactor thread comes back.
     */
    void closeEngine() {
        if (!stepRunning) {
            engine.closeOutbound();
        }
    }

    /** Hands over plaintext held back by a pause: at the end of the connection it is still the peer's data. */
    void deliverHeld() {
        if (!stepRunning && appIn.position() > 0) {
            byte[] chunk = Arrays.copyOf(appIn.array(), appIn.position());
            appIn.clear();
            events.plaintextReceived(chunk);
        }
    }

    /** Runs the engine until it needs input it does not have; re-entrant calls just ask for another round. */
    void pump() {
        if (stepRunning) {
            return; // the step's return pumps again
        }
        if (stepWorkers != null && !handshakeComplete && !finishedSeen && !halted && tasksRunning == 0) {
            if (!awaitingRecord()) {
                startStep(false);
            }
            return;
        }
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
                if (inStep) {
                    return; // the reactor thread completes the handshake
                }
                handshakeComplete = true;
                events.handshakeFinished();
                continue;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                if (inStep) {
                    runTasksHere(); // off the reactor thread already
                    continue;
                }
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

    private void runTasksHere() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /**
     * Whether the engine waits for a record that has not fully arrived: a step would find nothing
     * to do. A header announcing more than a record may hold is left to the engine to reject.
     */
    private boolean awaitingRecord() {
        if (engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
            return false;
        }
        int available = netIn.remaining();
        if (available < 5) {
            return true;
        }
        byte[] a = netIn.array();
        int at = netIn.arrayOffset() + netIn.position();
        int length = (a[at + 3] & 0xff) << 8 | (a[at + 4] & 0xff);
        return length <= MAX_RECORD && available < 5 + length;
    }

    /**
     * Hands the engine to a worker for one handshake step: the events are recorded meanwhile and
     * told by {@link #stepReturned} on the reactor thread.
     */
    private void startStep(boolean begin) {
        Executor workers = java.util.Objects.requireNonNull(stepWorkers);
        StepRecorder recorder = new StepRecorder(connection.closeUnderWay());
        stepRunning = true;
        events = recorder;
        Runnable step = () -> {
            inStep = true;
            try {
                if (!halted) {
                    if (begin) {
                        engine.beginHandshake();
                    }
                    drive();
                }
            } catch (SSLException e) {
                fail(e);
            } catch (RuntimeException | Error e) {
                recorder.crashed = e;
            } finally {
                inStep = false;
                try {
                    reactorExecutor.execute(() -> {
                        try {
                            stepReturned(recorder);
                        } catch (VirtualMachineError fatal) {
                            throw fatal;
                        } catch (RuntimeException | Error e) {
                            connection.callbackFailed(e);
                        }
                    });
                } catch (RuntimeException reactorGone) {
                    // The reactor has stopped: its connections, this one too, are gone with it.
                    LOG.log(System.Logger.Level.DEBUG, "TLS handshake step came back to a stopped reactor", reactorGone);
                }
            }
        };
        boolean underWay = stepsTaken++ > 0;
        if (workers instanceof HandshakeWorkers gate) {
            gate.execute(step, underWay); // handshakes under way go first
        } else {
            workers.execute(step);
        }
    }

    /** Reactor thread: tells what the step recorded, takes the input that arrived meanwhile, goes on. */
    private void stepReturned(StepRecorder recorder) {
        try {
            takeStepOutcome(recorder);
        } finally {
            connection.stepSettled();
        }
    }

    private void takeStepOutcome(StepRecorder recorder) {
        stepRunning = false;
        events = connection;
        if (stopped) {
            // The connection went (or failed for a reason of its own) while the step ran: nothing
            // the step brings back is wanted, no event fires any more.
            arrivedDuringStep.clear();
            engine.closeOutbound();
            return;
        }
        for (var told : recorder.told) {
            told.accept(connection);
        }
        Throwable crashed = recorder.crashed;
        if (crashed != null && !halted) {
            halted = true;
            connection.failed(new TLSException("TLS handshake failed: " + crashed, crashed));
        }
        if (halted) {
            arrivedDuringStep.clear();
            return;
        }
        if (!finishedSeen) {
            connection.stepReturned();
        }
        // The step ran until the engine needed input: go on only with new input, or to complete
        // the handshake (a step that found nothing to do must not start another at once).
        boolean more = !arrivedDuringStep.isEmpty();
        if (more) {
            connection.holdInputForStep(false);
        }
        while (!arrivedDuringStep.isEmpty()) {
            appendInbound(arrivedDuringStep.pollFirst());
        }
        if (!halted && (more || finishedSeen)) {
            pump();
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
