package net.reactor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.BufferReceiver;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.HalfCloseableProtocol;
import net.reactor.HalfCloseableTransport;
import net.reactor.LayerBuilder;
import net.reactor.LogText;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.ReadView;
import net.reactor.Transport;
import net.reactor.WriteBufferFullException;
import org.jspecify.annotations.Nullable;

/**
 * The transport of one stream-socket connection, TCP or UNIX domain: everything but the socket
 * options, which {@link TcpConnection} and {@link UnixConnection} add (so a UNIX connection is
 * never a {@link net.reactor.TCPTransport}, and {@code instanceof} tells the two apart).
 *
 * <p><b>Reading:</b> into the reactor's single direct buffer, up to {@link #MAX_READS_PER_EVENT}
 * reads per readiness event while each read fills the size asked for (a fast peer does not pay a
 * selector turn per buffer, and cannot hold the loop for more than that many); the size asked for
 * adapts to what reads return ({@link ReadSizer}). A protocol that is a {@link BufferReceiver}
 * gets a {@link ReadView} of the buffer; any other gets the bytes read copied into a fresh array.
 *
 * <p><b>Writing:</b> a write smaller than {@link #COALESCE_LIMIT} made while nothing waits for the
 * socket is held (in the {@link OutboundBuffer}: the caller's arrays, not copies) until the end
 * of the event that made it — the dispatch of a ready key, one {@code callFromThread} task, the
 * loop's deferred events, its timers — and everything held is then sent with one system call, so
 * ten small writes in one event cost one; the loop flushes before it selects again, so a single
 * write waits for nothing. A write that brings the held bytes to the limit sends them at once. A
 * large {@code write(ByteBuffer)} goes straight from the caller's buffer to the socket. What the
 * socket does not take is queued and OP_WRITE is requested; back-pressure counts queued bytes only
 * after the socket refused them, so held bytes never pause anything.
 *
 * <p><b>File regions</b> ({@code sendFile}) are entries of the same {@link OutboundBuffer}, so
 * they keep their place among the writes; a region always waits for a writable event, which
 * sends the bytes before it and then up to {@link #MAX_FILE_BYTES_PER_EVENT} of regions with
 * {@code transferTo}. A region counts for the water marks but not for the memory cap; when the
 * connection is lost, the regions still queued fail with the loss reason.
 *
 * <p><b>Closing</b> follows Twisted's connection teardown: {@code loseConnection} stops reading, flushes,
 * then closes ({@link ConnectionDoneException}, or the reason given); a registered pull producer
 * or paused push producer holds the close until it unregisters. {@code abortConnection} drops
 * the buffer, resets the connection (SO_LINGER 0) and reports {@link ConnectionAbortedException}
 * in the next turn. Writes after {@code loseConnection} are still sent (Twisted accepts them until
 * the connection is gone); writes after an abort, after {@code loseWriteConnection} or after the
 * loss are dropped. connectionLost is delivered exactly once, never re-entrantly from a
 * transport call, and always after the registered producer's {@code stopProducing}.
 *
 * <p><b>Back-pressure without a producer</b> (a connection a listening port accepted, unless
 * {@link net.reactor.ReactorOptions#pauseReadingAboveHighWater()} is off): while more than the
 * high-water mark is buffered and no producer is registered, the socket is not read; it is read
 * again once the buffer drains to the low-water mark. So a request/response server stops taking
 * requests from a client that does not read the answers, and TCP carries the pressure back to
 * that client alone. Reading has two independent reasons to be paused ({@code PAUSED_BY_PROTOCOL},
 * {@code PAUSED_FOR_BACKLOG}): the drain lifts only its own, so a protocol that paused reading
 * itself stays paused. Client connections are left alone: if both ends of a connection paused
 * this way, each could wait for the other to read. The hard cap
 * ({@link net.reactor.ReactorOptions#maxBufferedBytes()}) applies to every connection.
 *
 * <p><b>Layers:</b> the protocol does not hold this object but its {@link ProtocolEnd}, which
 * passes the protocol's requests here, or to the layer {@link Transport#insertLayer} put under
 * the protocol. This class is the socket alone: its methods act on the socket, and it delivers
 * the socket's events to one protocol, {@link #protocol} (the protocol, or that layer).
 *
 * <p><b>Threading:</b> reactor thread only; every public method checks.
 */
abstract sealed class StreamConnection extends Selectable implements HalfCloseableTransport, ProtocolEnd.Bottom
        permits TcpConnection, UnixConnection {
    private static final String CLEAN = "Connection was closed cleanly.";
    private static final String LOST = "Connection to the other side was lost in a non-clean fashion";
    /** The most reads one readiness event makes: with 64 KiB reads, 1 MiB before the others' turn. */
    static final int MAX_READS_PER_EVENT = 16;
    /** Writes are held until the end of their event while fewer bytes than this are held. */
    static final int COALESCE_LIMIT = 8 * 1024;
    /**
     * The most bytes file regions send per writable event: 1 MiB, like a read event's share, so
     * one connection's big file does not keep the others waiting (a connection with more to send
     * keeps asking for writability, and goes on in the next turn).
     */
    static final long MAX_FILE_BYTES_PER_EVENT = 1024 * 1024;

    private final ConnectionLoop loop;
    final SocketChannel channel;
    /** The protocol facing the socket, which gets its events: the protocol, or the layer under it. */
    private Protocol protocol;
    /** {@link #protocol} if it takes views of the read buffer, else null. */
    private @Nullable BufferReceiver viewReceiver;
    /** What the next read asks for ({@link ReadSizer}'s state). */
    private int readSizing;
    /** Whether the loop will call {@link #flushHeld} at the end of the current event. */
    private boolean flushScheduled;
    /** For tests: how many times a write or a flush of held bytes handed bytes to the socket. */
    private int sends;
    /** The protocol's class, for toString (the protocol above any layer). */
    private final String protocolName;
    private final @Nullable TcpConnector connector;
    private final SocketAddress remote;
    private final SelectionKey key;
    private int interestOps;

    private final OutboundBuffer out = new OutboundBuffer();
    /** Byte totals, counters and JFR events (observability only). */
    private final ConnectionTraffic traffic;
    private boolean wantWrite;

    private @Nullable Producer producer;
    private boolean streamingProducer;
    private boolean producerPaused;

    /** Reading is paused because the protocol (or a layer, or a consumer) called pauseProducing. */
    private static final int PAUSED_BY_PROTOCOL = 1;
    /** Reading is paused because the write buffer is above the high-water mark and no producer is registered. */
    private static final int PAUSED_FOR_BACKLOG = 2;
    /** Why reading is paused: a set of PAUSED_* bits; read only when it is empty. */
    private int readPauses;
    /** Whether this connection applies the PAUSED_FOR_BACKLOG rule (an accepted one, with the option on). */
    private final boolean backlogPausesReading;
    private boolean readClosed;
    private boolean disconnecting;
    private boolean writeDisconnecting;
    private boolean writeClosed;
    private boolean closed;
    private boolean lost;
    /** The reason for the eventual connectionLost, set by loseConnection(reason) or abort. */
    private @Nullable Throwable closeReason;
    private @Nullable Address peer;
    private @Nullable Address host;

    StreamConnection(ConnectionLoop loop, SocketChannel channel, SocketAddress remote,
            Protocol protocol, @Nullable TcpConnector connector, SelectionKey key) {
        this.loop = loop;
        this.channel = channel;
        this.remote = remote;
        this.protocol = protocol;
        this.viewReceiver = protocol instanceof BufferReceiver r ? r : null;
        this.readSizing = ReadSizer.initial(loop.readBuffer().capacity());
        this.protocolName = protocol.getClass().getName();
        this.connector = connector;
        this.key = key;
        this.traffic = new ConnectionTraffic(loop.loopCounters());
        this.backlogPausesReading = connector == null && loop.options().pauseReadingAboveHighWater();
    }

    /**
     * Wraps a connected, non-blocking channel, registers it for reading and fires
     * {@code makeConnection} with the connection's {@link ProtocolEnd} as the transport.
     *
     * @param key the channel's key if it is already registered (a client's), else null
     * @return the connection, possibly already closing if {@code connectionMade} failed
     */
    static @Nullable StreamConnection open(ConnectionLoop loop, SocketChannel ch, @Nullable SelectionKey key,
            Protocol protocol, @Nullable TcpConnector connector) {
        StreamConnection c;
        try {
            SocketAddress remote = ch.getRemoteAddress();
            if (remote == null) {
                throw new ClosedChannelException();
            }
            SelectionKey k = key != null ? key : ch.register(loop.selector(), 0);
            c = remote instanceof UnixDomainSocketAddress
                    ? new UnixConnection(loop, ch, remote, protocol, connector, k)
                    : new TcpConnection(loop, ch, remote, protocol, connector, k);
            k.attach(c);
            c.peer = connector == null ? null : SocketAddresses.of(remote);
        } catch (IOException e) {
            closeQuietly(ch);
            if (key != null) {
                key.cancel();
            }
            if (connector != null) {
                connector.connectionFailed(new ConnectionLostException("connection lost while being set up: "
                        + e.getMessage(), e));
            }
            return null;
        }
        loop.register(c);
        c.traffic.opened(c.kind(), connector == null, c.remote, ch);
        if (connector != null) {
            connector.connected(c);
        }
        c.updateInterest();
        try {
            protocol.makeConnection(c.end());
        } catch (Throwable e) {
            loop.logUserError("connectionMade", protocol, e);
            c.closeNow(e);
        }
        return c;
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing a socket we give up on; nothing to report.
        }
    }

    /** The transport the protocol holds: a {@link ProtocolEnd} of the socket's kind. */
    abstract ProtocolEnd end();

    @Override
    public void checkThread(String what) {
        loop.checkThread(what);
    }

    // ---------------------------------------------------------------------------------------
    // Events from the selector

    @Override
    void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            doRead();
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !closed) {
            doWrite();
        }
    }

    private void doRead() {
        ByteBuffer buf = loop.readBuffer();
        for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
            if (closed || readPauses != 0 || readClosed || disconnecting) {
                return;
            }
            int want = ReadSizer.size(readSizing);
            buf.clear().limit(want);
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
                return;
            }
            if (n <= 0) {
                if (n < 0) {
                    readConnectionLost();
                }
                return;
            }
            traffic.read(n);
            readSizing = ReadSizer.record(readSizing, n, buf.capacity());
            buf.flip();
            deliver(buf);
            if (n < want) {
                return; // the socket gave less than asked: it is drained, a further read would find nothing
            }
        }
    }

    /** Hands the bytes between {@code buf}'s position and limit to the protocol. */
    private void deliver(ByteBuffer buf) {
        BufferReceiver v = viewReceiver;
        try {
            if (v != null) {
                ReadView.deliver(buf, v);
            } else {
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                protocol.dataReceived(data);
            }
        } catch (Throwable e) {
            loop.logUserError(v != null ? "bufferReceived" : "dataReceived", protocol, e);
            closeNow(e);
        }
    }

    private void readConnectionLost() {
        readClosed = true;
        if (protocol instanceof HalfCloseableProtocol half) {
            updateInterest();
            try {
                half.readConnectionLost();
            } catch (Throwable e) {
                loop.logUserError("readConnectionLost", protocol, e);
                closeNow(e);
            }
        } else {
            closeNow(new ConnectionDoneException(out.isEmpty() ? CLEAN
                    : CLEAN + " The peer closed it; " + out.size() + " buffered byte(s) were not sent."));
        }
    }

    private void doWrite() {
        if (!out.isEmpty()) {
            try {
                out.flushTo(channel, loop.writeBuffer(), MAX_FILE_BYTES_PER_EVENT);
            } catch (IOException e) {
                fireFinishedRegions();
                closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
                return;
            }
            // A region's callbacks may write, close or abort: look at the state they leave.
            fireFinishedRegions();
            if (closed) {
                return;
            }
            if (!out.isEmpty()) {
                maybeResumeProducer();
                updateBacklogPause();
                return;
            }
        }
        setWantWrite(false);
        updateBacklogPause();
        drained();
    }

    /** Fires the Deferreds of the file regions the last flush sent completely, in order. */
    private void fireFinishedRegions() {
        FileRegion r;
        while ((r = out.pollFinished()) != null) {
            r.succeed();
        }
    }

    /** Fails the Deferreds of the file regions the buffer dropped (the connection is gone). */
    private void failDroppedRegions(Throwable reason) {
        FileRegion r;
        while ((r = out.pollDropped()) != null) {
            r.fail(reason);
        }
    }

    /** The write buffer is empty: Twisted's end of doWrite. */
    private void drained() {
        Producer p = producer;
        if (p != null && (!streamingProducer || producerPaused)) {
            producerPaused = false;
            try {
                resume(p);
            } catch (Throwable e) {
                loop.logUserError("resumeProducing", p, e);
                closeNow(e);
            }
        } else if (disconnecting) {
            Throwable reason = closeReason;
            closeNow(reason != null ? reason : new ConnectionDoneException(CLEAN));
        } else if (writeDisconnecting) {
            writeDisconnecting = false;
            writeClosed = true;
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // The connection is already broken; the read side will report it.
                loop.log().log(Level.DEBUG, "shutdownOutput failed on " + this, e);
            }
            if (protocol instanceof HalfCloseableProtocol half) {
                try {
                    half.writeConnectionLost();
                } catch (Throwable e) {
                    loop.logUserError("writeConnectionLost", protocol, e);
                    closeNow(e);
                }
            }
        }
    }

    private static void resume(Producer p) {
        if (p instanceof PullProducer pull) {
            pull.resumeProducing();
        } else {
            ((PushProducer) p).resumeProducing();
        }
    }

    /** With a low-water mark above zero, a paused producer resumes before the buffer is empty. */
    private void maybeResumeProducer() {
        Producer p = producer;
        if (p != null && streamingProducer && producerPaused && out.size() <= loop.options().lowWaterMark()) {
            producerPaused = false;
            try {
                ((PushProducer) p).resumeProducing();
            } catch (Throwable e) {
                loop.logUserError("resumeProducing", p, e);
                closeNow(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Writing

    @Override
    public void write(byte[] data) {
        loop.checkThread("Transport.write");
        Objects.requireNonNull(data, "data");
        if (closed || writeDisconnecting || writeClosed || data.length == 0) {
            return;
        }
        traffic.written(data.length);
        if (wantWrite) {
            out.add(data, 0); // the socket is full (or a close waits for writability): queue behind
            afterQueued();
            return;
        }
        if (out.isEmpty() && data.length >= COALESCE_LIMIT) {
            int written;
            sends++;
            try {
                written = OutboundBuffer.writeThrough(channel, loop.writeBuffer(), data);
            } catch (IOException e) {
                closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
                return;
            }
            if (written == data.length) {
                afterSent();
                return;
            }
            out.add(data, written);
            afterQueued();
            return;
        }
        out.add(data, 0);
        holdOrFlush();
    }

    /**
     * Writes the buffer's bytes: a large write (and whatever is held before it) goes to the socket
     * now, straight from the caller's buffer; the socket's leftover, or a small write, is copied.
     */
    @Override
    public void write(ByteBuffer data) {
        loop.checkThread("Transport.write");
        Objects.requireNonNull(data, "data");
        if (closed || writeDisconnecting || writeClosed || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        traffic.written(data.remaining());
        if (wantWrite) {
            out.add(copyRest(data), 0);
            afterQueued();
            return;
        }
        if (data.remaining() < COALESCE_LIMIT) {
            out.add(copyRest(data), 0);
            holdOrFlush();
            return;
        }
        try {
            if (!out.isEmpty() && !out.flushTo(channel, loop.writeBuffer(), MAX_FILE_BYTES_PER_EVENT)) {
                out.add(copyRest(data), 0);
                afterQueued();
                return;
            }
            // One system call: the socket takes what it has room for (the JDK stages a heap buffer).
            sends++;
            channel.write(data);
        } catch (IOException e) {
            data.position(data.limit());
            closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
            return;
        }
        if (!data.hasRemaining()) {
            afterSent();
            return;
        }
        out.add(copyRest(data), 0);
        afterQueued();
    }

    private static byte[] copyRest(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        return copy;
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        loop.checkThread("Transport.writeSequence");
        Objects.requireNonNull(data, "data");
        if (closed || writeDisconnecting || writeClosed) {
            return;
        }
        boolean any = false;
        for (byte[] b : data) {
            if (b.length > 0) {
                traffic.written(b.length);
                out.add(b, 0);
                any = true;
            }
        }
        if (!any) {
            return;
        }
        if (wantWrite) {
            afterQueued();
        } else {
            holdOrFlush();
        }
    }

    /**
     * Queues a region of {@code file} behind everything written so far; the writable event that
     * reaches it sends it with {@code transferTo} (what {@link net.reactor.FileRegionConsumer#sendFile}
     * asks of a socket). It never starts within this call, so its Deferred never fires
     * re-entrantly. Cancelling the Deferred aborts the connection: a region half sent cannot be
     * taken back, and bytes written after it would be read in its place.
     */
    Deferred<Long> sendFile(FileChannel file, long position, long count) {
        loop.checkThread("FileRegionConsumer.sendFile");
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position and count must not be negative: " + position + ", " + count);
        }
        if (closed || writeDisconnecting || writeClosed) {
            Throwable reason = closeReason;
            return Deferred.fail(reason != null ? reason
                    : new ConnectionDoneException("the connection is closed (or its write side is): " + this));
        }
        if (count == 0) {
            return Deferred.succeed(0L);
        }
        Deferred<Long> done = new Deferred<>(d -> {
            if (!closed) {
                abort(new ConnectionAbortedException("sendFile was cancelled; the connection was aborted"));
            }
        });
        traffic.written(count);
        out.add(new FileRegion(file, position, count, done));
        afterQueued(); // asks for writability: the region goes out in the next writable event
        return done;
    }

    /**
     * What a protocol's end asks for {@code sendFile}: the socket sends the region itself while
     * the protocol faces it, and a layer under the protocol (TLS) gets the file in chunks read on
     * the reactor's virtual threads, written through {@code end} (so through the layer).
     */
    Deferred<Long> sendFile(ProtocolEnd end, FileChannel file, long position,
            long count) {
        loop.checkThread("FileRegionConsumer.sendFile");
        if (end.layered()) {
            return ChunkedFileSender.send(loop.threads(), end, file, position, count);
        }
        return sendFile(file, position, count);
    }

    /** Bytes were added while nothing waits for the socket: hold them to the event's end, or send them now if enough. */
    private void holdOrFlush() {
        if (out.size() >= COALESCE_LIMIT) {
            flushQueued();
        } else if (!flushScheduled) {
            flushScheduled = true;
            loop.flushAtEndOfEvent(this);
        }
    }

    /**
     * Called by the loop at the end of the event in which bytes were held: sends them, unless the
     * connection is gone or already waits for writability (whose event sends them).
     */
    void flushHeld() {
        flushScheduled = false;
        if (closed || wantWrite || out.isEmpty()) {
            return;
        }
        flushQueued();
    }

    /** Sends what is queued while the socket is not known to be full. */
    private void flushQueued() {
        sends++;
        try {
            out.flushTo(channel, loop.writeBuffer(), MAX_FILE_BYTES_PER_EVENT);
        } catch (IOException e) {
            closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
            return;
        }
        if (out.isEmpty()) {
            afterSent();
        } else {
            afterQueued();
        }
    }

    /** Everything written so far went out: a pull producer is asked for more on the next writable event. */
    private void afterSent() {
        if (producer != null && !streamingProducer) {
            setWantWrite(true);
        }
    }

    /** Bytes are queued: ask for writability, apply the hard cap and the high-water mark. */
    private void afterQueued() {
        setWantWrite(true);
        long cap = loop.options().maxBufferedBytes();
        long buffered = out.memoryBytes(); // a file region is not memory: the cap leaves it out
        if (buffered > cap) {
            String figures = buffered + " bytes buffered, above the cap of " + cap + " (ReactorOptions.maxBufferedBytes)";
            // One line per connection, at most: the connection is gone after it.
            loop.log().log(Level.WARNING, LogText.escape("closing " + this + " with WriteBufferFullException: "
                    + figures + "; the peer does not read what is written to it"));
            abort(new WriteBufferFullException("write buffer of " + this + " passed its cap: " + figures
                    + "; the peer does not read fast enough and nothing applied back-pressure"));
            return;
        }
        Producer p = producer;
        if (p != null && streamingProducer && !producerPaused && out.size() > loop.options().highWaterMark()) {
            producerPaused = true;
            ((PushProducer) p).pauseProducing();
        }
        updateBacklogPause();
    }

    /**
     * Applies the back-pressure rule without a producer: pauses reading above the high-water
     * mark, resumes it at the low-water mark or when a producer takes over the buffer's pressure.
     * Acts only on a change; called whenever the buffer or the producer changes.
     */
    private void updateBacklogPause() {
        if (!backlogPausesReading || closed) {
            return;
        }
        boolean paused = (readPauses & PAUSED_FOR_BACKLOG) != 0;
        long buffered = out.size();
        if (!paused && producer == null && buffered > loop.options().highWaterMark()) {
            readPauses |= PAUSED_FOR_BACKLOG;
            updateInterest();
        } else if (paused && (producer != null || buffered <= loop.options().lowWaterMark())) {
            readPauses &= ~PAUSED_FOR_BACKLOG;
            updateInterest();
        }
    }

    @Override
    public long bufferedBytes() {
        loop.checkThread("Transport.bufferedBytes");
        return out.size();
    }

    // ---------------------------------------------------------------------------------------
    // Closing


    private void loseConnection(@Nullable Throwable reason, String what) {
        loop.checkThread(what);
        if (closed || disconnecting) {
            return;
        }
        disconnecting = true;
        closeReason = reason;
        if (writeClosed) {
            // The write side is already shut: nothing left to flush, so the connection ends now
            // (in the next turn, never re-entrantly).
            closeChannel(false);
            loop.runNextTurn(() -> deliverLost(reason != null ? reason : new ConnectionDoneException(CLEAN)));
            return;
        }
        updateInterest();
        setWantWrite(true); // the next writable event finds the buffer drained and closes
    }

    @Override
    public void loseConnection() {
        loseConnection(null, "Transport.loseConnection");
    }

    @Override
    public void loseConnection(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        loseConnection(reason, "Transport.loseConnection");
    }

    @Override
    public void loseWriteConnection() {
        loop.checkThread("Transport.loseWriteConnection");
        if (closed || disconnecting || writeDisconnecting || writeClosed) {
            return;
        }
        writeDisconnecting = true;
        setWantWrite(true);
    }

    @Override
    public void abortConnection() {
        loop.checkThread("Transport.abortConnection");
        abort(new ConnectionAbortedException("Connection was aborted locally using abortConnection()"));
    }

    private void abort(ConnectionAbortedException reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        out.clear();
        closeChannel(true);
        loop.runNextTurn(() -> deliverLost(reason));
    }

    /** Closes the socket and delivers connectionLost now (called from reactor events, not from the protocol). */
    private void closeNow(Throwable reason) {
        closeChannel(false);
        deliverLost(reason);
    }

    private void closeChannel(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        if (reset) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // Already broken: a plain close is all we can do.
            }
        }
        closeQuietly(channel);
    }

    private void deliverLost(Throwable reason) {
        if (lost) {
            return;
        }
        lost = true;
        traffic.closed(out.size(), reason);
        closeChannel(false);
        loop.unregister(this);
        out.clear();
        failDroppedRegions(reason);
        Producer p = producer;
        producer = null;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable e) {
                loop.logUserError("stopProducing", p, e);
            }
        }
        try {
            protocol.connectionLost(reason);
        } catch (Throwable e) {
            loop.logUserError("connectionLost", protocol, e);
        }
        if (connector != null) {
            connector.connectionLost(reason);
        }
    }

    @Override
    void closeForShutdown() {
        if (lost) {
            return;
        }
        Throwable pending = closeReason;
        if (closed && pending != null) {
            deliverLost(pending); // aborted, connectionLost was about to be delivered
        } else {
            closeNow(new ConnectionLostException(LOST + ": the reactor stopped"));
        }
    }

    @Override
    public boolean isClosing() {
        loop.checkThread("Transport.isClosing");
        return closed || disconnecting;
    }

    // ---------------------------------------------------------------------------------------
    // Interest ops

    private void setWantWrite(boolean want) {
        if (wantWrite != want) {
            wantWrite = want;
            updateInterest();
        }
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        int ops = 0;
        if (readPauses == 0 && !readClosed && !disconnecting) {
            ops |= SelectionKey.OP_READ;
        }
        if (wantWrite) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (ops != interestOps) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The transport as a producer of the bytes it reads

    @Override
    public void pauseProducing() {
        loop.checkThread("Transport.pauseProducing");
        readPauses |= PAUSED_BY_PROTOCOL;
        updateInterest();
    }

    @Override
    public void resumeProducing() {
        loop.checkThread("Transport.resumeProducing");
        if (closed || disconnecting) {
            return;
        }
        readPauses &= ~PAUSED_BY_PROTOCOL; // a pause for the write buffer stays until it drains
        updateInterest();
    }


    // ---------------------------------------------------------------------------------------
    // The transport as a consumer

    @Override
    public void stopProducing() {
        loseConnection(null, "Transport.stopProducing");
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        loop.checkThread("Transport.registerProducer");
        Objects.requireNonNull(producer, "producer");
        if (this.producer != null) {
            throw new IllegalStateException("a producer is already registered with " + this + ": " + this.producer);
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("streaming producer " + producer + " does not implement PushProducer");
        }
        if (!streaming && !(producer instanceof PullProducer)) {
            throw new IllegalArgumentException("non-streaming producer " + producer + " does not implement PullProducer");
        }
        if (lost) {
            producer.stopProducing();
            return;
        }
        this.producer = producer;
        this.streamingProducer = streaming;
        this.producerPaused = false;
        updateBacklogPause(); // the producer carries the pressure from now on: reading is the protocol's again
        if (!streaming) {
            ((PullProducer) producer).resumeProducing();
        }
    }

    @Override
    public void unregisterProducer() {
        loop.checkThread("Transport.unregisterProducer");
        if (producer == null) {
            return;
        }
        producer = null;
        producerPaused = false;
        updateBacklogPause(); // a buffer still above the high-water mark pauses reading now
        if ((disconnecting || writeDisconnecting) && !closed) {
            setWantWrite(true); // restart writing, which finishes the pending close
        }
    }

    // ---------------------------------------------------------------------------------------
    // A layer between the socket and the protocol

    /**
     * Puts the layer {@code builder} builds under the protocol facing the socket (what
     * {@link ProtocolEnd#insertLayer} asks). What the protocol set on the socket moves to the
     * layer, as in Twisted's startTLS: the socket reads again (the layer may need to, for a
     * handshake) and the layer is paused instead; a registered producer is handed to the layer,
     * and if the socket had paused it, whatever the layer registers here in its place counts as
     * paused, so it is resumed when the buffer drains. Bytes already queued go out first,
     * unchanged. The layer is in place before it connects, so even a failure while it connects
     * reaches it.
     */
    @Override
    public <L extends ProtocolLayer> L insertUnderProtocol(LayerBuilder<L> builder) {
        if (closed || disconnecting || writeDisconnecting || writeClosed) {
            throw new IllegalStateException(this + " is closing; no layer can be inserted");
        }
        L layer = Objects.requireNonNull(builder.buildLayer(protocol, loop, loop::callFromThread),
                "the LayerBuilder returned null");
        // Only the protocol's own pause moves to the layer; a pause for the buffer is the socket's.
        boolean readWasPaused = (readPauses & PAUSED_BY_PROTOCOL) != 0;
        Producer moved = producer;
        boolean movedStreaming = streamingProducer;
        boolean movedPaused = producerPaused;
        producer = null;
        producerPaused = false;
        if (readWasPaused) {
            readPauses &= ~PAUSED_BY_PROTOCOL;
            updateInterest();
        }
        protocol = layer;
        viewReceiver = layer instanceof BufferReceiver r ? r : null;
        end().layerInserted(layer);
        layer.makeConnection(this);
        if (readWasPaused) {
            layer.pauseProducing();
        }
        if (moved != null) {
            layer.adoptProducer(moved, movedStreaming, movedPaused);
            if (movedPaused && producer != null) {
                producerPaused = true; // the layer's stand-in, resumed when this buffer drains
            }
        }
        return layer;
    }

    /**
     * Refuses: only an inserted layer holds this object, and a transport takes one layer.
     *
     * @throws IllegalStateException always
     */
    @Override
    public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        loop.checkThread("Transport.insertLayer");
        throw new IllegalStateException(this + " already has a layer (" + protocol + ") under its protocol;"
                + " a connection takes one");
    }

    // ---------------------------------------------------------------------------------------
    // Addresses and options

    @Override
    public Address getPeer() {
        loop.checkThread("Transport.getPeer");
        Address p = peer;
        if (p == null) {
            p = SocketAddresses.of(remote);
            peer = p;
        }
        return p;
    }

    @Override
    public Address getHost() {
        loop.checkThread("Transport.getHost");
        Address h = host;
        if (h == null) {
            try {
                h = SocketAddresses.of(channel.getLocalAddress());
            } catch (IOException e) {
                throw new IllegalStateException("the connection is closed; its local address is unknown", e);
            }
            host = h;
        }
        return h;
    }

    /** Sets a boolean socket option: for the subclasses' options. */
    void setOption(java.net.SocketOption<Boolean> option, boolean value) {
        try {
            channel.setOption(option, value);
        } catch (ClosedChannelException e) {
            // Options of a closed connection do not matter.
        } catch (IOException e) {
            throw new IllegalStateException("cannot set " + option + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Reads a boolean socket option. */
    boolean getOption(java.net.SocketOption<Boolean> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + option + " of " + this + ": " + e.getMessage(), e);
        }
    }

    /** "TCP connection" or "UNIX connection", for toString. */
    abstract String kind();

    @Override
    public String toString() {
        return kind() + " to " + SocketAddresses.of(remote) + " (" + protocolName + ")";
    }

    /** For tests: whether the socket is still open. */
    boolean isOpen() {
        return !closed;
    }

    /** For tests: whether reading is paused because the write buffer is above the high-water mark. */
    boolean readingPausedForBacklog() {
        return (readPauses & PAUSED_FOR_BACKLOG) != 0;
    }

    /** For tests: how many sends to the socket writes and flushes of held bytes made (OP_WRITE's drains not counted). */
    int sends() {
        return sends;
    }

    /** For tests: whether the selector is asked to report this socket readable. */
    boolean readInterest() {
        return (interestOps & SelectionKey.OP_READ) != 0;
    }

    /**
     * For tests: the stream connection under a protocol's transport.
     *
     * @throws IllegalArgumentException if {@code transport} is not a stream connection's end
     */
    static StreamConnection of(Transport transport) {
        if (transport instanceof TcpConnection.End e) {
            return e.connection();
        }
        if (transport instanceof UnixConnection.End e) {
            return e.connection();
        }
        throw new IllegalArgumentException("not a stream connection's transport: " + transport);
    }
}
