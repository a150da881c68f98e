package net.protocols.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.protocols.policies.Recording.RecordingProtocol;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class ProtocolTimeoutTest {
    private final Clock clock = new Clock();
    private int timeouts;
    private final ProtocolTimeout timeout = new ProtocolTimeout(clock, () -> timeouts++);

    @Test
    void firesOnceThePeriodPasses() {
        timeout.setTimeout(Duration.ofSeconds(2));
        clock.pump(java.util.List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500)));
        assertThat(timeouts).isZero();
        clock.advance(Duration.ofMillis(500));
        assertThat(timeouts).isEqualTo(1);
        assertThat(timeout.isRunning()).isFalse();
    }

    @Test
    void resetTimeoutPostponesIt() {
        timeout.setTimeout(Duration.ofSeconds(2));
        clock.advance(Duration.ofMillis(1500));
        timeout.resetTimeout();
        clock.advance(Duration.ofMillis(1500));
        assertThat(timeouts).isZero();
        clock.advance(Duration.ofMillis(500));
        assertThat(timeouts).isEqualTo(1);
    }

    @Test
    void nullCancelsIt() {
        timeout.setTimeout(Duration.ofSeconds(2));
        timeout.setTimeout(null);
        clock.advance(Duration.ofSeconds(10));
        assertThat(timeouts).isZero();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void setTimeoutReturnsThePreviousPeriodAndMovesTheRunningTimer() {
        assertThat(timeout.setTimeout(Duration.ofSeconds(5))).isNull();
        clock.advance(Duration.ofSeconds(4));
        assertThat(timeout.setTimeout(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        assertThat(timeouts).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(timeouts).isEqualTo(1);
        assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void resetAfterExpiryDoesNothingUntilANewTimeoutIsSet() {
        timeout.setTimeout(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        timeout.resetTimeout();
        clock.advance(Duration.ofSeconds(5));
        assertThat(timeouts).isEqualTo(1);
        timeout.setTimeout(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(timeouts).isEqualTo(2);
    }

    @Test
    void closingTimeoutClosesTheConnectionWithAnIdleTimeout() {
        RecordingProtocol p = new RecordingProtocol();
        StringTransport t = new StringTransport();
        t.connect(p);
        ProtocolTimeout closing = ProtocolTimeout.closing(clock, p);
        closing.setTimeout(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(t.closeReason()).isInstanceOf(IdleTimeoutException.class);
    }
}
