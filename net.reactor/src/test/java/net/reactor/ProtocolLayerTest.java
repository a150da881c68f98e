package net.reactor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/** The pass-through defaults of {@link ProtocolLayer} and {@link LayeringFactory}. */
class ProtocolLayerTest {

    static final class Events extends Protocol {
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data " + new String(data, UTF_8));
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            events.add("lost " + reason.getMessage());
        }
    }

    static final class PassThrough extends ProtocolLayer {
        PassThrough(Protocol protocol) {
            super(protocol);
        }
    }

    /** Holds the wrapped protocol back until told, as TLS does until its handshake completes. */
    static final class Holding extends ProtocolLayer {
        Holding(Protocol protocol) {
            super(protocol);
        }

        @Override
        protected void connectWrappedProtocol() {}

        void release() {
            super.connectWrappedProtocol();
        }
    }

    @Test
    void aLayerConnectsTheWrappedProtocolToItselfAndPassesEverythingThrough() {
        Events app = new Events();
        PassThrough layer = new PassThrough(app);
        StringTransport transport = new StringTransport();

        transport.connect(layer);
        layer.dataReceived("in".getBytes(UTF_8));
        app.transport().write("out".getBytes(UTF_8));
        app.transport().loseConnection();
        transport.deliverConnectionLost();

        assertThat(app.transport()).isSameAs(layer);
        assertThat(app.events).containsExactly("made", "data in", "lost Connection was closed cleanly.");
        assertThat(transport.valueAsString(UTF_8)).isEqualTo("out");
        assertThat(layer.getPeer()).isEqualTo(transport.getPeer());
        assertThat(layer.connected()).isFalse();
    }

    @Test
    void aLayerThatHoldsTheProtocolBackDoesNotTellItOfALossItNeverSawConnected() {
        Events app = new Events();
        Holding layer = new Holding(app);
        StringTransport transport = new StringTransport();
        transport.connect(layer);
        transport.deliverConnectionLost();
        assertThat(app.events).isEmpty();

        Events later = new Events();
        Holding released = new Holding(later);
        new StringTransport().connect(released);
        released.release();
        assertThat(later.events).containsExactly("made");
    }

    @Test
    void insertLayerThroughALayerGoesInNearestTheConnection() {
        Events app = new Events();
        PassThrough outer = new PassThrough(app);
        StringTransport transport = new StringTransport();
        transport.connect(outer);

        PassThrough inner = app.transport().insertLayer((protocol, time, reactorExecutor) -> new PassThrough(protocol));

        assertThat(inner.wrappedProtocol()).isSameAs(outer);
        assertThat(transport.layer()).isSameAs(inner);
        assertThat(app.events).as("the protocol is not connected again").containsExactly("made");
    }

    /** Records what a layering factory passes through. */
    static final class Outcomes extends ClientFactory {
        final List<String> events = new ArrayList<>();
        boolean refuse;

        @Override
        public @Nullable Protocol buildProtocol(Address address) {
            return refuse ? null : new Events();
        }

        @Override
        protected void startFactory() {
            events.add("start");
        }

        @Override
        protected void stopFactory() {
            events.add("stop");
        }

        @Override
        public void startedConnecting(Connector connector) {
            events.add("connecting");
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            events.add("failed");
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            events.add("lost");
        }
    }

    @Test
    void aLayeringFactoryWrapsWhatItsFactoryBuildsAndPassesItsEventsOn() {
        Outcomes inner = new Outcomes();
        LayeringFactory factory = new LayeringFactory(inner) {
            @Override
            protected ProtocolLayer wrap(Protocol protocol) {
                return new PassThrough(protocol);
            }
        };

        Protocol built = factory.buildProtocol(StringTransport.DEFAULT_PEER);
        inner.refuse = true;
        Protocol refused = factory.buildProtocol(StringTransport.DEFAULT_PEER);
        factory.doStart();
        factory.startedConnecting(null);
        factory.clientConnectionFailed(null, new ConnectionRefusedException("no"));
        factory.clientConnectionLost(null, new ConnectionDoneException("done"));
        factory.doStop();

        assertThat(built).isInstanceOf(PassThrough.class);
        assertThat(((ProtocolLayer) built).wrappedProtocol()).isInstanceOf(Events.class);
        assertThat(refused).isNull();
        assertThat(factory.wrappedFactory()).isSameAs(inner);
        assertThat(inner.events).containsExactly("start", "connecting", "failed", "lost", "stop");
    }
}
