package net.reactor.blocking;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import net.reactor.Address;
import net.reactor.ConnectionDoneException;
import net.reactor.TCPTransport;
import net.reactor.Transport;
import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * One stream connection seen as blocking java.io streams, for code running on a virtual thread
 * while the reactor does the real I/O. Unmodified legacy code works over it:
 * {@snippet :
 * var in = new BufferedReader(new InputStreamReader(connection.inputStream(), UTF_8));
 * var out = new PrintWriter(new OutputStreamWriter(connection.outputStream(), UTF_8), true);
 * for (String line; (line = in.readLine()) != null; ) {
 *     out.println(line.toUpperCase());
 * }
 * }
 *
 * <h2>Back-pressure, both ways</h2>
 * Received bytes wait in a bounded inbound buffer ({@link StreamOptions#inboundBufferSize()});
 * when it is full the transport stops reading from the socket, so a fast peer is slowed down by
 * TCP itself, and reading resumes once the reader has taken half. A write copies the bytes into a
 * bounded outbound buffer that the reactor hands to the transport; the writer blocks while that
 * buffer is full and while the transport's own buffer is above its high-water mark (the
 * connection is registered as the transport's streaming producer). So the memory of a
 * connection stays bounded whatever the peer or the handler does.
 *
 * <h2>Ends</h2>
 * <ul>
 * <li>The peer closes cleanly (or shuts its output): reads return -1 once buffered bytes are
 * read; writing stays possible until the connection closes.</li>
 * <li>The connection is reset, aborted or the reactor stops: bytes already received can still be
 * read, then reads (and writes) throw a {@link SocketException} whose cause is the reactor's
 * reason (for example {@code ConnectionLostException}).</li>
 * <li>{@link #close()}: sends what was written, then closes. Later reads and writes throw
 * {@link IOException}.</li>
 * <li>{@code outputStream().close()} is a half-close (TCP FIN after the written bytes; reading
 * goes on), as {@link java.net.Socket#shutdownOutput()}; {@code inputStream().close()} discards
 * further input, as {@link java.net.Socket#shutdownInput()}, but later reads throw.</li>
 * <li>An interrupt of a blocked reader or writer throws {@link InterruptedIOException} (the
 * interrupt status stays set) and leaves the connection open, unlike a JDK socket, which an
 * interrupt closes.</li>
 * </ul>
 *
 * <p><b>Threading:</b> the streams block, so they may not be used on the reactor thread
 * ({@link WrongThreadException}); one reader thread and one writer thread may use them at the
 * same time. {@link #close()}, {@link #abortConnection()}, the address getters and
 * {@link #isOpen()} are safe from any thread.
 */
public final class BlockingConnection implements Closeable {
    private static final int MIN_STAGE = 256;

    private final LoopExecutor loop;
    private final int inboundLimit;
    private final int outboundLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final Input input = new Input();
    private final Output output = new Output();

    /** Reactor thread only; set by {@link #made} before the connection is handed out. */
    private @Nullable Transport transport;
    private volatile @Nullable Address peer;
    private volatile @Nullable Address host;
    private volatile long readTimeoutNanos;

    // Guarded by lock.
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private int headOffset;
    private long inboundBytes;
    private boolean readPaused;
    private boolean resumePosted;
    private boolean peerShutOutput;
    private boolean inputClosed;
    private byte @Nullable [] stage;
    private int staged;
    private boolean drainPosted;
    private boolean writePaused;
    private boolean outputShut;
    private boolean outputShutSent;
    private boolean closeRequested;
    private boolean closeSent;
    private @Nullable Throwable lostReason;

    BlockingConnection(LoopExecutor loop, StreamOptions options) {
        this.loop = Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(options, "options");
        this.inboundLimit = options.inboundBufferSize();
        this.outboundLimit = options.outboundBufferSize();
    }

    // ---------------------------------------------------------------------------------------
    // Public API

    /**
     * The stream of bytes received from the peer.
     *
     * @return the same stream on every call
     */
    public InputStream inputStream() {
        return input;
    }

    /**
     * The stream of bytes sent to the peer.
     *
     * @return the same stream on every call
     */
    public OutputStream outputStream() {
        return output;
    }

    /**
     * The address of the other end.
     *
     * @return the peer's address
     */
    public Address getPeer() {
        return Objects.requireNonNull(peer, "not connected yet");
    }

    /**
     * The address of this end.
     *
     * @return the local address
     */
    public Address getHost() {
        return Objects.requireNonNull(host, "not connected yet");
    }

    /**
     * Bounds how long one read may block, as {@link java.net.Socket#setSoTimeout}: a read that
     * waits longer throws {@link SocketTimeoutException} and the connection stays usable.
     *
     * @param timeout the bound; {@link Duration#ZERO} for none (the default)
     * @throws IllegalArgumentException if the timeout is negative
     */
    public void setReadTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative read timeout: " + timeout);
        }
        readTimeoutNanos = timeout.toNanos();
    }

    /**
     * Whether the connection is up and {@link #close()} has not been called.
     *
     * @return true while the connection may be used
     */
    public boolean isOpen() {
        lock.lock();
        try {
            return lostReason == null && !closeRequested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Half-closes the connection: the bytes written so far are sent, then the writing half is
     * shut (a TCP FIN), while reading goes on. Later writes throw {@link IOException}. Where the
     * transport cannot half-close, the whole connection is closed. The same as closing
     * {@link #outputStream()}.
     */
    public void loseWriteConnection() {
        boolean post;
        lock.lock();
        try {
            if (outputShut || closeRequested) {
                return;
            }
            outputShut = true;
            writable.signalAll();
            post = postDrain();
        } finally {
            lock.unlock();
        }
        if (post) {
            loop.callFromThread(this::drain);
        }
    }

    /**
     * Closes the connection: the bytes written so far are sent, then the connection is closed
     * (the transport's {@code loseConnection}). Unread input is discarded; later reads and
     * writes, and writers blocked now, get {@link IOException}. Does not wait for the close;
     * calling it again does nothing.
     */
    @Override
    public void close() {
        boolean post;
        lock.lock();
        try {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            discardInbound();
            readable.signalAll();
            writable.signalAll();
            post = postDrain();
        } finally {
            lock.unlock();
        }
        if (post) {
            loop.callFromThread(this::drain);
        }
    }

    /**
     * Closes the connection at once, dropping bytes not yet sent (the transport's
     * {@code abortConnection}, a TCP reset). Later reads and writes throw {@link IOException}.
     */
    public void abortConnection() {
        lock.lock();
        try {
            if (closeSent) {
                return;
            }
            closeRequested = true;
            closeSent = true;
            stage = null;
            staged = 0;
            discardInbound();
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        loop.callFromThread(() -> {
            Transport t = transport;
            if (t != null) {
                t.abortConnection();
            }
        });
    }

    /** For tests: bytes written but not yet handed to the transport. */
    int stagedBytes() {
        lock.lock();
        try {
            return staged;
        } finally {
            lock.unlock();
        }
    }

    /** For tests: whether the transport asked the writers to wait. */
    boolean writePaused() {
        lock.lock();
        try {
            return writePaused;
        } finally {
            lock.unlock();
        }
    }

    /** For tests, on the reactor thread: the transport's buffered bytes. */
    long transportBufferedBytes() {
        return Objects.requireNonNull(transport).bufferedBytes();
    }

    @Override
    public String toString() {
        Address p = peer;
        return "BlockingConnection[" + (p == null ? "connecting" : p) + (isOpen() ? "" : ", closed") + "]";
    }

    // ---------------------------------------------------------------------------------------
    // Reactor side, called by StreamProtocol on the reactor thread

    void made(Transport t, StreamProtocol producer) {
        transport = t;
        peer = t.getPeer();
        host = t.getHost();
        t.registerProducer(producer);
    }

    void received(byte[] data) {
        boolean pause = false;
        lock.lock();
        try {
            if (inputClosed || closeRequested) {
                return; // discarded, as after Socket.shutdownInput
            }
            inbound.add(data);
            inboundBytes += data.length;
            readable.signal();
            if (!readPaused && inboundBytes >= inboundLimit) {
                readPaused = true;
                pause = true;
            }
        } finally {
            lock.unlock();
        }
        if (pause) {
            Objects.requireNonNull(transport).pauseProducing();
        }
    }

    void peerShutOutput() {
        lock.lock();
        try {
            peerShutOutput = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void lost(Throwable reason) {
        lock.lock();
        try {
            lostReason = reason;
            writePaused = false;
            stage = null;
            staged = 0;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void pauseWriting() {
        lock.lock();
        try {
            writePaused = true;
        } finally {
            lock.unlock();
        }
    }

    void resumeWriting() {
        lock.lock();
        try {
            writePaused = false;
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reactor thread: hands the staged bytes to the transport, then closes if asked to. */
    private void drain() {
        byte[] data = null;
        int dataLength = 0;
        boolean close = false;
        boolean shut = false;
        lock.lock();
        try {
            drainPosted = false;
            if (lostReason != null) {
                return;
            }
            byte[] s = stage;
            if (s != null && staged > 0) {
                data = s; // written as a view of its filled part: no copy of a partly filled stage
                dataLength = staged;
                stage = null; // an idle connection holds no outbound buffer
                staged = 0;
                writable.signalAll();
            }
            if (closeRequested && !closeSent) {
                closeSent = true;
                close = true;
            } else if (outputShut && !outputShutSent && !closeRequested) {
                outputShutSent = true;
                shut = true;
            }
        } finally {
            lock.unlock();
        }
        Transport t = Objects.requireNonNull(transport);
        if (data != null) {
            // The transport sends what the socket takes from the array and copies only the rest.
            t.write(ByteBuffer.wrap(data, 0, dataLength));
        }
        if (close) {
            // A paused producer would hold the close back: nothing more will be written.
            t.unregisterProducer();
            t.loseConnection();
        } else if (shut) {
            t.unregisterProducer();
            if (t instanceof TCPTransport tcp) {
                tcp.loseWriteConnection();
            } else {
                t.loseConnection();
            }
        }
    }

    private void resumeReading() {
        lock.lock();
        try {
            resumePosted = false;
            if (!readPaused || lostReason != null) {
                return;
            }
            readPaused = false;
        } finally {
            lock.unlock();
        }
        Objects.requireNonNull(transport).resumeProducing();
    }

    // ---------------------------------------------------------------------------------------
    // Blocking side

    /** Caller holds the lock: asks for a drain unless one is already queued. */
    private boolean postDrain() {
        if (drainPosted) {
            return false;
        }
        drainPosted = true;
        return true;
    }

    /** Caller holds the lock. */
    private void discardInbound() {
        inbound.clear();
        headOffset = 0;
        inboundBytes = 0;
        if (readPaused && !resumePosted) {
            // Keep reading (and dropping) so the peer is not blocked by a buffer nobody reads.
            resumePosted = true;
            loop.callFromThread(this::resumeReading);
        }
    }

    private void checkNotReactor(String what) {
        if (loop.isReactorThread()) {
            throw new WrongThreadException(what + " on a BlockingConnection would block the reactor thread "
                    + Thread.currentThread().getName() + "; use the connection from a virtual thread (for example"
                    + " a BlockingServer handler or Blocking.spawn)");
        }
    }

    private static SocketException lostException(Throwable reason) {
        String message = reason.getMessage();
        return new SocketException(message != null ? message : reason.toString(), reason);
    }

    private int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        checkNotReactor("read");
        boolean resume = false;
        int n = 0;
        lock.lock();
        try {
            long timeout = readTimeoutNanos;
            long deadline = timeout > 0 ? System.nanoTime() + timeout : 0L;
            while (inbound.isEmpty()) {
                if (inputClosed || closeRequested) {
                    throw new IOException("Stream closed");
                }
                Throwable lost = lostReason;
                if (lost != null && !(lost instanceof ConnectionDoneException)) {
                    throw lostException(lost);
                }
                if (peerShutOutput || lost != null) {
                    return -1;
                }
                awaitReadable(timeout, deadline);
            }
            while (n < len && !inbound.isEmpty()) {
                byte[] head = inbound.peek();
                int take = Math.min(len - n, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + n, take);
                n += take;
                headOffset += take;
                if (headOffset == head.length) {
                    inbound.poll();
                    headOffset = 0;
                }
            }
            inboundBytes -= n;
            if (readPaused && !resumePosted && inboundBytes <= inboundLimit / 2) {
                resumePosted = true;
                resume = true;
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            loop.callFromThread(this::resumeReading);
        }
        return n;
    }

    private void awaitReadable(long timeout, long deadline) throws IOException {
        try {
            if (timeout <= 0) {
                readable.await();
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !readable.await(left, TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException("Read timed out after " + Duration.ofNanos(timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("read interrupted");
        }
    }

    private int available() throws IOException {
        lock.lock();
        try {
            if (inputClosed || closeRequested) {
                throw new IOException("Stream closed");
            }
            return (int) Math.min(Integer.MAX_VALUE, inboundBytes);
        } finally {
            lock.unlock();
        }
    }

    private void closeInput() {
        lock.lock();
        try {
            inputClosed = true;
            discardInbound();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        checkNotReactor("write");
        int done = 0;
        while (done < len) {
            boolean post;
            lock.lock();
            try {
                while (true) {
                    checkWritable();
                    if (!writePaused && staged < outboundLimit) {
                        break;
                    }
                    try {
                        writable.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        InterruptedIOException ie = new InterruptedIOException("write interrupted");
                        ie.bytesTransferred = done;
                        throw ie;
                    }
                }
                int n = Math.min(len - done, outboundLimit - staged);
                byte[] s = ensureStage(n);
                System.arraycopy(b, off + done, s, staged, n);
                staged += n;
                done += n;
                post = postDrain();
            } finally {
                lock.unlock();
            }
            if (post) {
                loop.callFromThread(this::drain);
            }
        }
    }

    /** Caller holds the lock; grows the staging array (never beyond the bound) to take n more bytes. */
    private byte[] ensureStage(int n) {
        byte[] s = stage;
        int needed = staged + n;
        if (s == null || s.length < needed) {
            int capacity = Math.max(needed, Math.min(outboundLimit, Math.max(MIN_STAGE, s == null ? 0 : s.length * 2)));
            s = s == null ? new byte[capacity] : Arrays.copyOf(s, capacity);
            stage = s;
        }
        return s;
    }

    private void checkWritable() throws IOException {
        if (closeRequested) {
            throw new IOException("connection closed");
        }
        if (outputShut) {
            throw new IOException("output has been shut down (half-closed)");
        }
        Throwable lost = lostReason;
        if (lost != null) {
            throw lostException(lost);
        }
    }

    /** The inbound stream. */
    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = BlockingConnection.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return BlockingConnection.this.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return BlockingConnection.this.available();
        }

        @Override
        public void close() {
            closeInput();
        }
    }

    /** The outbound stream. */
    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            BlockingConnection.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            BlockingConnection.this.write(b, off, len);
        }

        /** Written bytes are already on their way to the reactor: nothing to do, as with a socket's stream. */
        @Override
        public void flush() throws IOException {
            lock.lock();
            try {
                if (closeRequested) {
                    throw new IOException("connection closed");
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            loseWriteConnection();
        }
    }
}
