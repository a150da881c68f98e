package net.reactor.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.SocketType;
import org.junit.jupiter.api.Test;

class StringTransportTest {

    /** Echoes what it receives and records its events. */
    static class Recorder extends Protocol {
        final List<String> events = new ArrayList<>();
        final List<Throwable> reasons = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            events.add("lost");
            reasons.add(reason);
        }
    }

    private final StringTransport transport = new StringTransport();
    private final Recorder protocol = new Recorder();

    @Test
    void connectMakesTheConnection() {
        transport.connect(protocol);
        assertThat(protocol.events).containsExactly("made");
        assertThat(protocol.transport()).isSameAs(transport);
        assertThat(transport.protocol()).isSameAs(protocol);
        assertThatThrownBy(() -> transport.connect(new Recorder())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recordsWritesInOrderUntilCleared() {
        transport.write("ab".getBytes(UTF_8));
        transport.writeSequence(List.of("c".getBytes(UTF_8), "de".getBytes(UTF_8)));
        assertThat(transport.value()).isEqualTo("abcde".getBytes(UTF_8));
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("abcde");
        transport.clear();
        assertThat(transport.value()).isEmpty();
        transport.write("f".getBytes(UTF_8));
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("f");
    }

    @Test
    void writesAreCopied() {
        byte[] data = {1, 2, 3};
        transport.write(data);
        data[0] = 9;
        assertThat(transport.value()).containsExactly(1, 2, 3);
    }

    @Test
    void defaultAddressesAreTwisteds() {
        assertThat(transport.getHost()).isEqualTo(new IPv4Address(SocketType.TCP, "10.0.0.1", 12345));
        assertThat(transport.getPeer()).isEqualTo(new IPv4Address(SocketType.TCP, "192.168.1.1", 54321));
        IPv6Address host = new IPv6Address(SocketType.TCP, "::1", 80);
        IPv6Address peer = new IPv6Address(SocketType.TCP, "::2", 5000);
        StringTransport custom = new StringTransport(host, peer);
        assertThat(custom.getHost()).isEqualTo(host);
        assertThat(custom.getPeer()).isEqualTo(peer);
    }

    @Test
    void loseConnectionOnlyRecordsTheRequest() {
        transport.connect(protocol);
        transport.loseConnection();
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(transport.isDisconnected()).isFalse();
        assertThat(transport.isClosing()).isTrue();
        assertThat(transport.closeReason()).isInstanceOf(ConnectionDoneException.class);
        assertThat(protocol.events).containsExactly("made");
        assertThat(protocol.connected()).isTrue();
    }

    @Test
    void loseConnectionWithAReasonRecordsIt() {
        IllegalArgumentException reason = new IllegalArgumentException("line too long");
        transport.loseConnection(reason);
        transport.loseConnection();
        assertThat(transport.closeReason()).isSameAs(reason);
    }

    @Test
    void abortConnectionRecordsAnAbort() {
        transport.abortConnection();
        assertThat(transport.isDisconnected()).isTrue();
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(transport.closeReason()).isInstanceOf(ConnectionAbortedException.class);
    }

    @Test
    void writesAfterLoseConnectionAreStillRecorded() {
        transport.write("kept".getBytes(UTF_8));
        transport.loseConnection();
        transport.write(" and flushed".getBytes(UTF_8));
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("kept and flushed");
        assertThat(transport.droppedBytes()).isZero();
    }

    @Test
    void writesAfterAnAbortOrALostConnectionAreDroppedAndCounted() {
        transport.write("kept".getBytes(UTF_8));
        transport.abortConnection();
        transport.write("late".getBytes(UTF_8));
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("kept");
        assertThat(transport.droppedBytes()).isEqualTo(4);

        StringTransport lost = new StringTransport();
        lost.connect(new Recorder());
        lost.deliverConnectionLost();
        lost.write("gone".getBytes(UTF_8));
        assertThat(lost.value()).isEmpty();
        assertThat(lost.droppedBytes()).isEqualTo(4);
    }

    @Test
    void writesAfterHalfCloseAreDropped() {
        transport.loseWriteConnection();
        assertThat(transport.isWriteDisconnected()).isTrue();
        assertThat(transport.isClosing()).isFalse();
        transport.write("x".getBytes(UTF_8));
        assertThat(transport.value()).isEmpty();
        assertThat(transport.droppedBytes()).isEqualTo(1);
    }

    @Test
    void deliverConnectionLostUsesTheRecordedReasonExactlyOnce() {
        transport.connect(protocol);
        transport.loseConnection();
        transport.deliverConnectionLost();
        assertThat(protocol.events).containsExactly("made", "lost");
        assertThat(protocol.reasons).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(protocol.connected()).isFalse();
        assertThat(transport.isDisconnected()).isTrue();
        assertThat(transport.connectionLostDelivered()).isTrue();
        assertThatThrownBy(transport::deliverConnectionLost)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already delivered");
    }

    @Test
    void deliverConnectionLostWithoutACloseRequestMeansThePeerClosed() {
        transport.connect(protocol);
        transport.deliverConnectionLost();
        assertThat(protocol.reasons).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void deliverConnectionLostWithAnExplicitReason() {
        transport.connect(protocol);
        IllegalStateException reset = new IllegalStateException("reset by peer");
        transport.deliverConnectionLost(reset);
        assertThat(protocol.reasons).containsExactly(reset);
        assertThat(transport.closeReason()).isSameAs(reset);
    }

    @Test
    void deliverConnectionLostNeedsAConnectedProtocol() {
        assertThatThrownBy(transport::deliverConnectionLost)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connect(protocol)");
    }

    @Test
    void echoRoundTrip() {
        transport.connect(protocol);
        protocol.dataReceived("ping".getBytes(UTF_8));
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("ping");
    }

    static final class Push implements PushProducer {
        @Override
        public void pauseProducing() {}

        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {}
    }

    static final class Pull implements PullProducer {
        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {}
    }

    @Test
    void recordsTheRegisteredProducer() {
        Push push = new Push();
        transport.registerProducer(push, true);
        assertThat(transport.producer()).isSameAs(push);
        assertThat(transport.isStreaming()).isTrue();
        assertThatThrownBy(() -> transport.registerProducer(new Push(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already registered");
        transport.unregisterProducer();
        assertThat(transport.producer()).isNull();
        assertThat(transport.isStreaming()).isFalse();
        transport.unregisterProducer();
        Pull pull = new Pull();
        transport.registerProducer(pull, false);
        assertThat(transport.producer()).isSameAs(pull);
        assertThat(transport.isStreaming()).isFalse();
    }

    @Test
    void producerKindMustMatchTheStreamingFlag() {
        assertThatThrownBy(() -> transport.registerProducer(new Pull(), true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> transport.registerProducer(new Push(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(transport.producer()).isNull();
    }

    @Test
    void recordsPauseResumeAndStop() {
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        transport.pauseProducing();
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        transport.resumeProducing();
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        transport.stopProducing();
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.STOPPED);
        assertThatThrownBy(transport::resumeProducing).hasMessageContaining("stopped");
        assertThatThrownBy(transport::pauseProducing).hasMessageContaining("stopped");
    }

    @Test
    void pausingOrResumingAfterLoseConnectionIsAnErrorUnlessLenient() {
        transport.loseConnection();
        assertThatThrownBy(transport::pauseProducing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after loseConnection");
        assertThatThrownBy(transport::resumeProducing).isInstanceOf(IllegalStateException.class);

        StringTransport lenient = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        lenient.loseConnection();
        lenient.pauseProducing();
        assertThat(lenient.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        lenient.resumeProducing();
        assertThat(lenient.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
    }

    @Test
    void socketOptionsAreRemembered() {
        assertThat(transport.getTcpNoDelay()).isTrue();
        assertThat(transport.getTcpKeepAlive()).isFalse();
        transport.setTcpNoDelay(false);
        transport.setTcpKeepAlive(true);
        assertThat(transport.getTcpNoDelay()).isFalse();
        assertThat(transport.getTcpKeepAlive()).isTrue();
        assertThat(transport.bufferedBytes()).isZero();
    }

    @Test
    void withDisconnectionLoseConnectionDeliversByeOnce() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        t.connect(protocol);
        t.loseConnection();
        t.loseConnection();
        assertThat(protocol.events).containsExactly("made", "lost");
        assertThat(protocol.reasons).singleElement()
                .isInstanceOf(ConnectionDoneException.class)
                .satisfies(r -> assertThat(r).hasMessage("Bye."));
        t.abortConnection();
        assertThat(protocol.events).containsExactly("made", "lost");
    }

    @Test
    void withDisconnectionDeliversTheGivenReasonAndAborts() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        t.connect(protocol);
        IllegalArgumentException reason = new IllegalArgumentException("bad frame");
        t.loseConnection(reason);
        assertThat(protocol.reasons).containsExactly(reason);

        Recorder other = new Recorder();
        StringTransportWithDisconnection aborted = new StringTransportWithDisconnection();
        aborted.connect(other);
        aborted.abortConnection();
        assertThat(other.reasons).singleElement().isInstanceOf(ConnectionAbortedException.class);
    }

    @Test
    void withDisconnectionBeforeConnectOnlyRecords() {
        StringTransportWithDisconnection t = new StringTransportWithDisconnection();
        t.loseConnection();
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(t.connectionLostDelivered()).isFalse();
    }
}
