package net.protocols.policies;

import static net.protocols.policies.Recording.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.protocols.policies.Recording.Pushy;
import net.protocols.policies.Recording.RecordingClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import net.reactor.testing.StringTransport.ProducerState;
import org.junit.jupiter.api.Test;

class ThrottlingFactoryTest {
    private final Clock clock = new Clock();
    private final RecordingClientFactory inner = new RecordingClientFactory();

    private static StringTransport connect(ThrottlingFactory factory) {
        Protocol p = factory.buildProtocol(StringTransport.DEFAULT_PEER);
        StringTransport t = new StringTransport();
        t.connect(p);
        return t;
    }

    @Test
    void refusesConnectionsOverTheMaximumUntilOneEnds() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 2);
        StringTransport first = connect(factory);
        connect(factory);
        assertThat(factory.connectionCount()).isEqualTo(2);
        assertThat(factory.buildProtocol(StringTransport.DEFAULT_PEER)).isNull();
        first.deliverConnectionLost();
        assertThat(factory.connectionCount()).isEqualTo(1);
        assertThat(factory.buildProtocol(StringTransport.DEFAULT_PEER)).isNotNull();
    }

    @Test
    void readsOverTheLimitPauseEveryTransportUntilTheAverageIsBack() {
        // Twisted's test_readLimit: limit 10 B/s, 20 bytes read.
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10, ThrottlingFactory.UNLIMITED);
        StringTransport a = connect(factory);
        StringTransport b = connect(factory);
        ProtocolWrapper wa = factory.protocols().iterator().next();
        wa.dataReceived(b("0123456789"));
        wa.dataReceived(b("0123456789"));
        assertThat(factory.readThisSecond()).isEqualTo(20);

        clock.advance(Duration.ofMillis(1050));
        assertThat(factory.readThisSecond()).isZero();
        assertThat(a.producerState()).isEqualTo(ProducerState.PAUSED);
        assertThat(b.producerState()).isEqualTo(ProducerState.PAUSED);

        clock.advance(Duration.ofMillis(1050));
        assertThat(a.producerState()).isEqualTo(ProducerState.PRODUCING);
        assertThat(b.producerState()).isEqualTo(ProducerState.PRODUCING);
        assertThat(inner.built.get(0).events).containsExactly("made", "data:0123456789", "data:0123456789");
    }

    @Test
    void readsUnderTheLimitAreNotThrottled() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10, ThrottlingFactory.UNLIMITED);
        StringTransport a = connect(factory);
        factory.protocols().iterator().next().dataReceived(b("0123456789"));
        clock.advance(Duration.ofMillis(1050));
        assertThat(a.producerState()).isEqualTo(ProducerState.PRODUCING);
    }

    @Test
    void writesOverTheLimitPauseTheRegisteredStreamingProducer() {
        // Twisted's test_writeLimit.
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, ThrottlingFactory.UNLIMITED, 10);
        connect(factory);
        net.reactor.Transport seen = inner.built.get(0).transport();
        Pushy producer = new Pushy();
        seen.registerProducer(producer, true);
        seen.write(b("0123456789"));
        seen.writeSequence(java.util.List.of(b("01234"), b("56789")));
        assertThat(factory.writtenThisSecond()).isEqualTo(20);

        clock.advance(Duration.ofMillis(1050));
        assertThat(factory.writtenThisSecond()).isZero();
        assertThat(producer.paused).isTrue();

        clock.advance(Duration.ofMillis(1050));
        assertThat(producer.paused).isFalse();
    }

    @Test
    void aProtocolPauseOutlastsTheThrottle() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10, ThrottlingFactory.UNLIMITED);
        StringTransport a = connect(factory);
        net.reactor.Transport seen = inner.built.get(0).transport();
        factory.protocols().iterator().next().dataReceived(b("x".repeat(30)));
        clock.advance(Duration.ofMillis(1050)); // throttled for 2 s
        seen.pauseProducing();
        seen.resumeProducing(); // the protocol resumes while throttled: still paused
        assertThat(a.producerState()).isEqualTo(ProducerState.PAUSED);
        seen.pauseProducing();
        clock.advance(Duration.ofSeconds(2)); // throttle over, but the protocol still pauses
        assertThat(a.producerState()).isEqualTo(ProducerState.PAUSED);
        seen.resumeProducing();
        assertThat(a.producerState()).isEqualTo(ProducerState.PRODUCING);
    }

    @Test
    void timersStopWhenTheLastConnectionEnds() {
        ThrottlingFactory factory = new ThrottlingFactory(inner, clock, 10, 10, 10);
        StringTransport a = connect(factory);
        factory.protocols().iterator().next().dataReceived(b("x".repeat(50)));
        clock.advance(Duration.ofMillis(1050));
        assertThat(clock.getDelayedCalls()).isNotEmpty();
        a.deliverConnectionLost(new ConnectionDoneException("bye"));
        assertThat(clock.getDelayedCalls()).isEmpty();
    }
}
