package net.reactor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.reactor.Address;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.Transport;
import net.reactor.UNIXAddress;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over a pair of blocking streams, normally this program's stdin and stdout
 * ({@code StandardIO}): the input is read by a {@link PipePump}, the output written by a
 * {@link PipeWriter}, each on a thread of its own, and the protocol sees them as one connection.
 *
 * <p>End of input: a {@link HalfCloseableProtocol} gets {@code readConnectionLost} and may keep
 * writing; any other protocol's connection closes once its output is written, as Twisted's
 * StandardIO. {@code connectionLost} fires once both directions are done.
 *
 * <p>Threading: reactor thread only, apart from the pump's and writer's threads.
 */
public final class StdioConnection extends Selectable implements Transport {
    private static final UNIXAddress PIPE = new UNIXAddress(null);

    private final ConnectionLoop loop;
    private final Protocol protocol;
    private final PipePump pump;
    private final PipeWriter writer;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private final AtomicInteger liveThreads = new AtomicInteger();

    private final OutgoingBacklog backlog;
    private boolean userPaused;
    private boolean readingPaused;
    private boolean inputEnded;
    private boolean inputLost;
    private boolean closing;
    private boolean outputClosed;
    private boolean lost;
    private @Nullable Throwable closeReason;

    private StdioConnection(ConnectionLoop loop, Protocol protocol, InputStream in, OutputStream out) {
        this.loop = loop;
        this.backlog = new OutgoingBacklog(loop);
        this.protocol = protocol;
        this.pump = new PipePump(in, loop, this::arrived, this::inputEnded, liveThreads);
        this.writer = new PipeWriter(out, loop, this::written, this::outputClosed, liveThreads);
    }

    /**
     * Connects {@code protocol} to {@code in} and {@code out} on {@code reactor}; see
     * {@code net.reactor.process.StandardIO}.
     *
     * @param reactor a reactor made by {@code Reactor.create}
     * @param protocol the protocol
     * @param in the input, read on a thread of its own
     * @param out the output, written on a thread of its own
     * @return the transport, already given to the protocol
     * @throws IllegalArgumentException if {@code reactor} is not a {@code Reactor.create} reactor
     */
    public static Transport connect(Reactor reactor, Protocol protocol, InputStream in, OutputStream out) {
        Objects.requireNonNull(protocol, "protocol");
        if (!(reactor instanceof SelectReactor r)) {
            throw new IllegalArgumentException("StandardIO needs a reactor made by Reactor.create, not " + reactor);
        }
        r.checkThread("StandardIO");
        r.checkNotClosing("StandardIO");
        StdioConnection c = new StdioConnection(r, protocol, in, out);
        c.pump.start("spindle-stdio-in");
        c.writer.start("spindle-stdio-out");
        r.register(c);
        try {
            protocol.makeConnection(c);
        } catch (Throwable e) {
            r.logUserError("connectionMade", protocol, e);
        }
        return c;
    }

    /** Pipe threads of this connection alive now, for tests. */
    int liveThreads() {
        return liveThreads.get();
    }

    // ---- input

    private void arrived(byte[] chunk) {
        if (inputLost) {
            pump.consumed(chunk.length);
        } else if (readingPaused || !held.isEmpty()) {
            held.add(chunk);
        } else {
            deliver(chunk);
        }
    }

    private void deliver(byte[] chunk) {
        pump.consumed(chunk.length);
        try {
            protocol.dataReceived(chunk);
        } catch (Throwable e) {
            loop.logUserError("dataReceived", protocol, e);
            loseConnection(e);
        }
    }

    private void inputEnded() {
        inputEnded = true;
        if (held.isEmpty()) {
            loseInput();
        }
    }

    private void loseInput() {
        if (inputLost) {
            return;
        }
        inputLost = true;
        if (lost || closing) {
            maybeLost();
            return;
        }
        if (protocol instanceof HalfCloseableProtocol h) {
            try {
                h.readConnectionLost();
            } catch (Throwable e) {
                loop.logUserError("readConnectionLost", protocol, e);
                loseConnection(e);
            }
        } else {
            loseConnection();
        }
        maybeLost();
    }

    private void updateReading() {
        boolean pause = userPaused || (backlog.isEmpty() && !outputClosed && backlog.aboveHighWater());
        if (pause == readingPaused) {
            return;
        }
        readingPaused = pause;
        while (!readingPaused && !held.isEmpty() && !inputLost) {
            deliver(held.poll());
        }
        if (!readingPaused && held.isEmpty() && inputEnded) {
            loseInput();
        }
    }

    // ---- output

    @Override
    public void write(byte[] data) {
        loop.checkThread("Transport.write");
        Objects.requireNonNull(data, "data");
        if (data.length == 0 || outputClosed || lost) {
            return;
        }
        writer.add(data);
        backlog.queued(data.length);
        updateReading();
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    private void written(long n) {
        backlog.written(n, !outputClosed);
        updateReading();
        maybeCloseOutput();
    }

    private void outputClosed(@Nullable IOException error) {
        outputClosed = true;
        if (error != null && closeReason == null) {
            closeReason = new ConnectionLostException("writing standard output failed: " + error.getMessage(), error);
        }
        if (!closing && closeReason != null) {
            // The reader of our output went away: the connection is over.
            closing = true;
            pump.stop();
            held.clear();
            inputLost = true;
        }
        backlog.stop();
        maybeLost();
    }

    /** Closing: once the buffer is empty and no producer holds the close, the output closes. */
    private void maybeCloseOutput() {
        if (closing && !outputClosed && backlog.bytes() == 0
                && !backlog.holdsClose()) {
            writer.closeWhenDone();
        }
    }

    private void maybeLost() {
        if (lost || !outputClosed || !inputLost) {
            return;
        }
        lost = true;
        loop.unregister(this);
        Throwable reason = closeReason != null ? closeReason : new ConnectionDoneException("standard I/O closed cleanly");
        try {
            protocol.connectionLost(reason);
        } catch (Throwable e) {
            loop.logUserError("connectionLost", protocol, e);
        }
    }

    @Override
    public void loseConnection() {
        loop.checkThread("Transport.loseConnection");
        if (closing || lost) {
            return;
        }
        closing = true;
        // Stop reading: no more input once this side closes, as a TCP close.
        if (!inputLost) {
            held.clear();
            pump.stop();
            inputLost = true;
        }
        backlog.nudgePull();
        maybeCloseOutput();
        maybeLost();
    }

    @Override
    public void loseConnection(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        if (closeReason == null) {
            closeReason = reason;
        }
        loseConnection();
    }

    @Override
    public void abortConnection() {
        loop.checkThread("Transport.abortConnection");
        if (closeReason == null) {
            closeReason = new ConnectionAbortedException("standard I/O aborted");
        }
        closing = true;
        writer.abort();
        if (!inputLost) {
            held.clear();
            pump.stop();
            inputLost = true;
        }
        maybeLost();
    }

    @Override
    public Address getPeer() {
        return PIPE;
    }

    @Override
    public Address getHost() {
        return PIPE;
    }

    @Override
    public long bufferedBytes() {
        return backlog.bytes();
    }

    @Override
    public boolean isClosing() {
        return closing || lost;
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        loop.checkThread("Transport.registerProducer");
        backlog.register(this, producer, streaming, outputClosed || lost);
        updateReading();
    }

    @Override
    public void unregisterProducer() {
        loop.checkThread("Transport.unregisterProducer");
        backlog.unregister();
        updateReading();
        maybeCloseOutput();
    }

    @Override
    public void pauseProducing() {
        loop.checkThread("Transport.pauseProducing");
        userPaused = true;
        updateReading();
    }

    @Override
    public void resumeProducing() {
        loop.checkThread("Transport.resumeProducing");
        userPaused = false;
        updateReading();
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    void ready(int readyOps) {
        // No channel: the streams are pumped by threads.
    }

    @Override
    void closeForShutdown() {
        if (closeReason == null) {
            closeReason = new ConnectionLostException("the reactor stopped");
        }
        abortConnection();
        if (!outputClosed) {
            outputClosed = true;
            maybeLost();
        }
    }

    @Override
    public String toString() {
        return "StandardIO[" + protocol + "]";
    }
}
