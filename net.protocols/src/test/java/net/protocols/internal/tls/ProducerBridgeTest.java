package net.protocols.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.Transport;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

/** The protocol's producer and its stand-in below, without an engine. */
class ProducerBridgeTest {

    static final class Events implements PushProducer, PullProducer {
        final List<String> events = new ArrayList<>();

        @Override
        public void pauseProducing() {
            events.add("pause");
        }

        @Override
        public void resumeProducing() {
            events.add("resume");
        }

        @Override
        public void stopProducing() {
            events.add("stop");
        }
    }

    /** A connection whose state the test sets. */
    static final class Connection implements ProducerBridge.Connection {
        final StringTransport below = new StringTransport();
        boolean plaintextWaiting;
        boolean acceptsWrites = true;
        boolean lost;
        int released;

        @Override
        public Transport below() {
            return below;
        }

        @Override
        public boolean plaintextWaiting() {
            return plaintextWaiting;
        }

        @Override
        public boolean acceptsWrites() {
            return acceptsWrites;
        }

        @Override
        public void producerReleased() {
            released++;
        }

        @Override
        public boolean lost() {
            return lost;
        }
    }

    private final Connection connection = new Connection();
    private final ProducerBridge bridge = new ProducerBridge(connection);
    private final Events producer = new Events();

    @Test
    void plaintextWaitingForTheHandshakeKeepsAStreamingProducerPaused() {
        bridge.register(producer, true, true);
        connection.plaintextWaiting = true;
        bridge.update();
        bridge.update();
        connection.plaintextWaiting = false;
        bridge.update();

        assertThat(producer.events).containsExactly("pause", "resume");
        assertThat(connection.released).isEqualTo(1);
        assertThat(connection.below.producer()).as("the stand-in").isNotNull().isNotSameAs(producer);
    }

    @Test
    void theTransportBelowPausesAndResumesItThroughTheStandIn() {
        bridge.register(producer, true, true);
        PushProducer standIn = (PushProducer) connection.below.producer();

        standIn.pauseProducing();
        assertThat(bridge.holdsClose()).as("a paused push producer holds the close").isTrue();
        standIn.resumeProducing();

        assertThat(producer.events).containsExactly("pause", "resume");
        assertThat(bridge.holdsClose()).isFalse();
    }

    @Test
    void anAdoptedProducerTheTransportHadPausedIsNotPausedAgainAndResumesWhenItDrains() {
        bridge.adopt(producer, true, true, true);
        assertThat(producer.events).isEmpty();
        assertThat(bridge.holdsClose()).isTrue();

        ((PushProducer) connection.below.producer()).resumeProducing();

        assertThat(producer.events).containsExactly("resume");
    }

    @Test
    void aPullProducerIsAskedForMoreOnlyWhileTheConnectionTakesWrites() {
        bridge.register(producer, false, true);
        PullProducer standIn = (PullProducer) connection.below.producer();
        standIn.resumeProducing();
        connection.acceptsWrites = false;
        standIn.resumeProducing();

        assertThat(producer.events).containsExactly("resume");
        assertThat(bridge.holdsClose()).as("a pull producer holds the close until it unregisters").isTrue();
        bridge.unregister();
        assertThat(connection.below.producer()).isNull();
        assertThat(bridge.holdsClose()).isFalse();
    }

    @Test
    void stoppingIsOnceAndARegistrationOnALostConnectionStopsAtOnce() {
        bridge.register(producer, true, false);
        assertThat(connection.below.producer()).as("no stand-in once close_notify is out").isNull();
        bridge.stop();
        bridge.stop();
        assertThat(producer.events).containsExactly("stop");

        ProducerBridge gone = new ProducerBridge(connection);
        connection.lost = true;
        Events late = new Events();
        gone.register(late, true, true);
        assertThat(late.events).containsExactly("stop");
        assertThat(gone.producer()).isNull();
    }

    @Test
    void registeringTwiceOrTheWrongKindIsRefused() {
        bridge.register(producer, true, true);
        assertThatThrownBy(() -> bridge.register(new Events(), true, true)).isInstanceOf(IllegalStateException.class);
        PushProducer pushOnly = new PushProducer() {
            @Override
            public void pauseProducing() {}

            @Override
            public void resumeProducing() {}

            @Override
            public void stopProducing() {}
        };
        assertThatThrownBy(() -> new ProducerBridge(connection).register(pushOnly, false, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
