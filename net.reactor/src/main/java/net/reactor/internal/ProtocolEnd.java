package net.reactor.internal;

import java.util.List;
import net.reactor.Address;
import net.reactor.LayerBuilder;
import net.reactor.Producer;
import net.reactor.ProtocolLayer;
import net.reactor.HalfCloseableTransport;
import net.reactor.Transport;

/**
 * The transport a stream connection's protocol holds: it passes each request to the top of the
 * connection, which is the {@link StreamConnection} itself until {@link #insertLayer} puts a layer
 * under the protocol (STARTTLS), and that layer from then on. So a reference the protocol (or its
 * producer) took before TLS started keeps writing through TLS, never around it. Socket options
 * always reach the socket: the subclass of each socket kind ({@link TcpConnection.End},
 * {@link UnixConnection.End}) adds them, so the protocol's transport is a {@code TCPTransport} or
 * a {@code UNIXTransport} as its socket is.
 *
 * <p><b>Threading:</b> reactor thread only; the connection and the layer check.
 */
abstract sealed class ProtocolEnd implements HalfCloseableTransport permits TcpConnection.End, UnixConnection.End {
    private final StreamConnection connection;
    /** Where the protocol's requests go: the connection, or the layer inserted under the protocol. */
    private Transport top;

    ProtocolEnd(StreamConnection connection) {
        this.connection = connection;
        this.top = connection;
    }

    /** Called by the connection once {@code layer} faces the socket, before it connects. */
    void layerInserted(ProtocolLayer layer) {
        top = layer;
    }

    @Override
    public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        if (top != connection) {
            return connection.insertLayer(builder); // checks the thread, then refuses a second layer
        }
        connection.checkThread("Transport.insertLayer");
        return connection.insertUnderProtocol(java.util.Objects.requireNonNull(builder, "builder"));
    }

    @Override
    public void write(byte[] data) {
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
     * Half-closes the socket, or refuses once a layer that cannot half-close (TLS) is under the
     * protocol: a FIN under it would cut its stream without its own goodbye.
     */
    @Override
    public void loseWriteConnection() {
        if (top instanceof HalfCloseableTransport half) {
            half.loseWriteConnection();
        } else {
            connection.checkThread("Transport.loseWriteConnection");
            throw new IllegalStateException("half-close is not supported through " + top
                    + "; use loseConnection()");
        }
    }

    @Override
    public String toString() {
        return top == connection ? connection.toString() : connection + " through " + top;
    }
}
