package net.reactor.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.HalfCloseableTransport;
import net.reactor.LayerBuilder;
import net.reactor.Producer;
import net.reactor.ProtocolLayer;
import net.reactor.Transport;

/**
 * The transport a protocol holds, which passes each request to the top of its connection's
 * stack: the bottom (the socket, or a test double's recording end) until
 * {@link #insertLayer} puts a layer under the protocol (STARTTLS), and that layer from then on.
 * So a reference the protocol (or its producer) took before TLS started keeps writing through
 * TLS, never around it. This is the one implementation of that rule: the reactor's stream
 * connections (whose subclasses {@link TcpConnection.End} and {@link UnixConnection.End} add the
 * socket's own options, which always reach the socket) and the test doubles
 * {@code StringTransport} and {@code MemoryPipe} all route through it.
 *
 * <p>Half-close passes to the top if it can half-close ({@link HalfCloseableTransport}: the
 * bottom, or a policy's wrapper); under a layer that cannot (TLS) it is refused, since a FIN under
 * it would cut its stream without its own goodbye. A connection takes one layer.
 *
 * <p><b>Threading:</b> the bottom's: the reactor thread for a real connection (the bottom and the
 * layer check it), the test's thread for a double.
 */
public class ProtocolEnd implements HalfCloseableTransport {

    /**
     * What a {@link ProtocolEnd} stands on: the transport that faces the socket (or plays it)
     * and can put a layer under the protocol.
     */
    public interface Bottom extends Transport {
        /**
         * Builds the layer around the protocol facing the bottom, makes it face the bottom in the
         * protocol's place, calls {@link ProtocolEnd#layerInserted} and then connects it.
         *
         * @param builder builds the layer
         * @param <L> the layer's type
         * @return the layer, connected
         * @throws IllegalStateException if the connection is closing (or not connected)
         */
        <L extends ProtocolLayer> L insertUnderProtocol(LayerBuilder<L> builder);

        /**
         * Throws {@link WrongThreadException} off the owning thread; a double checks nothing.
         *
         * @param what the operation, for the message
         */
        void checkThread(String what);
    }

    private final Bottom bottom;
    /** Where the protocol's requests go: the bottom, or the layer inserted under the protocol. */
    private Transport top;

    /**
     * Creates the end a protocol holds.
     *
     * @param bottom the transport it stands on
     */
    public ProtocolEnd(Bottom bottom) {
        this.bottom = Objects.requireNonNull(bottom, "bottom");
        this.top = bottom;
    }

    /**
     * Called by the bottom once {@code layer} faces it, before the layer connects.
     *
     * @param layer the layer now under the protocol
     */
    public final void layerInserted(ProtocolLayer layer) {
        top = Objects.requireNonNull(layer, "layer");
    }

    /**
     * Whether a layer is under the protocol.
     *
     * @return true once {@link #insertLayer} has put one in
     */
    public final boolean layered() {
        return top != bottom;
    }

    /**
     * Puts the layer {@code builder} builds under the protocol, through the bottom.
     *
     * @throws IllegalStateException if a layer is already there, or the bottom refuses
     */
    @Override
    public final <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        bottom.checkThread("Transport.insertLayer");
        Objects.requireNonNull(builder, "builder");
        if (layered()) {
            throw new IllegalStateException(bottom + " already has a layer under its protocol (" + top
                    + "); a connection takes one");
        }
        return bottom.insertUnderProtocol(builder);
    }

    @Override
    public void write(byte[] data) {
        top.write(data);
    }

    @Override
    public void write(ByteBuffer data) {
        top.write(data);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        top.writeSequence(data);
    }

    @Override
    public void loseConnection() {
        top.loseConnection();
    }

    @Override
    public void loseConnection(Throwable reason) {
        top.loseConnection(reason);
    }

    @Override
    public void abortConnection() {
        top.abortConnection();
    }

    @Override
    public Address getPeer() {
        return top.getPeer();
    }

    @Override
    public Address getHost() {
        return top.getHost();
    }

    @Override
    public long bufferedBytes() {
        return top.bufferedBytes();
    }

    @Override
    public boolean isClosing() {
        return top.isClosing();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        top.registerProducer(producer, streaming);
    }

    @Override
    public void unregisterProducer() {
        top.unregisterProducer();
    }

    @Override
    public void pauseProducing() {
        top.pauseProducing();
    }

    @Override
    public void resumeProducing() {
        top.resumeProducing();
    }

    @Override
    public void stopProducing() {
        top.stopProducing();
    }

    /**
     * Half-closes through the top, or refuses once a layer that cannot half-close (TLS) is under
     * the protocol.
     *
     * @throws IllegalStateException under such a layer
     */
    @Override
    public void loseWriteConnection() {
        if (top instanceof HalfCloseableTransport half) {
            half.loseWriteConnection();
        } else {
            bottom.checkThread("Transport.loseWriteConnection");
            throw new IllegalStateException("half-close is not supported through " + top + "; use loseConnection()");
        }
    }

    @Override
    public String toString() {
        return layered() ? bottom + " through " + top : bottom.toString();
    }
}
