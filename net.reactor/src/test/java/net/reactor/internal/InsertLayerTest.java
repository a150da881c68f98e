package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.PushProducer;
import net.reactor.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Transport#insertLayer} on a real connection, TCP and UNIX ({@link Transports}): the neutral hook STARTTLS uses, here
 * with a layer that upper-cases what the protocol writes and records what it is told.
 */
class InsertLayerTest {

    /** Upper-cases outgoing text; records the events and requests it sees. */
    static final class ShoutingLayer extends ProtocolLayer {
        final List<String> seen = new ArrayList<>();
        long received;
        Transport below;

        ShoutingLayer(Protocol protocol) {
            super(protocol);
        }

        @Override
        public void connectionMade() {
            below = transport();
            seen.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            received += data.length;
            super.dataReceived(data);
        }

        @Override
        public void write(byte[] data) {
            super.write(new String(data, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void loseConnection() {
            seen.add("loseConnection");
            super.loseConnection();
        }

        @Override
        public void pauseProducing() {
            seen.add("pause");
            super.pauseProducing();
        }

        @Override
        public void adoptProducer(Producer producer, boolean streaming, boolean paused) {
            seen.add("adopt " + streaming + " " + paused);
            super.adoptProducer(producer, streaming, paused);
        }
    }

    /** A push producer that only counts. */
    static final class Idle implements PushProducer {
        int stops;

        @Override
        public void pauseProducing() {}

        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {
            stops++;
        }
    }

    /** Connects a recorder to an echo server and waits for it; returns the client. */
    private static ReactorFixture.Recorder connected(ReactorFixture f,
            ReactorFixture.Prepared<ReactorFixture.Recorder> clients) throws Exception {
        f.run(() -> f.connect(f.serve(Factory.forProtocol(ReactorFixture.Echo::new)), clients));
        return await(clients.firstBuilt.thenCompose(p -> p.made));
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aLayerInsertedMidConnectionSeesEverythingAfterAndAnEarlierReferenceWritesThroughIt(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport).start()) {
            ReactorFixture.Prepared<ReactorFixture.Recorder> clients = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            ReactorFixture.Recorder client = connected(f, clients);
            CompletableFuture<byte[]> before = f.call(() -> client.receivedAtLeast(6));
            f.run(() -> client.transport().write("plain ".getBytes(StandardCharsets.US_ASCII)));
            assertThat(await(before)).asString(StandardCharsets.US_ASCII).isEqualTo("plain ");

            ShoutingLayer layer = f.call(() -> {
                Transport earlier = client.transport(); // taken before the layer went in
                ShoutingLayer l = earlier.insertLayer((protocol, time, reactorExecutor) -> new ShoutingLayer(protocol));
                earlier.write("loud".getBytes(StandardCharsets.US_ASCII));
                return l;
            });
            CompletableFuture<byte[]> after = f.call(() -> client.receivedAtLeast(10));

            assertThat(await(after)).asString(StandardCharsets.US_ASCII).isEqualTo("plain LOUD");
            f.run(() -> {
                assertThat(layer.wrappedProtocol()).isSameAs(client);
                assertThat(layer.below).isInstanceOf(transport.transportType()).isNotSameAs(client.transport());
                assertThat(layer.received).isEqualTo(4);
                assertThat(layer.seen).containsExactly("made");
                client.transport().loseConnection();
                assertThat(layer.seen).containsExactly("made", "loseConnection");
            });
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            f.run(() -> assertThat(client.lostCount).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void theProducerAndThePauseTheProtocolHadSetMoveToTheLayer(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport).start()) {
            ReactorFixture.Prepared<ReactorFixture.Recorder> clients = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            ReactorFixture.Recorder client = connected(f, clients);
            Idle producer = new Idle();
            ShoutingLayer layer = f.call(() -> {
                Transport t = client.transport();
                t.registerProducer(producer, true);
                t.pauseProducing();
                ShoutingLayer l = t.insertLayer((protocol, time, reactorExecutor) -> new ShoutingLayer(protocol));
                t.unregisterProducer(); // reaches the layer, which passed the producer back down
                t.registerProducer(new Idle(), true); // so the socket has room for another
                return l;
            });

            f.run(() -> {
                assertThat(layer.seen).containsExactly("made", "pause", "adopt true false");
                client.transport().unregisterProducer();
                client.transport().loseConnection();
            });
            await(client.lost);
            f.run(() -> assertThat(producer.stops).as("the unregistered producer is not stopped").isZero());
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aConnectionTakesOneLayerAndNoneOnceClosing(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport).start()) {
            ReactorFixture.Prepared<ReactorFixture.Recorder> clients = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            ReactorFixture.Recorder client = connected(f, clients);
            f.run(() -> {
                ShoutingLayer layer = client.transport().insertLayer((p, t, e) -> new ShoutingLayer(p));
                assertThatThrownBy(() -> client.transport().insertLayer((p, t, e) -> new ShoutingLayer(p)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already has a layer");
                assertThatThrownBy(() -> layer.insertLayer((p, t, e) -> new ShoutingLayer(p)))
                        .as("a layer asking for one under itself")
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> ((net.reactor.HalfCloseableTransport) client.transport()).loseWriteConnection())
                        .as("half-close under a layer that cannot half-close")
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("half-close is not supported through");
            });
            assertThatThrownBy(() -> client.transport().insertLayer((p, t, e) -> new ShoutingLayer(p)))
                    .isInstanceOf(WrongThreadException.class);

            ReactorFixture.Prepared<ReactorFixture.Recorder> others = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            ReactorFixture.Recorder closing = connected(f, others);
            f.run(() -> {
                closing.transport().loseConnection();
                assertThatThrownBy(() -> closing.transport().insertLayer((p, t, e) -> new ShoutingLayer(p)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closing");
                client.transport().loseConnection();
            });
            await(closing.lost);
            await(client.lost);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void theConnectorDisconnectsThroughTheLayer(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport).start()) {
            ReactorFixture.Prepared<ReactorFixture.Recorder> clients = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            CompletableFuture<Connector> connector = new CompletableFuture<>();
            f.run(() -> connector.complete(f.connect(f.serve(Factory.forProtocol(ReactorFixture.Echo::new)), clients)));
            ReactorFixture.Recorder client = await(clients.firstBuilt.thenCompose(p -> p.made));
            ShoutingLayer layer = f.call(() -> client.transport().insertLayer((p, t, e) -> new ShoutingLayer(p)));

            f.run(() -> connector.join().disconnect());

            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            f.run(() -> assertThat(layer.seen).containsExactly("made", "loseConnection"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void theLayerGetsTheReactorsClock(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport).start()) {
            ReactorFixture.Recorder client = connected(f, new ReactorFixture.Prepared<>(ReactorFixture.Recorder::new));
            CompletableFuture<String> fired = new CompletableFuture<>();
            f.run(() -> client.transport().insertLayer((protocol, time, reactorExecutor) -> {
                assertThat(time).isSameAs(f.reactor);
                reactorExecutor.execute(() -> fired.complete(Thread.currentThread().getName()));
                return new ShoutingLayer(protocol);
            }));

            assertThat(await(fired)).isEqualTo(f.thread().getName());
            f.run(() -> client.transport().loseConnection());
            await(client.lost);
        }
    }
}
