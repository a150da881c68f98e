package net.protocols.policies;

import static net.protocols.policies.Recording.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.protocols.policies.Recording.RecordingClientFactory;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class TimeoutFactoryTest {
    private final Clock clock = new Clock();
    private final RecordingClientFactory inner = new RecordingClientFactory();
    private final TimeoutFactory factory = new TimeoutFactory(inner, clock, Duration.ofSeconds(3));
    private final StringTransport transport = new StringTransport();
    private final TimeoutProtocol wrapper = (TimeoutProtocol) factory.buildProtocol(StringTransport.DEFAULT_PEER);

    @Test
    void idleConnectionIsClosedWithAnIdleTimeout() {
        transport.connect(wrapper);
        clock.advance(Duration.ofMillis(2900));
        assertThat(transport.isDisconnecting()).isFalse();
        clock.advance(Duration.ofMillis(200));
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(transport.closeReason())
                .isInstanceOf(IdleTimeoutException.class)
                .isInstanceOf(net.reactor.ConnectionDoneException.class);
        assertThat(((IdleTimeoutException) transport.closeReason()).timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void trafficInEitherDirectionRestartsTheTimer() {
        transport.connect(wrapper);
        clock.advance(Duration.ofSeconds(2));
        wrapper.dataReceived(b("in"));
        clock.advance(Duration.ofSeconds(2));
        inner.built.get(0).transport().write(b("out"));
        clock.advance(Duration.ofSeconds(2));
        inner.built.get(0).transport().writeSequence(java.util.List.of(b("o"), b("ut")));
        clock.advance(Duration.ofSeconds(2));
        assertThat(transport.isDisconnecting()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(transport.isDisconnecting()).isTrue();
    }

    @Test
    void lostConnectionCancelsTheTimer() {
        transport.connect(wrapper);
        transport.deliverConnectionLost();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void theWrappedProtocolCanChangeOrCancelItsTimeout() {
        transport.connect(wrapper);
        wrapper.setTimeout(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        assertThat(transport.isDisconnecting()).isFalse();
        wrapper.cancelTimeout();
        assertThat(wrapper.timeoutPeriod()).isNull();
        clock.advance(Duration.ofHours(1));
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void defaultsToThirtyMinutes() {
        assertThat(new TimeoutFactory(inner, clock).timeoutPeriod()).isEqualTo(Duration.ofMinutes(30));
    }
}
