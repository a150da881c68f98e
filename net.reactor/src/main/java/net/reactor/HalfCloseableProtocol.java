package net.reactor;

/**
 * Implemented by a {@link Protocol} that wants to keep a connection open after one direction
 * closes. Without it, the peer's end-of-stream closes the whole connection.
 *
 * <p><b>Threading:</b> both events fire on the reactor thread.
 */
public interface HalfCloseableProtocol {

    /** Fired when the peer has closed its writing half: no more data will arrive. */
    void readConnectionLost();

    /** Fired when this side's writing half was closed by {@link TCPTransport#loseWriteConnection()}. */
    void writeConnectionLost();
}
