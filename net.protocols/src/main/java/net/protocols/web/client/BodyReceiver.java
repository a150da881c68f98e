package net.protocols.web.client;

import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * Receives a response body handed to {@link Response#deliverBody(BodyReceiver)} (the protocol
 * Twisted's {@code Response.deliverBody} connects). All three methods are called on the reactor
 * thread, in order: {@link #bodyStarted} once, {@link #dataReceived} for each piece, then
 * {@link #bodyFinished} once.
 */
public interface BodyReceiver {
    /**
     * The body starts: {@code producer} pauses and resumes reading from the connection (flow
     * control for a slow receiver) and {@code stopProducing} abandons the body, closing the
     * connection.
     *
     * @param producer controls the flow of this body
     */
    default void bodyStarted(PushProducer producer) {}

    /**
     * A piece of the body, after any transfer coding was removed.
     *
     * @param data the bytes, the receiver's to keep
     */
    void dataReceived(byte[] data);

    /**
     * The body ended.
     *
     * @param error null when the body is complete (its length reached, its last chunk read, or —
     *     for a body delimited by the close of the connection — the connection closed); otherwise
     *     why it is incomplete: {@link ResponseFailedException} (the connection ended early),
     *     {@link MalformedResponseException} (bad chunk framing), or what the producer's
     *     {@code stopProducing} was for
     */
    void bodyFinished(@Nullable Throwable error);
}
