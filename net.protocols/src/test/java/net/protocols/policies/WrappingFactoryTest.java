package net.protocols.policies;

import static net.protocols.policies.Recording.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.protocols.policies.Recording.HalfCloser;
import net.protocols.policies.Recording.PlainTransport;
import net.protocols.policies.Recording.Pushy;
import net.protocols.policies.Recording.RecordingClientFactory;
import net.protocols.policies.Recording.RecordingProtocol;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.TCPTransport;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class WrappingFactoryTest {

    private final RecordingClientFactory inner = new RecordingClientFactory();
    private final WrappingFactory factory = new WrappingFactory(inner);

    private ProtocolWrapper connect(net.reactor.Transport transport) {
        ProtocolWrapper wrapper = (ProtocolWrapper) factory.buildProtocol(StringTransport.DEFAULT_PEER);
        wrapper.makeConnection(transport);
        return wrapper;
    }

    @Test
    void wrapsEachProtocolAndTracksLiveWrappers() {
        StringTransport transport = new StringTransport();
        ProtocolWrapper wrapper = connect(transport);
        RecordingProtocol p = inner.built.get(0);
        assertThat(wrapper.wrappedProtocol()).isSameAs(p);
        assertThat(p.transport()).isSameAs(wrapper);
        assertThat(p.events).containsExactly("made");
        assertThat(factory.protocols()).containsExactly(wrapper);

        wrapper.dataReceived(b("hi"));
        p.transport().write(b("back"));
        assertThat(p.events).containsExactly("made", "data:hi");
        assertThat(transport.value()).isEqualTo(b("back"));

        ConnectionDoneException reason = new ConnectionDoneException("done");
        wrapper.connectionLost(reason);
        assertThat(p.events).endsWith("lost");
        assertThat(p.lostReason).isSameAs(reason);
        assertThat(factory.protocols()).isEmpty();
        assertThat(wrapper.connected()).isFalse();
        assertThat(p.connected()).isFalse();
    }

    @Test
    void refusesWhenTheWrappedFactoryRefuses() {
        inner.refuse = true;
        assertThat(factory.buildProtocol(StringTransport.DEFAULT_PEER)).isNull();
    }

    @Test
    void startsAndStopsTheWrappedFactory() {
        factory.doStart();
        factory.doStart();
        assertThat(inner.events).containsExactly("start");
        factory.doStop();
        assertThat(inner.events).containsExactly("start");
        factory.doStop();
        assertThat(inner.events).containsExactly("start", "stop");
    }

    @Test
    void passesClientEventsOn() {
        factory.startedConnecting(null);
        factory.clientConnectionFailed(null, new RuntimeException("refused"));
        factory.clientConnectionLost(null, new RuntimeException("gone"));
        assertThat(inner.events).containsExactly("startedConnecting", "failed:refused", "lost:gone");
    }

    @Test
    void requestsPassThroughToTheRealTransport() {
        StringTransport transport = new StringTransport();
        ProtocolWrapper wrapper = connect(transport);
        TCPTransport seen = (TCPTransport) inner.built.get(0).transport();

        Pushy producer = new Pushy();
        seen.registerProducer(producer, true);
        assertThat(transport.producer()).isSameAs(producer);
        assertThat(transport.isStreaming()).isTrue();
        seen.pauseProducing();
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        seen.resumeProducing();
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        seen.unregisterProducer();
        assertThat(transport.producer()).isNull();

        seen.setTcpNoDelay(false);
        assertThat(transport.getTcpNoDelay()).isFalse();
        seen.loseWriteConnection();
        assertThat(transport.isWriteDisconnected()).isTrue();
        assertThat(seen.getPeer()).isEqualTo(StringTransport.DEFAULT_PEER);
        assertThat(seen.getHost()).isEqualTo(StringTransport.DEFAULT_HOST);

        IllegalStateException why = new IllegalStateException("bad peer");
        assertThat(seen.isClosing()).isFalse();
        seen.loseConnection(why);
        assertThat(seen.isClosing()).isTrue();
        assertThat(transport.closeReason()).isSameAs(why);
        assertThat(wrapper.isClosing()).isTrue();
    }

    @Test
    void aPlainTransportIsSeenAsPlainAndStillGoesThroughTheWrapper() {
        PlainTransport plain = new PlainTransport();
        WrappingFactory counting = new WrappingFactory(inner) {
            @Override
            protected ProtocolWrapper wrap(net.reactor.Protocol protocol) {
                return new ProtocolWrapper(this, protocol) {
                    @Override
                    public void write(byte[] data) {
                        super.write(b("[" + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1) + "]"));
                    }
                };
            }
        };
        ProtocolWrapper wrapper = (ProtocolWrapper) counting.buildProtocol(StringTransport.DEFAULT_PEER);
        wrapper.makeConnection(plain);
        net.reactor.Transport seen = inner.built.get(0).transport();
        assertThat(seen).isNotInstanceOf(TCPTransport.class);
        seen.write(b("x"));
        seen.pauseProducing();
        seen.abortConnection();
        assertThat(plain.written.toString()).isEqualTo("[x]");
        assertThat(plain.requests).containsExactly("pause", "abort");
        assertThatThrownBy(wrapper::loseWriteConnection).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void halfCloseReachesAHalfCloseableProtocol() {
        WrappingFactory f = new WrappingFactory(Factory.forProtocol(HalfCloser::new));
        ProtocolWrapper wrapper = (ProtocolWrapper) f.buildProtocol(StringTransport.DEFAULT_PEER);
        StringTransport transport = new StringTransport();
        wrapper.makeConnection(transport);
        HalfCloser p = (HalfCloser) wrapper.wrappedProtocol();
        wrapper.readConnectionLost();
        wrapper.writeConnectionLost();
        assertThat(p.events).containsExactly("made", "readLost", "writeLost");
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void halfCloseClosesTheConnectionForAnyOtherProtocol() {
        StringTransport transport = new StringTransport();
        ProtocolWrapper wrapper = connect(transport);
        wrapper.readConnectionLost();
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(transport.closeReason()).isInstanceOf(ConnectionDoneException.class);
    }

    /** A layer that brackets what is written through it. */
    static final class Brackets extends net.reactor.ProtocolLayer {
        Brackets(net.reactor.Protocol protocol) {
            super(protocol);
        }

        @Override
        public void write(byte[] data) {
            super.write(b("[" + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1) + "]"));
        }
    }

    @Test
    void aWrappedProtocolCanInsertALayerWhichGoesInUnderTheWrapper() {
        StringTransport transport = new StringTransport();
        ProtocolWrapper wrapper = (ProtocolWrapper) factory.buildProtocol(StringTransport.DEFAULT_PEER);
        transport.connect(wrapper);
        RecordingProtocol p = inner.built.get(0);

        Brackets layer = p.transport().insertLayer((protocol, time, reactorExecutor) -> new Brackets(protocol));
        p.transport().write(b("x"));
        transport.layer().dataReceived(b("y"));

        assertThat(layer.wrappedProtocol()).as("the wrapper, which keeps seeing plaintext").isSameAs(wrapper);
        assertThat(transport.valueAsString(java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("[x]");
        assertThat(p.events).containsExactly("made", "data:y");
    }

    @Test
    void overAPlainTransportTheViewPassesInsertLayerDownToo() {
        PlainTransport plain = new PlainTransport();
        ProtocolWrapper wrapper = connect(plain);
        net.reactor.Transport seen = inner.built.get(0).transport();

        assertThatThrownBy(() -> seen.insertLayer((protocol, time, reactorExecutor) -> new Brackets(protocol)))
                .as("refused by the real transport, not by the view")
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(PlainTransport.class.getName());
        assertThat(wrapper.connected()).isTrue();
    }
}
