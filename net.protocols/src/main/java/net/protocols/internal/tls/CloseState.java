package net.protocols.internal.tls;

/**
 * Where one TLS connection stands in closing: one state instead of a handful of flags
 * (close requested, close_notify sent, received, timed out, aborted, failed, lost) whose
 * combinations had to be kept consistent by hand. {@link TLSConnection} moves it on; the reason
 * its protocol finally gets is {@link LossReason}'s function of it.
 *
 * <pre>
 * OPEN ─loseConnection─▶ CLOSING ─queued data out─▶ CLOSE_NOTIFY_SENT ─peer answers─▶ CLOSED
 *   │                       │                          └─close timeout─▶ CLOSE_TIMED_OUT
 *   └───────────────────────┴─peer's close_notify first─▶ PEER_CLOSED
 * FAILED (a TLS failure) and ABORTED (abortConnection) from any state before them;
 * LOST (the transport below ended) from every state, at the end.
 * </pre>
 */
enum CloseState {
    /** Nothing asked, nothing received: data flows both ways. */
    OPEN,
    /**
     * {@code loseConnection} was called: plaintext waiting for the handshake, and a producer
     * that holds the close, go out first, then close_notify.
     */
    CLOSING,
    /**
     * Our close_notify (or, before the handshake completed, an alert) is out; the peer's answer
     * is awaited under the close timeout, and read even while reading is paused.
     */
    CLOSE_NOTIFY_SENT,
    /** The peer answered our close_notify; the transport below is closing. */
    CLOSED,
    /** The peer's close_notify came first and ours answered it; the transport below is closing. */
    PEER_CLOSED,
    /** The peer did not answer our close_notify within the close timeout: aborted below. */
    CLOSE_TIMED_OUT,
    /** A TLS failure (the engine's, the handshake timeout, a peer that does not speak TLS). */
    FAILED,
    /** {@code abortConnection}: the transport below was aborted. */
    ABORTED,
    /** The transport below reported the end of the connection; nothing happens any more. */
    LOST;

    /**
     * Whether the protocol may still write (and the connection counts as not closing).
     *
     * @return true only while open
     */
    boolean isOpen() {
        return this == OPEN;
    }

    /**
     * Whether the protocol asked to close, so the reason it gets follows its request rather
     * than what the peer did.
     *
     * @return true from {@code loseConnection} on, through the close_notify exchange
     */
    boolean closeRequested() {
        return this == CLOSING || this == CLOSE_NOTIFY_SENT || this == CLOSED || this == CLOSE_TIMED_OUT;
    }

    /**
     * Whether our close_notify (or alert) has gone out: from then on the transport below must
     * keep reading (for the peer's answer), and no producer is registered there any more.
     *
     * @return true once it is out
     */
    boolean closeNotifySent() {
        return this == CLOSE_NOTIFY_SENT || this == CLOSED || this == PEER_CLOSED || this == CLOSE_TIMED_OUT;
    }

    /**
     * Whether a producer may still be registered with the transport below (the stand-in for
     * the protocol's): until close_notify goes out, a failure or an abort.
     *
     * @return true while open or closing
     */
    boolean acceptsProducer() {
        return this == OPEN || this == CLOSING;
    }
}
