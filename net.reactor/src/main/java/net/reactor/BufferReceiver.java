package net.reactor;

/**
 * Implemented by a {@link Protocol} that can consume received bytes in place, without the copy
 * into a fresh array that {@link Protocol#dataReceived} costs: the opt-in read path for bulk
 * protocols (an echo, a proxy, a framing receiver that copies only the frames it delivers).
 *
 * <p>When the protocol facing a TCP or UNIX socket implements this interface, the reactor calls
 * {@link #bufferReceived} <em>instead of</em> {@code dataReceived}, with a {@link ReadView} of
 * its own read buffer. The view is valid only during the call: every accessor throws
 * {@link IllegalStateException} once the call has returned, so a protocol cannot read bytes the
 * reactor has since overwritten with another connection's. Bytes the protocol needs later must be
 * copied out ({@link ReadView#getBytes}); bytes to send on are written with
 * {@link ReadView#writeTo}, which copies only what the socket does not take at once.
 *
 * <p>Transports that do not read into a buffer of their own (a TLS layer, process pipes, the test
 * doubles {@code StringTransport} and {@code MemoryPipe}) still call {@code dataReceived}; a
 * receiver therefore also implements {@code dataReceived}, usually as
 * {@code ReadView.deliver(data, this)}, so both paths run the same parsing code.
 *
 * <p><b>Threading:</b> called on the reactor thread, like every protocol event.
 */
public interface BufferReceiver {

    /**
     * Fired with bytes read from the socket, in order, instead of {@link Protocol#dataReceived}.
     * The receiver may read the view (and move its position) as it likes during the call; what
     * it leaves unread is gone, exactly as with {@code dataReceived}.
     *
     * @param data a view of the bytes read, valid until this method returns
     */
    void bufferReceived(ReadView data);
}
