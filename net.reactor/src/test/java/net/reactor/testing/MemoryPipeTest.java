package net.reactor.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.ClientFactory;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Connector;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.ReactorOptions;
import net.reactor.TCPTransport;
import net.reactor.WriteBufferFullException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MemoryPipeTest {
    private final Clock clock = new Clock();
    /** Both protocols' events, in the order they happened. */
    private final List<String> log = new ArrayList<>();

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    /** Logs every event under a name; hooks let a test act on them. */
    class Peer extends Protocol {
        final String name;
        final StringBuilder received = new StringBuilder();
        final List<Integer> sizes = new ArrayList<>();
        final List<Throwable> reasons = new ArrayList<>();
        Runnable onMade = () -> {};
        Consumer<String> onData = data -> {};

        Peer(String name) {
            this.name = name;
        }

        @Override
        public void connectionMade() {
            log.add(name + " made");
            onMade.run();
        }

        @Override
        public void dataReceived(byte[] data) {
            String text = new String(data, US_ASCII);
            received.append(text);
            sizes.add(data.length);
            log.add(name + " got " + text);
            onData.accept(text);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            reasons.add(reason);
            log.add(name + " lost " + reason.getClass().getSimpleName());
        }

        void send(String text) {
            transport().write(b(text));
        }
    }

    /** A peer that keeps a connection open after one direction closes. */
    class HalfPeer extends Peer implements HalfCloseableProtocol {
        HalfPeer(String name) {
            super(name);
        }

        @Override
        public void readConnectionLost() {
            log.add(name + " readConnectionLost");
        }

        @Override
        public void writeConnectionLost() {
            log.add(name + " writeConnectionLost");
        }
    }

    private final Peer client = new Peer("client");
    private final Peer server = new Peer("server");

    @Test
    void connectMakesTheServerConnectionFirstAndPumpsUntilQuiet() {
        client.onMade = () -> client.send("hello");
        server.onData = data -> server.send("echo " + data);
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);

        assertThat(log).containsExactly("server made", "client made", "server got hello", "client got echo hello");
        assertThat(client.transport()).isSameAs(pipe.client());
        assertThat(server.transport()).isSameAs(pipe.server());
        assertThat(pipe.client().protocol()).isSameAs(client);
        assertThat(pipe.client().getPeer()).isEqualTo(pipe.server().getHost()).isEqualTo(MemoryPipe.DEFAULT_SERVER_ADDRESS);
        assertThat(pipe.server().getPeer()).isEqualTo(MemoryPipe.DEFAULT_CLIENT_ADDRESS);
        assertThat(new String(pipe.client().written(), US_ASCII)).isEqualTo("hello");
        assertThatThrownBy(() -> pipe.connect(new Peer("a"), new Peer("b"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nothingMovesFromInsideWriteAndAStepMovesEachDirectionOnce() {
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        server.onData = data -> server.send("echo " + data);
        client.send("one");
        assertThat(server.received).isEmpty();
        assertThat(pipe.client().queued()).isEqualTo(3);

        assertThat(pipe.step()).isTrue();
        assertThat(server.received).hasToString("one");
        assertThat(client.received).as("the answer waits for the next step").isEmpty();
        assertThat(pipe.step()).isTrue();
        assertThat(client.received).hasToString("echo one");
        assertThat(pipe.step()).isFalse();

        client.send("two");
        server.send("three");
        assertThat(pipe.client().deliver()).isTrue();
        assertThat(server.received).hasToString("onetwo");
        assertThat(client.received).as("the other direction did not move").hasToString("echo one");
        pipe.pump();
        assertThat(client.received).hasToString("echo onethreeecho two");
    }

    @Test
    void byDefaultReadsAreUpToTheReadBufferSizeAndAPolicyCanSplitThemOtherwise() {
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        client.send("x".repeat(100_000));
        client.send("y".repeat(50_000));
        pipe.pump();
        assertThat(server.sizes).containsExactly(65_536, 65_536, 18_928);

        pipe.options(ReactorOptions.defaults().withReadBufferSize(1024));
        server.sizes.clear();
        client.send("z".repeat(2500));
        pipe.pump();
        assertThat(server.sizes).containsExactly(1024, 1024, 452);

        pipe.delivery(DeliveryPolicy.upTo(4));
        server.sizes.clear();
        client.send("abcdefghij");
        pipe.pump();
        assertThat(server.sizes).containsExactly(4, 4, 2);

        pipe.delivery(DeliveryPolicy.BYTE_AT_A_TIME);
        server.sizes.clear();
        client.send("abc");
        pipe.pump();
        assertThat(server.sizes).containsExactly(1, 1, 1);

        pipe.delivery(DeliveryPolicy.IDENTITY);
        server.sizes.clear();
        client.send("ab");
        client.transport().writeSequence(List.of(b("cd"), b("e")));
        pipe.pump();
        assertThat(server.sizes).as("a writeSequence is one write").containsExactly(2, 3);
    }

    @Test
    void theReceiverOwnsWhatItIsGiven() {
        byte[] shared = b("abc");
        Protocol scribbler = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                Arrays.fill(data, (byte) '!');
            }
        };
        MemoryPipe pipe = MemoryPipe.create(clock).delivery(DeliveryPolicy.IDENTITY).connect(client, scribbler);
        client.transport().write(shared);
        pipe.pump();
        assertThat(shared).isEqualTo(b("abc"));
    }

    @Test
    void aPausedEndReceivesNothingUntilItResumes() {
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        server.onData = data -> {
            if (data.contains("pause")) {
                server.transport().pauseProducing();
            }
        };
        client.send("a");
        client.send("pause");
        client.send("b");
        pipe.delivery(DeliveryPolicy.IDENTITY).pump();
        assertThat(server.received).hasToString("apause");
        assertThat(pipe.server().isReadPaused()).isTrue();
        client.send("c");
        pipe.pump();
        assertThat(server.received).hasToString("apause");
        assertThat(pipe.client().queued()).isEqualTo(2);

        server.transport().resumeProducing();
        pipe.pump();
        assertThat(server.received).hasToString("apausebc");
    }

    /** A push producer that records pauses and resumes and writes when told. */
    final class Pusher implements PushProducer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseProducing() {
            calls.add("pause");
        }

        @Override
        public void resumeProducing() {
            calls.add("resume");
        }

        @Override
        public void stopProducing() {
            calls.add("stop");
        }
    }

    @Test
    void aStreamingProducerIsPausedAboveTheHighWaterMarkAndResumedWhenTheBufferDrains() {
        MemoryPipe pipe = MemoryPipe.create(clock)
                .options(ReactorOptions.defaults().withWaterMarks(10, 0))
                .connect(client, server);
        Pusher pusher = new Pusher();
        client.transport().registerProducer(pusher, true);
        client.send("0123456789");
        assertThat(pusher.calls).as("at the mark, not above it").isEmpty();
        client.send("!");
        assertThat(pusher.calls).containsExactly("pause");
        assertThat(pipe.client().isProducerPaused()).isTrue();
        pipe.pump();
        assertThat(pusher.calls).containsExactly("pause", "resume");
        assertThat(server.received).hasToString("0123456789!");
        client.transport().unregisterProducer();
        assertThat(pipe.client().producer()).isNull();
    }

    @Test
    void aLowWaterMarkResumesAProducerBeforeTheBufferIsEmpty() {
        MemoryPipe pipe = MemoryPipe.create(clock)
                .options(ReactorOptions.defaults().withWaterMarks(4, 2))
                .delivery(DeliveryPolicy.BYTE_AT_A_TIME)
                .connect(client, server);
        Pusher pusher = new Pusher();
        client.transport().registerProducer(pusher, true);
        server.onData = data -> log.add("producer " + pusher.calls);
        client.send("abcde");
        pipe.pump();
        assertThat(log).containsSubsequence("producer [pause]", "producer [pause]", "producer [pause, resume]");
        assertThat(log.stream().filter(e -> e.equals("producer [pause]")).count())
                .as("resumed once 2 bytes were left, after the third byte").isEqualTo(3);
    }

    @Test
    void aPullProducerIsAskedForMoreEachTimeItsDataIsDeliveredAndACloseWaitsForIt() {
        int[] sent = {0};
        PullProducer producer = new PullProducer() {
            @Override
            public void resumeProducing() {
                if (sent[0] < 3) {
                    client.send("part" + sent[0]++ + ";");
                } else {
                    client.transport().unregisterProducer();
                }
            }

            @Override
            public void stopProducing() {
                log.add("stopProducing");
            }
        };
        client.onMade = () -> {
            client.transport().registerProducer(producer, false);
            client.transport().loseConnection(); // happens once the producer is done
        };
        MemoryPipe pipe = MemoryPipe.create(clock).delivery(DeliveryPolicy.IDENTITY).connect(client, server);
        assertThat(server.sizes).hasSize(3);
        assertThat(server.received).hasToString("part0;part1;part2;");
        assertThat(pipe.isClosed()).isTrue();
        assertThat(log).endsWith("server lost ConnectionDoneException", "client lost ConnectionDoneException")
                .doesNotContain("stopProducing");
    }

    @Test
    void writingPastTheCapAbortsTheConnection() {
        MemoryPipe pipe = MemoryPipe.create(clock)
                .options(ReactorOptions.defaults().withMaxBufferedBytes(8))
                .connect(client, server);
        client.send("12345678");
        client.send("9");
        assertThat(client.transport().isClosing()).isTrue();
        pipe.pump();
        assertThat(server.received).isEmpty();
        assertThat(client.reasons).singleElement().isInstanceOf(WriteBufferFullException.class);
        assertThat(server.reasons).singleElement().isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void aCloseDeliversWhatWasWrittenThenEndsBothEndsServerFirst() {
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        client.send("last words");
        client.transport().loseConnection();
        client.send(", still sent");
        assertThat(client.transport().isClosing()).isTrue();
        server.send("not read by a closing end");
        Deferred<@Nullable Void> closed = pipe.whenClosed();
        pipe.pump();
        assertThat(server.received).hasToString("last words, still sent");
        assertThat(client.received).isEmpty();
        assertThat(log).endsWith("server lost ConnectionDoneException", "client lost ConnectionDoneException");
        assertThat(closed.peek()).isEqualTo(Outcome.success(null));
        assertThat(pipe.whenClosed().called()).isTrue();
        assertThat(pipe.client().isDisconnected()).isTrue();
        assertThat(pipe.client().lostReasons()).singleElement().isInstanceOf(ConnectionDoneException.class);
        client.send("dropped");
        assertThat(pipe.client().queued()).isZero();
    }

    @Test
    void aCloseWithAReasonGivesItToTheClosingEnd() {
        IllegalStateException why = new IllegalStateException("protocol violation");
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        server.transport().loseConnection(why);
        pipe.pump();
        assertThat(server.reasons).containsExactly(why);
        assertThat(client.reasons).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void anAbortDropsTheBufferAndEndsTheConnectionAtTheNextStep() {
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        client.send("never delivered");
        client.transport().abortConnection();
        client.send("dropped too");
        assertThat(client.reasons).as("not from inside abortConnection").isEmpty();
        pipe.pump();
        assertThat(server.received).isEmpty();
        assertThat(client.reasons).singleElement().isInstanceOf(ConnectionAbortedException.class);
        assertThat(server.reasons).singleElement().isInstanceOf(ConnectionLostException.class);
        assertThat(log).endsWith("server lost ConnectionLostException", "client lost ConnectionAbortedException");
    }

    @Test
    void aHalfCloseLetsAHalfCloseablePeerAnswerBeforeItCloses() {
        HalfPeer asker = new HalfPeer("client");
        HalfPeer answerer = new HalfPeer("server");
        asker.onMade = () -> {
            asker.send("question");
            ((TCPTransport) asker.transport()).loseWriteConnection();
            asker.send("dropped: the writing half is closed");
        };
        MemoryPipe pipe = MemoryPipe.create(clock).connect(asker, answerer);
        assertThat(log).containsSubsequence(
                "server got question", "client writeConnectionLost", "server readConnectionLost");
        assertThat(pipe.isClosed()).isFalse();

        answerer.send("answer");
        answerer.transport().loseConnection();
        pipe.pump();
        assertThat(asker.received).hasToString("answer");
        assertThat(answerer.received).hasToString("question");
        assertThat(log).endsWith("client got answer", "server lost ConnectionDoneException", "client readConnectionLost");
        asker.transport().loseConnection();
        pipe.pump();
        assertThat(log).endsWith("client lost ConnectionDoneException");
    }

    @Test
    void aHalfCloseEndsTheConnectionOfAPeerThatIsNotHalfCloseable() {
        HalfPeer asker = new HalfPeer("client");
        MemoryPipe pipe = MemoryPipe.create(clock).connect(asker, server);
        ((TCPTransport) asker.transport()).loseWriteConnection();
        pipe.pump();
        assertThat(log).endsWith("client writeConnectionLost", "server lost ConnectionDoneException",
                "client readConnectionLost");
        assertThat(pipe.isClosed()).as("the half-closeable end closes when it will").isFalse();
        asker.transport().loseConnection();
        pipe.pump();
        assertThat(log).endsWith("client lost ConnectionDoneException");
        assertThat(pipe.isClosed()).isTrue();
    }

    @Test
    void aHalfCloseablePeerOfAClosedConnectionReadsItsEndAndMayNotWriteIntoIt() {
        HalfPeer half = new HalfPeer("client");
        MemoryPipe pipe = MemoryPipe.create(clock).connect(half, server);
        server.transport().loseConnection();
        pipe.pump();
        assertThat(log).endsWith("server lost ConnectionDoneException", "client readConnectionLost");
        half.send("into the void");
        pipe.pump();
        assertThat(log).endsWith("client lost ConnectionLostException");
        assertThat(server.received).isEmpty();
    }

    @Test
    void aHandlerThatThrowsEndsTheConnectionAndTheCallThatRanItThrows() {
        IllegalArgumentException bad = new IllegalArgumentException("cannot parse garbage");
        server.onData = data -> {
            throw bad;
        };
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        Deferred<@Nullable Void> closed = pipe.whenClosed();
        client.send("garbage");
        assertThatThrownBy(pipe::pump).isSameAs(bad);
        assertThat(server.reasons).containsExactly(bad);
        assertThat(client.reasons).singleElement().isInstanceOf(ConnectionLostException.class)
                .satisfies(r -> assertThat(r.getCause()).isSameAs(bad));
        assertThat(pipe.errors()).containsExactly(bad);
        assertThat(closed.peek()).isInstanceOf(Outcome.Failed.class);
        closed.addErrback(f -> null); // observed
        pipe.pump(); // nothing more to report
    }

    @Test
    void aFailingConnectionMadeStillLetsThePeerConnectFirst() {
        IllegalStateException bad = new IllegalStateException("refused");
        server.onMade = () -> {
            throw bad;
        };
        MemoryPipe pipe = MemoryPipe.create(clock);
        assertThatThrownBy(() -> pipe.connect(client, server)).isSameAs(bad);
        assertThat(log).containsExactly("server made", "client made",
                "server lost IllegalStateException", "client lost ConnectionLostException");
    }

    @Test
    void autoPumpingMovesWritesOnTheNextTurnOfTheClockAndThrowsNothing() {
        IllegalArgumentException bad = new IllegalArgumentException("boom");
        server.onData = data -> {
            if (data.equals("boom")) {
                throw bad;
            }
        };
        MemoryPipe pipe = MemoryPipe.create(clock).autoPump(true).connect(client, server);
        client.send("later");
        assertThat(server.received).isEmpty();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        client.send(" and more");
        assertThat(clock.getDelayedCalls()).as("one pump is enough").hasSize(1);
        clock.advance(Duration.ZERO);
        assertThat(server.received).hasToString("later and more");

        client.send("boom");
        clock.advance(Duration.ZERO);
        assertThat(pipe.errors()).containsExactly(bad);
        assertThat(pipe.isClosed()).isTrue();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void autoPumpingRunsOnAMemoryReactorsClock() {
        MemoryReactor reactor = new MemoryReactor();
        MemoryPipe pipe = MemoryPipe.create(reactor).autoPump(true).connect(client, server);
        client.send("hi");
        reactor.advance(Duration.ZERO);
        assertThat(server.received).hasToString("hi");
        assertThat(pipe.isClosed()).isFalse();
    }

    @Test
    void aPumpRunsTheCallsDueNowAndTheExecutorsTasks() throws Exception {
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        clock.callLater(Duration.ZERO, () -> client.send("from a timer;"));
        clock.callLater(Duration.ofSeconds(1), () -> client.send("not yet"));
        Thread other = Thread.ofPlatform().start(() -> pipe.reactorExecutor().execute(() -> client.send("from a thread;")));
        other.join();
        pipe.pump();
        assertThat(server.received).hasToString("from a thread;from a timer;");

        Thread late = Thread.ofPlatform().unstarted(() -> pipe.reactorExecutor().execute(() -> client.send("late")));
        clock.callLater(Duration.ZERO, late::start);
        pipe.pumpUntil(() -> server.received.toString().endsWith("late"), Duration.ofSeconds(30));
        assertThatThrownBy(() -> pipe.pumpUntil(() -> false, Duration.ZERO)).isInstanceOf(AssertionError.class);
    }

    @Test
    void droppingTheConnectionEndsBothEndsWithTheReason() {
        ConnectionLostException cut = new ConnectionLostException("cable cut");
        MemoryPipe pipe = MemoryPipe.create(clock).connect(client, server);
        client.send("lost with the connection");
        pipe.dropConnection(cut);
        assertThat(server.received).isEmpty();
        assertThat(client.reasons).containsExactly(cut);
        assertThat(server.reasons).containsExactly(cut);

        Peer a = new Peer("a");
        Peer z = new Peer("z");
        MemoryPipe.create(clock).connect(a, z).dropConnection();
        assertThat(a.reasons).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(z.reasons).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThatThrownBy(() -> MemoryPipe.create(clock).dropConnection()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEndReportsTheEndOfTheConnectionToItsFactoryAfterTheProtocol() {
        List<Connector> connectors = new ArrayList<>();
        ClientFactory factory = new ClientFactory() {
            @Override
            public Protocol buildProtocol(net.reactor.Address address) {
                return client;
            }

            @Override
            public void clientConnectionLost(Connector connector, Throwable reason) {
                connectors.add(connector);
                log.add("factory lost " + reason.getClass().getSimpleName());
            }
        };
        MemoryPipe pipe = MemoryPipe.create(clock);
        pipe.client().reportTo(factory);
        pipe.connect(client, server);
        client.transport().loseConnection();
        pipe.pump();
        assertThat(log).endsWith("client lost ConnectionDoneException", "factory lost ConnectionDoneException");
        assertThat(connectors).singleElement().satisfies(c -> {
            assertThat(c.getDestination()).isEqualTo(MemoryPipe.DEFAULT_SERVER_ADDRESS);
            assertThatThrownBy(c::connect).isInstanceOf(UnsupportedOperationException.class);
        });
    }

    @Test
    void aRegisteredProducerIsStoppedBeforeConnectionLost() {
        Pusher pusher = new Pusher();
        server.onMade = () -> {
            server.transport().registerProducer(pusher, true);
            server.transport().loseConnection();
        };
        Protocol watcher = new Peer("client") {
            @Override
            public void connectionLost(Throwable reason) {
                super.connectionLost(reason);
            }
        };
        MemoryPipe.create(clock).connect(watcher, server);
        assertThat(pusher.calls).containsExactly("stop");
        assertThatThrownBy(() -> server.transport().registerProducer(new Pusher(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesAreSetBeforeConnecting() {
        net.reactor.UNIXAddress here = new net.reactor.UNIXAddress(null);
        MemoryPipe pipe = MemoryPipe.create(clock).addresses(here, here).connect(client, server);
        assertThat(client.transport().getPeer()).isEqualTo(here);
        assertThatThrownBy(() -> pipe.addresses(here, here)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MemoryPipe.create(clock).connect(client, client)).isInstanceOf(IllegalArgumentException.class);
    }
}
