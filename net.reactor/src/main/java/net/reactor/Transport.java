package net.reactor;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The protocol's view of one stream connection: writes, closes, addresses and flow control.
 *
 * <p>A transport is both a {@link Consumer} (a protocol or another producer writes into it and
 * may register as its producer) and a {@link PushProducer} (pausing it stops reading from the
 * peer; resuming starts again).
 *
 * <p><b>Threading:</b> every method must be called on the reactor thread. A call from any other
 * thread fails fast with {@link WrongThreadException}; use
 * {@link ReactorThreads#callFromThread(Runnable)} to get there.
 *
 * <p><b>Ownership of written bytes:</b> {@code write} does not copy; the transport keeps a
 * reference to the array until it is sent. Do not modify an array after writing it.
 *
 * <p><b>Closing:</b> as in Twisted, bytes written after {@link #loseConnection()} are still
 * accepted and sent before the connection closes. This is what lets a registered producer finish
 * its data: once the buffer has drained, a pull producer, or a push producer that the transport
 * paused, is resumed and the close waits until it unregisters; a push producer that is not paused
 * does not hold the close. Writes are silently dropped once the connection is lost, after
 * {@link #abortConnection()}, and after {@link TCPTransport#loseWriteConnection()}, as Twisted
 * drops them.
 */
public interface Transport extends Consumer, PushProducer {

    /**
     * Queues bytes to be written, in order, without blocking. An empty array is ignored.
     *
     * @param data the bytes; the transport keeps the array until sent
     */
    @Override
    void write(byte[] data);

    /**
     * Writes the bytes from {@code data}'s position to its limit, in order with every other write,
     * without blocking, and moves its position to its limit. Unlike {@link #write(byte[])} the
     * transport does not keep the buffer: the caller may reuse it as soon as this returns. A
     * socket's transport sends what the socket takes straight from the buffer (no copy for a
     * direct buffer) and copies only the rest; the default, for transports without a socket of
     * their own (TLS, pipes, test doubles), copies the bytes into an array and calls
     * {@link #write(byte[])}. An empty buffer is ignored.
     *
     * <p>Called on the reactor thread, like {@code write(byte[])}.
     *
     * @param data the bytes; read during the call only
     */
    default void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy);
    }

    /**
     * Queues several buffers as one gathering write, in order.
     *
     * @param data the buffers, each kept until sent
     */
    void writeSequence(List<byte[]> data);

    /**
     * Closes the connection cleanly once every queued byte has been written and, if a pull
     * producer or a paused push producer is registered, once it has unregistered (see this
     * interface's notes on closing). The protocol then gets {@link ConnectionDoneException} in
     * {@link Protocol#connectionLost}. Calling it again is a no-op.
     */
    void loseConnection();

    /**
     * Closes the connection like {@link #loseConnection()}, flushing queued bytes first, but the
     * protocol's {@link Protocol#connectionLost} receives {@code reason} itself. Protocols that
     * reject their peer's input (a line too long, a malformed frame) use it, so the reason for
     * the close is never lost.
     *
     * @param reason why this side closes the connection
     */
    void loseConnection(Throwable reason);

    /**
     * Closes the connection at once, discarding queued bytes. The protocol gets
     * {@link ConnectionAbortedException} in {@link Protocol#connectionLost}.
     */
    void abortConnection();

    /**
     * The address of the other end.
     *
     * @return the peer's address
     */
    Address getPeer();

    /**
     * The address of this end.
     *
     * @return the local address
     */
    Address getHost();

    /**
     * How many bytes were accepted by {@code write} but not yet handed to the operating system.
     *
     * @return the buffered byte count, zero when everything has been written
     */
    long bufferedBytes();

    /**
     * Whether {@link #loseConnection()} or {@link #abortConnection()} was called or the
     * connection is gone.
     *
     * @return true once the transport is closing or closed
     */
    boolean isClosing();

    /**
     * Puts a layer between this connection and its protocol, in the middle of the connection:
     * the hook STARTTLS uses ({@code TLS.startTLS} in {@code net.protocols.tls}), open to any
     * {@link ProtocolLayer}. {@code builder} builds the layer around the protocol this transport
     * delivers to; the transport connects the layer to itself, delivers everything it receives
     * to the layer from then on, and passes every request the protocol makes of it (writes,
     * closes, producers, pausing) to the layer, which reaches the connection through the
     * transport it was connected to. The protocol keeps this transport: references to it stay
     * valid, and nothing written through them bypasses the layer.
     *
     * <p>What the protocol had set up stays in force. Bytes it wrote before go out first,
     * unchanged. A producer it registered moves to the layer
     * ({@link ProtocolLayer#adoptProducer}). If it had paused reading, the transport reads again
     * and pauses the layer instead, which may still need to read (a TLS handshake does).
     *
     * <p>A wrapper between the protocol and the transport (a {@link ProtocolLayer}, such as a
     * policy's) passes the request down, so the layer goes in nearest the connection, under the
     * wrapper. A transport takes one layer.
     *
     * <p><b>Threading:</b> reactor thread only.
     *
     * @param <L> the layer's type
     * @param builder builds the layer around the protocol
     * @return the layer, connected
     * @throws IllegalStateException if a layer was already inserted, or the connection is closing
     * @throws UnsupportedOperationException if this transport cannot take a layer (the default)
     */
    default <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot insert a layer under its protocol");
    }
}
