package net.protocols.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.protocols.tls.TLSException;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import org.junit.jupiter.api.Test;

/** The reason a TLS connection's protocol gets, for each close state. */
class LossReasonTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final ConnectionDoneException CLEAN = new ConnectionDoneException("Connection was closed cleanly.");
    private static final ConnectionLostException RESET = new ConnectionLostException("reset by peer");

    private static Throwable reason(CloseState state, boolean handshakeComplete, Throwable below) {
        return LossReason.of(state, handshakeComplete, null, null, 0, CLOSE_TIMEOUT, below);
    }

    @Test
    void aFailureWinsAndAnAbortReportsWhatTheTransportSaid() {
        TLSException failure = new TLSException("TLS handshake failed: bad certificate", null);
        assertThat(LossReason.of(CloseState.FAILED, false, new IllegalStateException("mine"), failure, 0, CLOSE_TIMEOUT,
                CLEAN)).isSameAs(failure);
        ConnectionAbortedException aborted = new ConnectionAbortedException("aborted locally");
        assertThat(reason(CloseState.ABORTED, true, aborted)).isSameAs(aborted);
    }

    @Test
    void duringTheHandshakeAHangUpIsNamedAsSuch() {
        assertThat(reason(CloseState.OPEN, false, CLEAN)).isInstanceOf(TLSException.class)
                .hasMessage("the peer closed the connection during the TLS handshake").hasCause(CLEAN);
        assertThat(reason(CloseState.OPEN, false, RESET)).isInstanceOf(TLSException.class)
                .hasMessage("the connection was lost during the TLS handshake: reset by peer");
        assertThat(reason(CloseState.CLOSE_NOTIFY_SENT, false, RESET)).as("we closed it ourselves")
                .isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void aRequestedCloseGivesTheRequestersReasonOrAClean() {
        IllegalStateException mine = new IllegalStateException("line too long");
        assertThat(LossReason.of(CloseState.CLOSED, true, mine, null, 0, CLOSE_TIMEOUT, CLEAN)).isSameAs(mine);
        assertThat(reason(CloseState.CLOSED, true, RESET)).as("close_notify exchanged, then a reset")
                .isInstanceOf(ConnectionDoneException.class);
        assertThat(reason(CloseState.CLOSING, true, RESET)).isSameAs(RESET);
        assertThat(reason(CloseState.CLOSE_NOTIFY_SENT, true, CLEAN)).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void aCloseThatTimedOutWithBytesUnsentSaysHowMany() {
        assertThat(LossReason.of(CloseState.CLOSE_TIMED_OUT, true, null, null, 1234, CLOSE_TIMEOUT, RESET))
                .isInstanceOf(ConnectionLostException.class)
                .hasMessage("TLS close timed out after PT5S with 1234 bytes unsent");
        assertThat(reason(CloseState.CLOSE_TIMED_OUT, true, RESET)).as("nothing unsent")
                .isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void thePeersCloseNotifyIsACleanEndAndItsAbsenceIsTruncation() {
        assertThat(reason(CloseState.PEER_CLOSED, true, CLEAN)).isSameAs(CLEAN);
        assertThat(reason(CloseState.PEER_CLOSED, true, RESET)).isInstanceOf(ConnectionDoneException.class);
        assertThat(reason(CloseState.OPEN, true, CLEAN)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("without a TLS close_notify");
        assertThat(reason(CloseState.OPEN, true, RESET)).isSameAs(RESET);
    }

    @Test
    void theStatesSayWhatTheyAllow() {
        assertThat(CloseState.OPEN.isOpen()).isTrue();
        assertThat(CloseState.CLOSING.isOpen()).isFalse();
        assertThat(CloseState.CLOSING.acceptsProducer()).isTrue();
        assertThat(CloseState.CLOSE_NOTIFY_SENT.acceptsProducer()).isFalse();
        assertThat(CloseState.PEER_CLOSED.closeNotifySent()).isTrue();
        assertThat(CloseState.PEER_CLOSED.closeRequested()).isFalse();
        assertThat(CloseState.CLOSING.closeNotifySent()).isFalse();
    }
}
