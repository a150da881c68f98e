package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.reactor.ConnectionDoneException;
import net.reactor.HalfCloseableProtocol;
import net.reactor.ListeningPort;
import net.reactor.PushProducer;
import net.reactor.ReactorOptions;
import net.reactor.WriteBufferFullException;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Producers and consumers, water marks, the hard cap, and half-close over real sockets: TCP and UNIX ({@link Transports}). */
class FlowControlTest {
    private static final int CHUNK = 16 * 1024;

    /** A push producer writing CHUNK-sized pieces in each turn of the loop while not paused. */
    static class Firehose extends Recorder implements PushProducer {
        final long total;
        long sent;
        boolean paused;
        long maxBufferedWhenPaused;
        final CompletableFuture<Long> firstPause = new CompletableFuture<>();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        private final SelectReactor reactor;

        Firehose(SelectReactor reactor, long total) {
            this.reactor = reactor;
            this.total = total;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().registerProducer(this, true);
            produce();
        }

        private void produce() {
            if (paused || sent >= total || !connected()) {
                return;
            }
            int n = (int) Math.min(CHUNK, total - sent);
            sent += n;
            transport().write(new byte[n]);
            if (sent >= total) {
                transport().unregisterProducer();
                transport().loseConnection();
                return;
            }
            reactor.callLater(Duration.ZERO, this::produce);
        }

        @Override
        public void pauseProducing() {
            paused = true;
            events.add("pause");
            long b = transport().bufferedBytes();
            maxBufferedWhenPaused = Math.max(maxBufferedWhenPaused, b);
            firstPause.complete(b);
        }

        @Override
        public void resumeProducing() {
            events.add("resume");
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            events.add("stop");
        }
    }

    /** Counts bytes; starts with reading paused. */
    static final class SlowReader extends Recorder {
        long count;
        final CompletableFuture<Long> done = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().pauseProducing();
        }

        @Override
        public void dataReceived(byte[] data) {
            count += data.length;
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            done.complete(count);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void slowReaderPausesThePushProducerAndBufferStaysBounded(Transports transport) throws Exception {
        long total = 32L * 1024 * 1024;
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Firehose> server = new Prepared<>(() -> new Firehose(f.reactor, total));
            ListeningPort port = f.serve(server);
            Prepared<SlowReader> client = new Prepared<>(SlowReader::new);
            f.connect(port, client);
            f.start();
            Firehose hose = await(server.firstBuilt);
            long bufferedAtPause = await(hose.firstPause);
            // Paused as soon as the buffer passed the high-water mark, by at most one chunk.
            assertThat(bufferedAtPause).isGreaterThan(ReactorOptions.DEFAULT_HIGH_WATER_MARK)
                    .isLessThanOrEqualTo(ReactorOptions.DEFAULT_HIGH_WATER_MARK + CHUNK);
            assertThat(f.call(() -> hose.sent)).isLessThan(total);
            SlowReader reader = await(client.firstBuilt);
            f.run(() -> reader.transport().resumeProducing());
            assertThat(await(reader.done)).isEqualTo(total);
            assertThat(await(reader.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(f.call(() -> hose.maxBufferedWhenPaused))
                    .isLessThanOrEqualTo(ReactorOptions.DEFAULT_HIGH_WATER_MARK + CHUNK);
            assertThat(hose.events).contains("pause", "resume").doesNotContain("stop");
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void hardCapAbortsTheConnection(Transports transport) throws Exception {
        byte[] big = new byte[64 * 1024 * 1024];
        try (ReactorFixture f = new ReactorFixture(transport, ReactorOptions.defaults().withMaxBufferedBytes(1024 * 1024))) {
            Prepared<Recorder> server = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().write(big);
                }
            });
            ListeningPort port = f.serve(server);
            f.connect(port, new Prepared<>(SlowReader::new));
            f.start();
            assertThat(await(await(server.firstBuilt).lost)).isInstanceOf(WriteBufferFullException.class)
                    .hasMessageContaining("1048576");
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void loseConnectionWaitsForAPausedProducerToUnregister(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Firehose> server = new Prepared<>(() -> new Firehose(f.reactor, Long.MAX_VALUE) {
                @Override
                public void resumeProducing() {
                    if (transport().isClosing()) {
                        events.add("resumed while closing");
                        transport().write("last words".getBytes(StandardCharsets.US_ASCII));
                        transport().unregisterProducer();
                        return;
                    }
                    super.resumeProducing();
                }
            });
            ListeningPort port = f.serve(server);
            Prepared<SlowReader> client = new Prepared<>(SlowReader::new);
            f.connect(port, client);
            f.start();
            Firehose hose = await(server.firstBuilt);
            await(hose.firstPause);
            f.run(() -> hose.transport().loseConnection());
            SlowReader reader = await(client.firstBuilt);
            f.run(() -> reader.transport().resumeProducing());
            assertThat(await(hose.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(reader.lost)).isInstanceOf(ConnectionDoneException.class);
            long expected = f.call(() -> hose.sent) + "last words".length();
            assertThat(await(reader.done)).isEqualTo(expected);
            assertThat(hose.events).containsSubsequence("pause", "resumed while closing");
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void registeringTwoProducersIsRefused(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            ListeningPort port = f.serve(server);
            f.connect(port, new Prepared<>(Recorder::new));
            f.start();
            Recorder r = await(await(server.firstBuilt).made);
            PushProducer p = new PushProducer() {
                @Override
                public void pauseProducing() {}

                @Override
                public void resumeProducing() {}

                @Override
                public void stopProducing() {}
            };
            f.run(() -> {
                r.transport().registerProducer(p, true);
                assertThatThrownBy(() -> r.transport().registerProducer(p, true))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> {
                    r.transport().unregisterProducer();
                    r.transport().registerProducer(p, false);
                }).isInstanceOf(IllegalArgumentException.class);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void writeSequenceDeliversTheBuffersInOrder(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().writeSequence(List.of("ab".getBytes(StandardCharsets.US_ASCII), new byte[0],
                            "cd".getBytes(StandardCharsets.US_ASCII), "ef".getBytes(StandardCharsets.US_ASCII)));
                    transport().loseConnection();
                }
            });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(client.firstBuilt);
            await(c.lost);
            assertThat(new String(c.bytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdef");
        }
    }

    /**
     * Twisted's half-close flow: the client writes and half-closes (writeConnectionLost), the
     * server hears readConnectionLost, replies and closes, the client reads the reply and then
     * readConnectionLost, and both connections end with ConnectionDone.
     */
    @ParameterizedTest
    @EnumSource(Transports.class)
    void halfCloseBothWays(Transports transport) throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        class Server extends Recorder implements HalfCloseableProtocol {
            @Override
            public void readConnectionLost() {
                events.add("server readConnectionLost after " + new String(bytes(), StandardCharsets.US_ASCII));
                transport().write("reply".getBytes(StandardCharsets.US_ASCII));
                transport().loseConnection();
            }

            @Override
            public void writeConnectionLost() {
                events.add("server writeConnectionLost");
            }
        }
        class Client extends Recorder implements HalfCloseableProtocol {
            @Override
            public void connectionMade() {
                super.connectionMade();
                transport().write("hello".getBytes(StandardCharsets.US_ASCII));
                Transports.loseWriteConnection(transport());
                transport().write("dropped".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void writeConnectionLost() {
                events.add("client writeConnectionLost");
            }

            @Override
            public void readConnectionLost() {
                events.add("client readConnectionLost after " + new String(bytes(), StandardCharsets.US_ASCII));
                transport().loseConnection();
            }
        }
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Server> server = new Prepared<>(Server::new);
            ListeningPort port = f.serve(server);
            Prepared<Client> client = new Prepared<>(Client::new);
            f.connect(port, client);
            f.start();
            assertThat(await(await(client.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(await(server.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(events).containsSubsequence("client writeConnectionLost",
                    "server readConnectionLost after hello", "client readConnectionLost after reply");
            assertThat(events).doesNotContain("server writeConnectionLost");
        }
    }

    /** test_doubleHalfClose: half-close in readConnectionLost, then loseConnection in writeConnectionLost. */
    @ParameterizedTest
    @EnumSource(Transports.class)
    void doubleHalfCloseTerminates(Transports transport) throws Exception {
        class Listener extends Recorder implements HalfCloseableProtocol {
            @Override
            public void readConnectionLost() {
                Transports.loseWriteConnection(transport());
            }

            @Override
            public void writeConnectionLost() {
                transport().loseConnection();
            }
        }
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Listener> server = new Prepared<>(Listener::new);
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().loseConnection();
                }
            });
            f.connect(port, client);
            f.start();
            assertThat(await(await(server.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(await(await(client.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void peerEndOfStreamWithoutHalfCloseIsConnectionDone(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    Transports.loseWriteConnection(transport());
                }
            });
            f.connect(port, client);
            f.start();
            assertThat(await(await(server.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
            // The client kept its read side open and sees the server's clean close.
            assertThat(await(await(client.firstBuilt).lost)).isInstanceOf(ConnectionDoneException.class);
        }
    }
}
