package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import net.reactor.HalfCloseableProtocol;
import net.reactor.HalfCloseableTransport;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import org.junit.jupiter.api.Test;

/**
 * What each end of a connection sees when it closes, half-closes or aborts, written once and run
 * over a real TCP connection and over {@link net.reactor.testing.MemoryPipe}: the in-memory pair
 * must tell each protocol the same story as the sockets do, or a protocol test could pass in
 * memory and fail on the network. Only what TCP makes deterministic is compared: each end's own
 * events, and what it had received by each of them.
 */
abstract class TransportContract {

    /** Connects the two protocols and lets the scenario run. */
    abstract void connect(End client, End server) throws Exception;

    /** Returns once every one of {@code ends} has lost its connection (failing, not hanging, if one does not). */
    abstract void awaitLost(End... ends) throws Exception;

    /** A protocol that records its events, with what it had received by then. */
    static class End extends Protocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final StringBuilder received = new StringBuilder();
        Runnable onMade = () -> {};
        Consumer<String> onData = data -> {};
        Runnable onReadConnectionLost = () -> {};

        @Override
        public void connectionMade() {
            events.add("made");
            onMade.run();
        }

        @Override
        public void dataReceived(byte[] data) {
            String text = new String(data, StandardCharsets.US_ASCII);
            received.append(text);
            onData.accept(text);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            events.add("lost " + reason.getClass().getSimpleName() + " having received '" + received + "'");
            lost.complete(reason);
        }

        void send(String text) {
            transport().write(text.getBytes(StandardCharsets.US_ASCII));
        }

        HalfCloseableTransport tcp() {
            return (HalfCloseableTransport) transport();
        }
    }

    /** An end that keeps its connection after one direction closes. */
    static class HalfEnd extends End implements HalfCloseableProtocol {
        @Override
        public void readConnectionLost() {
            events.add("readConnectionLost having received '" + received + "'");
            onReadConnectionLost.run();
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeConnectionLost");
        }
    }

    @Test
    void aCloseDeliversWhatWasWrittenEvenAfterItThenEndsBothEnds() throws Exception {
        End client = new End();
        End server = new End();
        client.onMade = () -> {
            client.send("before ");
            client.transport().loseConnection();
            client.send("after");
        };
        connect(client, server);
        awaitLost(client, server);
        assertThat(client.events).containsExactly("made", "lost ConnectionDoneException having received ''");
        assertThat(server.events).containsExactly("made", "lost ConnectionDoneException having received 'before after'");
    }

    @Test
    void aCloseWithAReasonGivesTheReasonToTheClosingEnd() throws Exception {
        IllegalStateException why = new IllegalStateException("a protocol violation");
        End client = new End();
        End server = new End();
        server.onData = data -> server.transport().loseConnection(why);
        client.onMade = () -> client.send("garbage");
        connect(client, server);
        awaitLost(client, server);
        assertThat(server.lost.join()).isSameAs(why);
        assertThat(client.events).containsExactly("made", "lost ConnectionDoneException having received ''");
    }

    @Test
    void anAbortIsAnUncleanEndForTheOtherEnd() throws Exception {
        End client = new End();
        End server = new End();
        server.onData = data -> server.transport().abortConnection();
        client.onMade = () -> client.send("x");
        connect(client, server);
        awaitLost(client, server);
        assertThat(server.events).containsExactly("made", "lost ConnectionAbortedException having received 'x'");
        assertThat(client.events).containsExactly("made", "lost " + abortSeenByPeer() + " having received ''");
    }

    /**
     * What the peer of an aborting end gets: an unclean end on TCP (the abort resets) and in
     * memory; a UNIX socket has no reset, so its peer reads a clean end of stream.
     */
    String abortSeenByPeer() {
        return "ConnectionLostException";
    }

    @Test
    void halfCloseableEndsAnswerAfterTheQuestionEnds() throws Exception {
        HalfEnd client = new HalfEnd();
        HalfEnd server = new HalfEnd();
        client.onMade = () -> {
            client.send("question");
            client.tcp().loseWriteConnection();
            client.send(" dropped: the writing half is closed");
        };
        server.onReadConnectionLost = () -> {
            server.send("answer");
            server.transport().loseConnection();
        };
        client.onReadConnectionLost = () -> client.transport().loseConnection();
        connect(client, server);
        awaitLost(client, server);
        assertThat(server.events).containsExactly("made", "readConnectionLost having received 'question'",
                "lost ConnectionDoneException having received 'question'");
        assertThat(client.events).containsExactly("made", "writeConnectionLost",
                "readConnectionLost having received 'answer'", "lost ConnectionDoneException having received 'answer'");
    }

    @Test
    void anEndThatCannotHalfCloseClosesAtTheEndOfTheStream() throws Exception {
        HalfEnd client = new HalfEnd();
        End server = new End();
        client.onMade = () -> {
            client.send("question");
            client.tcp().loseWriteConnection();
        };
        client.onReadConnectionLost = () -> client.transport().loseConnection();
        connect(client, server);
        awaitLost(client, server);
        assertThat(server.events).containsExactly("made", "lost ConnectionDoneException having received 'question'");
        assertThat(client.events).containsExactly("made", "writeConnectionLost", "readConnectionLost having received ''",
                "lost ConnectionDoneException having received ''");
    }

    @Test
    void aCloseWaitsForARegisteredPullProducerToUnregister() throws Exception {
        End client = new End();
        End server = new End();
        client.onMade = () -> {
            client.transport().registerProducer(new PullProducer() {
                int sent;

                @Override
                public void resumeProducing() {
                    if (sent < 3) {
                        client.send("part" + sent++ + ";");
                    } else {
                        client.transport().unregisterProducer();
                    }
                }

                @Override
                public void stopProducing() {
                    client.events.add("stopProducing");
                }
            }, false);
            client.transport().loseConnection();
        };
        connect(client, server);
        awaitLost(client, server);
        assertThat(client.events).containsExactly("made", "lost ConnectionDoneException having received ''");
        assertThat(server.events).containsExactly("made",
                "lost ConnectionDoneException having received 'part0;part1;part2;'");
    }
}
