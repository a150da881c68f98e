package net.reactor.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.reactor.Producer;
import net.reactor.process.ProcessDoneException;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessExitedAlreadyException;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTerminatedException;
import net.reactor.process.ProcessTransport;
import org.jspecify.annotations.Nullable;

/**
 * One child process: its three pipes (two {@link PipePump}s and a {@link PipeWriter}), its exit as
 * the JDK reports it ({@link Process#onExit()}, completed by the JDK's reaper, which also makes
 * sure no zombie stays), and the order of events its {@link ProcessProtocol} sees.
 *
 * <p>Threading: reactor thread only, apart from the pumps' and writer's own threads.
 */
final class ProcessConnection extends Selectable implements ProcessTransport {
    private final ConnectionLoop loop;
    private final ProcessSpawner spawner;
    private final Process process;
    private final ProcessProtocol protocol;
    private final String what;
    private final OutputSide out;
    private final OutputSide err;
    private final PipeWriter stdin;

    // stdin, reactor side
    private boolean stdinClosing;
    private boolean stdinLost;
    private final OutgoingBacklog backlog;

    private boolean userPaused;
    private boolean readingPaused;
    private @Nullable ProcessExitException exitReason;
    private boolean ended;

    ProcessConnection(ConnectionLoop loop, ProcessSpawner spawner, Process process, ProcessProtocol protocol,
            String what, AtomicInteger liveThreads) {
        this.loop = loop;
        this.backlog = new OutgoingBacklog(loop);
        this.spawner = spawner;
        this.process = process;
        this.protocol = protocol;
        this.what = what;
        this.out = new OutputSide(process.getInputStream(), protocol::outReceived, protocol::outConnectionLost,
                "outReceived", liveThreads);
        this.err = new OutputSide(process.getErrorStream(), protocol::errReceived, protocol::errConnectionLost,
                "errReceived", liveThreads);
        this.stdin = new PipeWriter(process.getOutputStream(), loop, this::stdinWritten, this::stdinClosed, liveThreads);
    }

    /** Starts the pipes' threads, connects the protocol, and watches for the exit. */
    void start() {
        long pid = process.pid();
        out.pump.start("spindle-process-" + pid + "-stdout");
        err.pump.start("spindle-process-" + pid + "-stderr");
        stdin.start("spindle-process-" + pid + "-stdin");
        loop.register(this);
        try {
            protocol.makeConnection(this);
        } catch (Throwable e) {
            loop.logUserError("connectionMade", protocol, e);
        }
        process.onExit().whenComplete((p, t) -> loop.callFromThread(this::exited));
    }

    // ---------------------------------------------------------------------------------------
    // Output pipes

    /** The reactor side of a child's stdout or stderr. */
    private final class OutputSide {
        final PipePump pump;
        final Consumer<byte[]> deliver;
        final Runnable lostEvent;
        final String eventName;
        final ArrayDeque<byte[]> held = new ArrayDeque<>();
        boolean endSeen;
        boolean lost;

        OutputSide(java.io.InputStream in, Consumer<byte[]> deliver, Runnable lostEvent, String eventName,
                AtomicInteger liveThreads) {
            this.deliver = deliver;
            this.lostEvent = lostEvent;
            this.eventName = eventName;
            this.pump = new PipePump(in, loop, this::arrived, this::streamEnded, liveThreads);
        }

        private void arrived(byte[] chunk) {
            if (lost) {
                pump.consumed(chunk.length);
            } else if (readingPaused || !held.isEmpty()) {
                held.add(chunk);
            } else {
                deliverOne(chunk);
            }
        }

        private void deliverOne(byte[] chunk) {
            pump.consumed(chunk.length);
            try {
                deliver.accept(chunk);
            } catch (Throwable e) {
                loop.logUserError(eventName, protocol, e);
            }
        }

        private void streamEnded() {
            endSeen = true;
            if (held.isEmpty()) {
                lose();
            }
        }

        /** Delivers what was held while paused, then the end if it came. */
        void drainHeld() {
            while (!readingPaused && !held.isEmpty() && !lost) {
                deliverOne(held.poll());
            }
            if (held.isEmpty() && endSeen) {
                lose();
            }
        }

        /** Our side closes the pipe: nothing more is delivered. */
        void close() {
            if (lost) {
                return;
            }
            for (byte[] b : held) {
                pump.consumed(b.length);
            }
            held.clear();
            pump.stop();
            lose();
        }

        private void lose() {
            if (lost) {
                return;
            }
            lost = true;
            try {
                lostEvent.run();
            } catch (Throwable e) {
                loop.logUserError(eventName.replace("Received", "ConnectionLost"), protocol, e);
            }
            maybeEnded();
        }
    }

    // ---------------------------------------------------------------------------------------
    // stdin

    @Override
    public void write(byte[] data) {
        loop.checkThread("ProcessTransport.write");
        Objects.requireNonNull(data, "data");
        if (data.length == 0 || stdinClosing || stdinLost) {
            return;
        }
        stdin.add(data);
        backlog.queued(data.length);
        updateReading();
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    private void stdinWritten(long n) {
        backlog.written(n, !stdinLost);
        if (stdinLost) {
            return;
        }
        updateReading();
    }

    private void stdinClosed(@Nullable IOException error) {
        loseStdin();
    }

    private void loseStdin() {
        if (stdinLost) {
            return;
        }
        stdinLost = true;
        stdinClosing = true;
        stdin.abort();
        backlog.stop();
        try {
            protocol.inConnectionLost();
        } catch (Throwable e) {
            loop.logUserError("inConnectionLost", protocol, e);
        }
        updateReading();
        maybeEnded();
    }

    @Override
    public void closeStdin() {
        loop.checkThread("ProcessTransport.closeStdin");
        if (stdinClosing) {
            return;
        }
        stdinClosing = true;
        stdin.closeWhenDone();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        loop.checkThread("ProcessTransport.registerProducer");
        backlog.register(this, producer, streaming, stdinLost);
        updateReading();
    }

    @Override
    public void unregisterProducer() {
        loop.checkThread("ProcessTransport.unregisterProducer");
        backlog.unregister();
        updateReading();
    }

    @Override
    public long bufferedBytes() {
        loop.checkThread("ProcessTransport.bufferedBytes");
        return backlog.bytes();
    }

    // ---------------------------------------------------------------------------------------
    // Reading and closing the output

    /**
     * Reads while the user has not paused and, with no producer to pause instead, while the
     * stdin buffer is at or below the high-water mark (the reactor's safe default).
     */
    private void updateReading() {
        boolean shouldPause = userPaused
                || (backlog.isEmpty() && !stdinLost && backlog.aboveHighWater());
        if (shouldPause == readingPaused) {
            return;
        }
        readingPaused = shouldPause;
        if (!shouldPause) {
            out.drainHeld();
            err.drainHeld();
        }
    }

    @Override
    public void pauseProducing() {
        loop.checkThread("ProcessTransport.pauseProducing");
        userPaused = true;
        updateReading();
    }

    @Override
    public void resumeProducing() {
        loop.checkThread("ProcessTransport.resumeProducing");
        userPaused = false;
        updateReading();
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public void closeStdout() {
        loop.checkThread("ProcessTransport.closeStdout");
        out.close();
    }

    @Override
    public void closeStderr() {
        loop.checkThread("ProcessTransport.closeStderr");
        err.close();
    }

    @Override
    public void loseConnection() {
        closeStdin();
        closeStdout();
        closeStderr();
    }

    // ---------------------------------------------------------------------------------------
    // Signals and the end

    @Override
    public void signalProcess(String signal) {
        loop.checkThread("ProcessTransport.signalProcess");
        int number = Signals.number(signal);
        if (exitReason != null || !process.isAlive()) {
            throw new ProcessExitedAlreadyException("process " + process.pid() + " (" + what
                    + ") has already exited; not sending " + Signals.name(number));
        }
        spawner.signal(process, number);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    private void exited() {
        if (exitReason != null) {
            return;
        }
        int status = process.exitValue();
        ProcessExitException reason = status == 0
                ? new ProcessDoneException(what + " exited with code 0")
                : ProcessTerminatedException.ofStatus(what, status);
        exitReason = reason;
        try {
            protocol.processExited(reason);
        } catch (Throwable e) {
            loop.logUserError("processExited", protocol, e);
        }
        // Nobody reads the child's stdin any more (Java cannot tell whether a grandchild does).
        loseStdin();
        maybeEnded();
    }

    private void maybeEnded() {
        ProcessExitException reason = exitReason;
        if (ended || reason == null || !stdinLost || !out.lost || !err.lost) {
            return;
        }
        ended = true;
        loop.unregister(this);
        spawner.ended(this);
        try {
            protocol.processEnded(reason);
        } catch (Throwable e) {
            loop.logUserError("processEnded", protocol, e);
        }
    }

    boolean isEnded() {
        return ended;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    @Override
    void ready(int readyOps) {
        // No channel: pipes are pumped by threads.
    }

    /**
     * The reactor is closing everything and this child outlived the grace period: kill it, wait
     * briefly for the JDK to reap it, and end the protocol's events.
     */
    @Override
    void closeForShutdown() {
        if (ended) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loseConnection();
        loseStdin();
        if (exitReason == null) {
            if (!process.isAlive()) {
                exited();
            } else {
                exitReason = ProcessTerminatedException.ofStatus(what, 128 + 9);
                maybeEnded();
            }
        }
    }

    @Override
    public String toString() {
        return "ProcessTransport[pid " + process.pid() + ", " + what + "]";
    }
}
