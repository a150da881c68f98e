package net.protocols.web;

/**
 * Receives a request's body as it arrives, instead of the server collecting it whole: what a
 * {@link Resource} returns from {@link Resource#receiveBody(Request)} to stream an upload
 * (Twisted's {@code Request.handleContentChunk}, given to the resource).
 *
 * <p>The body's size limit ({@link HTTPServerOptions#maxBodySize()}) is enforced as the bytes
 * arrive: a chunked body that grows past it is refused with 413 and this receiver gets
 * {@link #bodyFailed}. The chunked framing is removed: {@link #dataReceived} sees only the body's
 * bytes. To slow the client down, call {@link Request#pauseBody()} and later
 * {@link Request#resumeBody()}.
 *
 * <p><b>Threading:</b> every method is called on the reactor thread, in order; exactly one of
 * {@link #bodyEnded()} and {@link #bodyFailed} ends the sequence.
 */
public interface RequestBodyReceiver {

    /**
     * Some of the body has arrived.
     *
     * @param data the bytes, a fresh array the receiver may keep
     */
    void dataReceived(byte[] data);

    /** The whole body has arrived (for a chunked body: the last chunk and any trailers). */
    void bodyEnded();

    /**
     * The body will not be completed: the client went away, stalled past the idle timeout, broke
     * the framing or sent more than the limit allows.
     *
     * @param reason an {@link HTTPRequestException} with the status the server answered (400,
     *     408, 413), or the connection's reason for closing
     */
    void bodyFailed(Throwable reason);
}
