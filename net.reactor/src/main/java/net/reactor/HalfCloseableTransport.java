package net.reactor;

/**
 * A {@link Transport} over a stream socket whose writing half can be closed on its own (Twisted's
 * {@code IHalfCloseableDescriptor} seen from the protocol): TCP ({@link TCPTransport}) and UNIX
 * domain sockets ({@link UNIXTransport}).
 *
 * <p><b>Threading:</b> reactor thread only, like every transport method.
 */
public interface HalfCloseableTransport extends Transport {

    /**
     * Closes the writing half after every queued byte is written (a FIN on TCP, {@code shutdown}
     * of the write side on a UNIX socket) while reading continues. A protocol implementing
     * {@link HalfCloseableProtocol} then gets {@link HalfCloseableProtocol#writeConnectionLost()};
     * any other protocol gets no event, and the connection stays open for reading until the peer
     * closes it or the protocol calls {@link #loseConnection()}, as in Twisted. Later writes are
     * dropped. A no-op once the connection is closing.
     *
     * @throws IllegalStateException if a layer that cannot half-close (TLS) is under the protocol
     */
    void loseWriteConnection();
}
