package bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One client TLS connection over a non-blocking channel, driven by the JDK's SSLEngine: the load
 * generator's side of the TLS workloads. Application bytes received are counted, not kept.
 */
final class TlsConnection {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    final SocketChannel channel;
    final SSLEngine engine;
    SelectionKey key;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;
    private final int packetSize;
    private boolean handshaken;
    private boolean closed;
    long sent;
    long received;
    long startedAt;

    TlsConnection(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(packetSize * 4);
        this.netOut = ByteBuffer.allocateDirect(packetSize * 4);
        this.appIn = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize() * 2);
    }

    boolean handshaken() {
        return handshaken;
    }

    /** Starts the handshake: the ClientHello is written (or queued) at once. */
    void begin() throws IOException {
        engine.beginHandshake();
        process();
    }

    /** Reads what the socket holds and advances the handshake or counts application data. */
    void readable() throws IOException {
        int n = channel.read(netIn);
        if (n < 0) {
            throw new IOException("the server closed a TLS connection");
        }
        process();
    }

    /**
     * Encrypts up to {@code limit} bytes of {@code data} (from its position) into the outbound
     * buffer, as far as it has room, and writes what the socket takes.
     *
     * @return the application bytes consumed
     */
    int write(ByteBuffer data, int limit) throws IOException {
        int consumed = 0;
        int end = data.limit();
        data.limit(Math.min(end, data.position() + limit));
        try {
            while (data.hasRemaining() && netOut.remaining() >= packetSize) {
                SSLEngineResult result = engine.wrap(data, netOut);
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("wrap: " + result);
                }
                consumed += result.bytesConsumed();
            }
        } finally {
            data.limit(end);
        }
        sent += consumed;
        flush();
        return consumed;
    }

    /** Whether encrypted bytes wait for the socket to take them. */
    boolean pendingOutput() {
        return netOut.position() > 0;
    }

    /** Writes what the outbound buffer holds, as far as the socket takes it. */
    void flush() throws IOException {
        if (netOut.position() == 0) {
            return;
        }
        netOut.flip();
        channel.write(netOut);
        netOut.compact();
    }

    /** Sends close_notify (best effort) and closes the socket. */
    void close() {
        try {
            engine.closeOutbound();
            if (netOut.remaining() >= packetSize) {
                engine.wrap(NOTHING, netOut);
            }
            flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    private void process() throws IOException {
        while (!closed) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    if (netOut.remaining() < packetSize) {
                        flush();
                        if (netOut.remaining() < packetSize) {
                            return;
                        }
                    }
                    SSLEngineResult result = engine.wrap(NOTHING, netOut);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        closed = true;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap()) {
                        flush();
                        return;
                    }
                }
                default -> {
                    handshaken = true;
                    while (unwrap()) {
                        // drain every complete record
                    }
                    flush();
                    return;
                }
            }
        }
    }

    /** Unwraps one record if a complete one is buffered; false when more bytes are needed. */
    private boolean unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult result = engine.unwrap(netIn, appIn);
        netIn.compact();
        received += appIn.position();
        appIn.clear();
        return switch (result.getStatus()) {
            case OK -> result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            case BUFFER_OVERFLOW -> true;
            case BUFFER_UNDERFLOW -> false;
            case CLOSED -> {
                closed = true;
                yield false;
            }
        };
    }
}
