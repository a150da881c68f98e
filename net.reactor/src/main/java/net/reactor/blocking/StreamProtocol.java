package net.reactor.blocking;

import java.util.function.Consumer;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Protocol;
import net.reactor.PushProducer;

/**
 * The reactor side of a {@link BlockingConnection}: hands received bytes and connection events
 * to it, and, registered as the transport's streaming producer, tells it when the transport's
 * write buffer passes its high-water mark. Half-closeable, so a peer's end of output is an
 * end of stream for the reader, not the end of the connection.
 *
 * <p><b>Threading:</b> reactor thread, as every protocol.
 */
final class StreamProtocol extends Protocol implements HalfCloseableProtocol, PushProducer {
    private final BlockingConnection connection;
    private final Consumer<BlockingConnection> onConnected;

    StreamProtocol(BlockingConnection connection, Consumer<BlockingConnection> onConnected) {
        this.connection = connection;
        this.onConnected = onConnected;
    }

    BlockingConnection connection() {
        return connection;
    }

    @Override
    public void connectionMade() {
        connection.made(transport(), this);
        onConnected.accept(connection);
    }

    @Override
    public void dataReceived(byte[] data) {
        connection.received(data);
    }

    @Override
    public void readConnectionLost() {
        connection.peerShutOutput();
    }

    @Override
    public void writeConnectionLost() {
        // Our own half-close completed; the reader goes on.
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        connection.lost(reason);
    }

    @Override
    public void pauseProducing() {
        connection.pauseWriting();
    }

    @Override
    public void resumeProducing() {
        connection.resumeWriting();
    }

    @Override
    public void stopProducing() {
        // The transport is going away; connectionLost follows and ends the streams.
    }
}
