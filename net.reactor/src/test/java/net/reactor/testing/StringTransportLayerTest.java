package net.reactor.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import net.reactor.ConnectionDoneException;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.PushProducer;
import net.reactor.Transport;
import org.junit.jupiter.api.Test;

/** {@link StringTransport#insertLayer}: a protocol can start a layer (TLS) on the test double. */
class StringTransportLayerTest {

    /** Wraps everything written in brackets, so the recording shows that the layer wrote it. */
    static final class Brackets extends ProtocolLayer {
        final List<String> seen = new ArrayList<>();

        Brackets(Protocol protocol) {
            super(protocol);
        }

        @Override
        public void write(byte[] data) {
            super.write(("[" + new String(data, UTF_8) + "]").getBytes(UTF_8));
        }

        @Override
        public void dataReceived(byte[] data) {
            seen.add("data " + new String(data, UTF_8));
            super.dataReceived(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            seen.add("lost");
            super.connectionLost(reason);
        }

        @Override
        public void pauseProducing() {
            seen.add("pause");
            super.pauseProducing();
        }

        @Override
        public void adoptProducer(Producer producer, boolean streaming, boolean paused) {
            seen.add("adopt");
            super.adoptProducer(producer, streaming, paused);
        }
    }

    private final StringTransport transport = new StringTransport();
    private final StringTransportTest.Recorder protocol = new StringTransportTest.Recorder();

    @Test
    void theProtocolsRequestsGoThroughTheLayerAndTheRecordingIsWhatTheLayerWrote() {
        transport.connect(protocol);
        protocol.transport().write("before".getBytes(UTF_8));
        Brackets layer = transport.insertLayer((p, time, reactorExecutor) -> new Brackets(p));

        protocol.transport().write("after".getBytes(UTF_8));
        transport.layer().dataReceived("ping".getBytes(UTF_8)); // the echo goes through the layer too

        assertThat(transport.layer()).isSameAs(layer);
        assertThat(layer.wrappedProtocol()).isSameAs(protocol);
        assertThat(protocol.transport()).as("the protocol keeps its transport").isSameAs(transport);
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("before[after][ping]");
        assertThat(layer.seen).containsExactly("data ping");
    }

    @Test
    void theLossReachesTheLayerThenTheProtocol() {
        transport.connect(protocol);
        Brackets layer = transport.insertLayer((p, time, reactorExecutor) -> new Brackets(p));

        protocol.transport().loseConnection();
        assertThat(transport.isDisconnecting()).isTrue();
        transport.deliverConnectionLost();

        assertThat(layer.seen).containsExactly("lost");
        assertThat(protocol.events).containsExactly("made", "lost");
        assertThat(protocol.reasons.getFirst()).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void thePauseAndTheProducerMoveToTheLayer() {
        transport.connect(protocol);
        PushProducer producer = new StringTransportTest.Push();
        protocol.transport().registerProducer(producer, true);
        protocol.transport().pauseProducing();

        Brackets layer = transport.insertLayer((p, time, reactorExecutor) -> new Brackets(p));

        assertThat(layer.seen).containsExactly("pause", "adopt");
        assertThat(transport.producer()).as("passed back down by the layer").isSameAs(producer);
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
    }

    @Test
    void theLayerKeepsTimeOnTheTransportsClockAndCannotHandWorkToOtherThreads() {
        transport.connect(protocol);
        List<String> fired = new ArrayList<>();
        transport.insertLayer((p, time, reactorExecutor) -> {
            time.callLater(Duration.ofSeconds(5), () -> fired.add("timeout"));
            assertThatThrownBy(() -> reactorExecutor.execute(() -> {}))
                    .isInstanceOf(RejectedExecutionException.class);
            return new Brackets(p);
        });

        transport.clock().advance(Duration.ofSeconds(5));

        assertThat(fired).containsExactly("timeout");
    }

    @Test
    void insertingNeedsAConnectedProtocolOneLayerAndAnOpenConnection() {
        assertThatThrownBy(() -> transport.insertLayer((p, time, reactorExecutor) -> new Brackets(p)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connect(protocol)");
        transport.connect(protocol);
        transport.insertLayer((p, time, reactorExecutor) -> new Brackets(p));
        assertThatThrownBy(() -> transport.insertLayer((p, time, reactorExecutor) -> new Brackets(p)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a layer");
        assertThatThrownBy(transport::loseWriteConnection)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("half-close");

        StringTransport closing = new StringTransport();
        closing.connect(new StringTransportTest.Recorder());
        closing.loseConnection();
        assertThatThrownBy(() -> closing.insertLayer((p, time, reactorExecutor) -> new Brackets(p)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closing");
    }

    @Test
    void withDisconnectionTheLayersCloseIsDeliveredAtOnce() {
        StringTransportWithDisconnection immediate = new StringTransportWithDisconnection();
        immediate.connect(protocol);
        Transport layer = immediate.insertLayer((p, time, reactorExecutor) -> new Brackets(p));

        protocol.transport().loseConnection();

        assertThat(protocol.events).containsExactly("made", "lost");
        assertThat(((Brackets) layer).seen).containsExactly("lost");
    }
}
