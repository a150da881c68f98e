package net.protocols.internal.tls;

import java.time.Duration;
import net.protocols.tls.TLSException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import org.jspecify.annotations.Nullable;

/**
 * The reason a TLS connection's protocol gets in {@code connectionLost}, chosen from what
 * happened at both layers: the close state when the transport below ended, and the reason that
 * transport gave. A function and nothing else, so every case can be tested on its own.
 */
final class LossReason {
    private static final String CLEAN = "Connection was closed cleanly.";

    private LossReason() {}

    /**
     * Resolves the reason.
     *
     * @param state the close state just before the loss
     * @param handshakeComplete whether the handshake had completed
     * @param closeReason the reason given to {@code loseConnection(reason)}, or null
     * @param failure the TLS failure in state {@link CloseState#FAILED}
     * @param unsentAtCloseTimeout bytes still buffered below when the close timed out
     * @param closeTimeout the close timeout, for the message
     * @param below the reason the transport below gave
     * @return the reason for the protocol
     */
    static Throwable of(CloseState state, boolean handshakeComplete, @Nullable Throwable closeReason,
            @Nullable TLSException failure, long unsentAtCloseTimeout, Duration closeTimeout, Throwable below) {
        if (state == CloseState.FAILED && failure != null) {
            return failure;
        }
        if (state == CloseState.ABORTED) {
            return below;
        }
        if (!handshakeComplete) {
            if (state.closeRequested() || closeReason != null) {
                return closeReason != null ? closeReason : done();
            }
            if (below instanceof ConnectionDoneException) {
                // A clean close from below is the peer hanging up (a port scanner, a client that
                // gave up, a health check): its "closed cleanly" text would read as a contradiction.
                return new TLSException("the peer closed the connection during the TLS handshake", below);
            }
            return new TLSException("the connection was lost during the TLS handshake: " + below.getMessage(), below);
        }
        if (state.closeRequested()) {
            if (state == CloseState.CLOSE_TIMED_OUT && unsentAtCloseTimeout > 0) {
                return new ConnectionLostException("TLS close timed out after " + closeTimeout
                        + " with " + unsentAtCloseTimeout + " bytes unsent", below);
            }
            if (closeReason != null) {
                return closeReason;
            }
            return state == CloseState.CLOSED || state == CloseState.CLOSE_TIMED_OUT
                    || below instanceof ConnectionDoneException ? done() : below;
        }
        if (state == CloseState.PEER_CLOSED) {
            if (closeReason != null) {
                return closeReason; // asked to close after the peer's close_notify, with a reason
            }
            return below instanceof ConnectionDoneException ? below : done();
        }
        if (below instanceof ConnectionDoneException) {
            return new ConnectionLostException(
                    "the peer closed the connection without a TLS close_notify; the data may be truncated", below);
        }
        return below;
    }

    private static ConnectionDoneException done() {
        return new ConnectionDoneException(CLEAN);
    }
}
