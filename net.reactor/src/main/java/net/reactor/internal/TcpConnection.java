package net.reactor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.TCPTransport;
import net.reactor.Transport;
import net.reactor.internal.tls.TLSConnection;
import net.reactor.tls.TLSOptions;
import net.reactor.tls.TLSTransport;
import net.reactor.WriteBufferFullException;
import org.jspecify.annotations.Nullable;

/**
 * The transport of one TCP connection.
 *
 * <p><b>Reading:</b> one read per readiness event into the reactor's single direct buffer; only
 * the bytes read are copied into the fresh array given to {@code dataReceived}.
 *
 * <p><b>Writing:</b> when nothing is queued, {@code write} copies the bytes into the reactor's
 * direct write buffer and writes them at once; only what the socket does not take is queued in an
 * {@link OutboundBuffer} (the caller's arrays, not copies) and OP_WRITE is requested.
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
 * <p><b>Threading:</b> reactor thread only; every public method checks.
 */
final class TcpConnection extends Selectable implements TCPTransport {
    private static final String CLEAN = "Connection was closed cleanly.";
    private static final String LOST = "Connection to the other side was lost in a non-clean fashion";

    private final SelectReactor reactor;
    private final SocketChannel channel;
    private final Protocol protocol;
    private final @Nullable TcpConnector connector;
    private final InetSocketAddress remote;
    private final SelectionKey key;
    private int interestOps;

    private final OutboundBuffer out = new OutboundBuffer();
    private boolean wantWrite;

    private @Nullable Producer producer;
    private boolean streamingProducer;
    private boolean producerPaused;

    private boolean readPaused;
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
    /** After startTLS: the TLS layer between the socket and the protocol (see {@link #startTLS}). */
    private @Nullable TLSConnection tls;

    private TcpConnection(SelectReactor reactor, SocketChannel channel, InetSocketAddress remote,
            Protocol protocol, @Nullable TcpConnector connector, SelectionKey key) {
        this.reactor = reactor;
        this.channel = channel;
        this.remote = remote;
        this.protocol = protocol;
        this.connector = connector;
        this.key = key;
    }

    /**
     * Wraps a connected, non-blocking channel, registers it for reading and fires
     * {@code makeConnection}.
     *
     * @param key the channel's key if it is already registered (a client's), else null
     * @return the connection, possibly already closing if {@code connectionMade} failed
     */
    static @Nullable TcpConnection open(SelectReactor reactor, SocketChannel ch, @Nullable SelectionKey key,
            Protocol protocol, @Nullable TcpConnector connector) {
        TcpConnection c;
        try {
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            if (remote == null) {
                throw new ClosedChannelException();
            }
            SelectionKey k = key != null ? key : ch.register(reactor.selector(), 0);
            c = new TcpConnection(reactor, ch, remote, protocol, connector, k);
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
        reactor.register(c);
        if (connector != null) {
            connector.connected(c);
        }
        c.updateInterest();
        try {
            protocol.makeConnection(c);
        } catch (Throwable e) {
            reactor.logUserError("connectionMade", protocol, e);
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

    Protocol protocol() {
        return protocol;
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
        if (closed || readPaused || readClosed || disconnecting) {
            return;
        }
        ByteBuffer buf = reactor.readBuffer();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
            return;
        }
        if (n > 0) {
            byte[] data = new byte[n];
            buf.flip();
            buf.get(data);
            Protocol target = tls != null ? tls : protocol;
            try {
                target.dataReceived(data);
            } catch (Throwable e) {
                reactor.logUserError("dataReceived", target, e);
                closeNow(e);
            }
        } else if (n < 0) {
            readConnectionLost();
        }
    }

    private void readConnectionLost() {
        readClosed = true;
        if (tls == null && protocol instanceof HalfCloseableProtocol half) {
            updateInterest();
            try {
                half.readConnectionLost();
            } catch (Throwable e) {
                reactor.logUserError("readConnectionLost", protocol, e);
                closeNow(e);
            }
        } else {
            closeNow(new ConnectionDoneException(out.isEmpty() ? CLEAN
                    : CLEAN + " The peer closed it; " + out.size() + " buffered byte(s) were not sent."));
        }
    }

    private void doWrite() {
        if (!out.isEmpty()) {
            boolean empty;
            try {
                empty = out.flushTo(channel, reactor.writeBuffer());
            } catch (IOException e) {
                closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
                return;
            }
            if (!empty) {
                maybeResumeProducer();
                return;
            }
        }
        setWantWrite(false);
        drained();
    }

    /** The write buffer is empty: Twisted's end of doWrite. */
    private void drained() {
        Producer p = producer;
        if (p != null && (!streamingProducer || producerPaused)) {
            producerPaused = false;
            try {
                resume(p);
            } catch (Throwable e) {
                reactor.logUserError("resumeProducing", p, e);
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
                reactor.log().log(Level.DEBUG, "shutdownOutput failed on " + this, e);
            }
            if (protocol instanceof HalfCloseableProtocol half) {
                try {
                    half.writeConnectionLost();
                } catch (Throwable e) {
                    reactor.logUserError("writeConnectionLost", protocol, e);
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
        if (p != null && streamingProducer && producerPaused && out.size() <= reactor.options().lowWaterMark()) {
            producerPaused = false;
            try {
                ((PushProducer) p).resumeProducing();
            } catch (Throwable e) {
                reactor.logUserError("resumeProducing", p, e);
                closeNow(e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Writing

    private void rawWrite(byte[] data) {
        reactor.checkThread("Transport.write");
        Objects.requireNonNull(data, "data");
        if (closed || writeDisconnecting || writeClosed || data.length == 0) {
            return;
        }
        int written = 0;
        if (!wantWrite) {
            try {
                written = OutboundBuffer.writeThrough(channel, reactor.writeBuffer(), data);
            } catch (IOException e) {
                closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
                return;
            }
            if (written == data.length) {
                if (producer != null && !streamingProducer) {
                    setWantWrite(true); // the next writable event asks the pull producer for more
                }
                return;
            }
        }
        out.add(data, written);
        afterQueued();
    }

    private void rawWriteSequence(List<byte[]> data) {
        reactor.checkThread("Transport.writeSequence");
        Objects.requireNonNull(data, "data");
        if (closed || writeDisconnecting || writeClosed) {
            return;
        }
        boolean any = false;
        for (byte[] b : data) {
            if (b.length > 0) {
                out.add(b, 0);
                any = true;
            }
        }
        if (!any) {
            return;
        }
        if (!wantWrite) {
            try {
                out.flushTo(channel, reactor.writeBuffer());
            } catch (IOException e) {
                closeNow(new ConnectionLostException(LOST + ": " + e.getMessage(), e));
                return;
            }
            if (out.isEmpty()) {
                if (producer != null && !streamingProducer) {
                    setWantWrite(true);
                }
                return;
            }
        }
        afterQueued();
    }

    /** Bytes are queued: ask for writability, apply the hard cap and the high-water mark. */
    private void afterQueued() {
        setWantWrite(true);
        long cap = reactor.options().maxBufferedBytes();
        long buffered = out.size();
        if (buffered > cap) {
            abort(new WriteBufferFullException("write buffer of " + this + " passed its cap of " + cap + " bytes ("
                    + buffered + " buffered): the peer does not read fast enough and no producer applied"
                    + " back-pressure"));
            return;
        }
        Producer p = producer;
        if (p != null && streamingProducer && !producerPaused && buffered > reactor.options().highWaterMark()) {
            producerPaused = true;
            ((PushProducer) p).pauseProducing();
        }
    }

    private long rawBufferedBytes() {
        reactor.checkThread("Transport.bufferedBytes");
        return out.size();
    }

    // ---------------------------------------------------------------------------------------
    // Closing


    private void loseConnection(@Nullable Throwable reason, String what) {
        reactor.checkThread(what);
        if (closed || disconnecting) {
            return;
        }
        disconnecting = true;
        closeReason = reason;
        if (writeClosed) {
            // The write side is already shut: nothing left to flush, so the connection ends now
            // (in the next turn, never re-entrantly).
            closeChannel(false);
            reactor.runNextTurn(() -> deliverLost(reason != null ? reason : new ConnectionDoneException(CLEAN)));
            return;
        }
        updateInterest();
        setWantWrite(true); // the next writable event finds the buffer drained and closes
    }

    @Override
    public void loseWriteConnection() {
        reactor.checkThread("TCPTransport.loseWriteConnection");
        if (tls != null) {
            throw new IllegalStateException("half-close is not supported after startTLS; use loseConnection()");
        }
        if (closed || disconnecting || writeDisconnecting || writeClosed) {
            return;
        }
        writeDisconnecting = true;
        setWantWrite(true);
    }

    private void rawAbortConnection() {
        reactor.checkThread("Transport.abortConnection");
        abort(new ConnectionAbortedException("Connection was aborted locally using abortConnection()"));
    }

    private void abort(ConnectionAbortedException reason) {
        if (closed) {
            return;
        }
        closeReason = reason;
        out.clear();
        closeChannel(true);
        reactor.runNextTurn(() -> deliverLost(reason));
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
        closeChannel(false);
        reactor.unregister(this);
        out.clear();
        Producer p = producer;
        producer = null;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable e) {
                reactor.logUserError("stopProducing", p, e);
            }
        }
        Protocol target = tls != null ? tls : protocol;
        try {
            target.connectionLost(reason);
        } catch (Throwable e) {
            reactor.logUserError("connectionLost", target, e);
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

    private boolean rawIsClosing() {
        reactor.checkThread("Transport.isClosing");
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
        if (!readPaused && !readClosed && !disconnecting) {
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

    private void rawPauseProducing() {
        reactor.checkThread("Transport.pauseProducing");
        readPaused = true;
        updateInterest();
    }

    private void rawResumeProducing() {
        reactor.checkThread("Transport.resumeProducing");
        if (closed || disconnecting) {
            return;
        }
        readPaused = false;
        updateInterest();
    }


    // ---------------------------------------------------------------------------------------
    // The transport as a consumer

    private void rawRegisterProducer(Producer producer, boolean streaming) {
        reactor.checkThread("Transport.registerProducer");
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
        if (!streaming) {
            ((PullProducer) producer).resumeProducing();
        }
    }

    private void rawUnregisterProducer() {
        reactor.checkThread("Transport.unregisterProducer");
        if (producer == null) {
            return;
        }
        producer = null;
        producerPaused = false;
        if ((disconnecting || writeDisconnecting) && !closed) {
            setWantWrite(true); // restart writing, which finishes the pending close
        }
    }

    // ---------------------------------------------------------------------------------------
    // The protocol-facing transport: the socket itself, or the TLS layer after startTLS

    @Override
    public TLSTransport startTLS(TLSOptions options) {
        reactor.checkThread("TCPTransport.startTLS");
        Objects.requireNonNull(options, "options");
        if (tls != null) {
            throw new IllegalStateException("TLS was already started on " + this);
        }
        if (closed || disconnecting || writeDisconnecting || writeClosed) {
            throw new IllegalStateException(this + " is closing; TLS cannot start");
        }
        // Bytes already queued go out first, in clear text; everything after is TLS records. The
        // layer is in place before it connects, so even an immediate failure reaches it.
        TLSConnection layer = TLSConnection.forStartTLS(raw, protocol, options, reactor, reactor::callFromThread);
        // What the protocol set on the socket now belongs to the layer, as in Twisted's startTLS.
        // The socket must read for the handshake; the layer keeps the protocol's pause and
        // applies it below once the handshake is done. The producer must be paused by
        // ciphertext backing up here, through the layer, and unregistered through it.
        boolean readWasPaused = readPaused;
        Producer moved = producer;
        boolean movedStreaming = streamingProducer;
        boolean movedPaused = producerPaused;
        producer = null;
        producerPaused = false;
        if (readWasPaused) {
            readPaused = false;
            updateInterest();
        }
        tls = layer;
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
        return layer;
    }

    @Override
    public void write(byte[] data) {
        TLSConnection t = tls;
        if (t != null) {
            t.write(data);
        } else {
            rawWrite(data);
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        TLSConnection t = tls;
        if (t != null) {
            t.writeSequence(data);
        } else {
            rawWriteSequence(data);
        }
    }

    @Override
    public void loseConnection() {
        TLSConnection t = tls;
        if (t != null) {
            t.loseConnection();
        } else {
            loseConnection(null, "Transport.loseConnection");
        }
    }

    @Override
    public void loseConnection(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        TLSConnection t = tls;
        if (t != null) {
            t.loseConnection(reason);
        } else {
            loseConnection(reason, "Transport.loseConnection");
        }
    }

    @Override
    public void abortConnection() {
        TLSConnection t = tls;
        if (t != null) {
            t.abortConnection();
        } else {
            rawAbortConnection();
        }
    }

    @Override
    public long bufferedBytes() {
        TLSConnection t = tls;
        return t != null ? t.bufferedBytes() : rawBufferedBytes();
    }

    @Override
    public boolean isClosing() {
        TLSConnection t = tls;
        return t != null ? t.isClosing() : rawIsClosing();
    }

    @Override
    public void pauseProducing() {
        TLSConnection t = tls;
        if (t != null) {
            t.pauseProducing();
        } else {
            rawPauseProducing();
        }
    }

    @Override
    public void resumeProducing() {
        TLSConnection t = tls;
        if (t != null) {
            t.resumeProducing();
        } else {
            rawResumeProducing();
        }
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        TLSConnection t = tls;
        if (t != null) {
            t.registerProducer(producer, streaming);
        } else {
            rawRegisterProducer(producer, streaming);
        }
    }

    @Override
    public void unregisterProducer() {
        TLSConnection t = tls;
        if (t != null) {
            t.unregisterProducer();
        } else {
            rawUnregisterProducer();
        }
    }

    /** The socket's own byte-level transport, which the TLS layer writes its records to. */
    private final Transport raw = new Transport() {
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
            loseConnection(null, "Transport.loseConnection");
        }

        @Override
        public void loseConnection(Throwable reason) {
            loseConnection(reason, "Transport.loseConnection");
        }

        private void loseConnection(@Nullable Throwable reason, String what) {
            TcpConnection.this.loseConnection(reason, what);
        }

        @Override
        public void abortConnection() {
            rawAbortConnection();
        }

        @Override
        public Address getPeer() {
            return TcpConnection.this.getPeer();
        }

        @Override
        public Address getHost() {
            return TcpConnection.this.getHost();
        }

        @Override
        public long bufferedBytes() {
            return rawBufferedBytes();
        }

        @Override
        public boolean isClosing() {
            return rawIsClosing();
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            rawRegisterProducer(producer, streaming);
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
            loseConnection(null, "Transport.stopProducing");
        }

        @Override
        public String toString() {
            return "raw " + TcpConnection.this;
        }
    };

    // ---------------------------------------------------------------------------------------
    // Addresses and options

    @Override
    public Address getPeer() {
        reactor.checkThread("Transport.getPeer");
        Address p = peer;
        if (p == null) {
            p = SocketAddresses.of(remote);
            peer = p;
        }
        return p;
    }

    @Override
    public Address getHost() {
        reactor.checkThread("Transport.getHost");
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

    @Override
    public void setTcpNoDelay(boolean enabled) {
        reactor.checkThread("TCPTransport.setTcpNoDelay");
        setOption(StandardSocketOptions.TCP_NODELAY, enabled);
    }

    @Override
    public boolean getTcpNoDelay() {
        reactor.checkThread("TCPTransport.getTcpNoDelay");
        return getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        reactor.checkThread("TCPTransport.setTcpKeepAlive");
        setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        reactor.checkThread("TCPTransport.getTcpKeepAlive");
        return getOption(StandardSocketOptions.SO_KEEPALIVE);
    }

    private void setOption(java.net.SocketOption<Boolean> option, boolean value) {
        try {
            channel.setOption(option, value);
        } catch (ClosedChannelException e) {
            // Options of a closed connection do not matter.
        } catch (IOException e) {
            throw new IllegalStateException("cannot set " + option + " on " + this + ": " + e.getMessage(), e);
        }
    }

    private boolean getOption(java.net.SocketOption<Boolean> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + option + " of " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TCP connection to " + SocketAddresses.of(remote) + " (" + protocol.getClass().getName() + ")";
    }

    /** For tests: whether the socket is still open. */
    boolean isOpen() {
        return !closed;
    }
}
