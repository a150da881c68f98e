package net.protocols.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.LineReceiver;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.UNIXAddress;
import net.reactor.testing.Clock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LoopbackAsyncTest {
    private final Clock clock = new Clock();
    /** Shared log: the order of events across both protocols. */
    private final List<String> log = new ArrayList<>();

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A line protocol that logs under a name and runs a hook per line. */
    class Lines extends LineReceiver {
        final String name;
        final List<String> lines = new ArrayList<>();
        @Nullable Throwable reason;
        java.util.function.Consumer<String> onLine = line -> {};
        Runnable onMade = () -> {};

        Lines(String name) {
            this.name = name;
        }

        @Override
        public void connectionMade() {
            log.add(name + " made");
            onMade.run();
        }

        @Override
        protected void lineReceived(byte[] line) {
            String text = new String(line, StandardCharsets.ISO_8859_1);
            lines.add(text);
            log.add(name + " got " + text);
            onLine.accept(text);
        }

        @Override
        public void connectionLost(Throwable why) {
            reason = why;
            log.add(name + " lost");
            super.connectionLost(why);
        }

        void send(String line) {
            sendLine(b(line));
        }
    }

    @Test
    void exchangesLinesAndEndsBothSidesServerFirst() {
        Lines server = new Lines("server");
        server.onLine = line -> server.send("echo " + line);
        Lines client = new Lines("client");
        client.onMade = () -> {
            client.send("one");
            client.send("two");
        };
        client.onLine = line -> {
            if (line.equals("echo two")) {
                client.transport().loseConnection();
            }
        };
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);

        assertThat(done.peek()).isEqualTo(Outcome.success(null));
        assertThat(client.lines).containsExactly("echo one", "echo two");
        assertThat(log).containsExactly(
                "server made", "client made", "server got one", "server got two", "client got echo one",
                "client got echo two", "server lost", "client lost");
        assertThat(server.reason).isInstanceOf(ConnectionDoneException.class);
        assertThat(client.reason).isInstanceOf(ConnectionDoneException.class);
        assertThat(server.transport().getPeer()).isEqualTo(new UNIXAddress(null));
    }

    @Test
    void writesAreNeverDeliveredFromInsideWrite() {
        boolean[] writing = {false};
        boolean[] reentered = {false};
        Protocol server = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                reentered[0] |= writing[0];
                transport().loseConnection();
            }
        };
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                writing[0] = true;
                transport().write(b("x"));
                writing[0] = false;
            }
        };
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);
        assertThat(done.called()).isTrue();
        assertThat(reentered[0]).isFalse();
    }

    @Test
    void laterWritesArePumpedOnTheNextTurnOfTheClock() {
        Lines server = new Lines("server");
        server.onLine = line -> server.transport().loseConnection();
        Lines client = new Lines("client");
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);
        client.send("late"); // outside any pump: scheduled with callLater(0), not delivered now
        assertThat(server.lines).isEmpty();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        assertThat(done.called()).isFalse();
        clock.advance(Duration.ZERO);
        assertThat(server.lines).containsExactly("late");
        assertThat(done.called()).isTrue();
    }

    @Test
    void byteAtATimeDeliveryKeepsLinesIntact() {
        List<Integer> sizes = new ArrayList<>();
        Lines server = new Lines("server") {
            @Override
            public void dataReceived(byte[] data) {
                sizes.add(data.length);
                super.dataReceived(data);
            }
        };
        server.onLine = line -> {
            if (line.equals("bye")) {
                server.transport().loseConnection();
            }
        };
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write(b("hello\r\nsplit\r"));
                transport().write(b("\nbye\r\n"));
            }
        };
        Loopback.loopbackAsync(clock, server, client, PumpPolicy.BYTE_AT_A_TIME);
        assertThat(server.lines).containsExactly("hello", "split", "bye");
        assertThat(sizes).hasSize(19).containsOnly(1);
    }

    @Test
    void collapsingDeliversEverythingQueuedAtOnce() {
        List<String> chunks = new ArrayList<>();
        Protocol server = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                chunks.add(new String(data, StandardCharsets.ISO_8859_1));
            }
        };
        Protocol client = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write(b("a"));
                transport().write(b("b"));
                transport().writeSequence(List.of(b("c"), b("d")));
                transport().loseConnection();
            }
        };
        Loopback.loopbackAsync(clock, server, client, PumpPolicy.COLLAPSING);
        assertThat(chunks).containsExactly("abcd");
    }

    @Test
    void closeReasonsFollowTheClosingSide() {
        IllegalStateException why = new IllegalStateException("protocol violation");
        Lines server = new Lines("server");
        Lines client = new Lines("client");
        client.onMade = () -> {
            client.send("last words");
            client.transport().loseConnection(why);
            client.send("written after the close, still sent");
        };
        Loopback.loopbackAsync(clock, server, client);
        assertThat(server.lines).containsExactly("last words", "written after the close, still sent");
        assertThat(client.reason).isSameAs(why);
        assertThat(server.reason).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void abortDropsQueuedDataAndLosesBothSidesUncleanly() {
        Lines server = new Lines("server");
        Lines client = new Lines("client");
        client.onMade = () -> {
            client.send("never delivered");
            client.transport().abortConnection();
        };
        Loopback.loopbackAsync(clock, server, client);
        assertThat(server.lines).isEmpty();
        assertThat(client.reason).isInstanceOf(ConnectionAbortedException.class);
        assertThat(server.reason).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void aPausedReceiverGetsNothingUntilItResumes() {
        Lines server = new Lines("server");
        server.onLine = line -> {
            if (line.equals("pause")) {
                server.pauseProducing();
                clock.callLater(Duration.ofSeconds(5), server::resumeProducing);
            }
            if (line.equals("end")) {
                server.transport().loseConnection();
            }
        };
        Lines client = new Lines("client");
        client.onMade = () -> {
            client.send("a");
            client.send("pause");
            client.send("b");
        };
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);
        assertThat(server.lines).containsExactly("a", "pause");
        client.send("c");
        clock.advance(Duration.ZERO);
        assertThat(server.lines).containsExactly("a", "pause");
        clock.advance(Duration.ofSeconds(5));
        assertThat(server.lines).containsExactly("a", "pause", "b", "c");
        client.send("end");
        clock.advance(Duration.ZERO);
        assertThat(done.called()).isTrue();
    }

    @Test
    void aPullProducerIsAskedForMoreEachTimeItsDataIsDelivered() {
        List<String> received = new ArrayList<>();
        Protocol server = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                received.add(new String(data, StandardCharsets.ISO_8859_1));
            }
        };
        Protocol client = new Protocol() {
            int sent;

            @Override
            public void connectionMade() {
                transport().registerProducer((PullProducer) new PullProducer() {
                    @Override
                    public void resumeProducing() {
                        if (sent < 3) {
                            transport().write(b("chunk" + sent++));
                        } else {
                            transport().unregisterProducer();
                            transport().loseConnection();
                        }
                    }

                    @Override
                    public void stopProducing() {}
                }, false);
            }
        };
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);
        assertThat(received).containsExactly("chunk0", "chunk1", "chunk2");
        assertThat(done.called()).isTrue();
    }

    @Test
    void aCloseWaitsForARegisteredPullProducerToFinish() {
        List<String> received = new ArrayList<>();
        Protocol server = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                received.add(new String(data, StandardCharsets.ISO_8859_1));
            }
        };
        Protocol client = new Protocol() {
            int sent;

            @Override
            public void connectionMade() {
                transport().registerProducer((PullProducer) new PullProducer() {
                    @Override
                    public void resumeProducing() {
                        if (sent < 3) {
                            transport().write(b("part" + sent++));
                        } else {
                            transport().unregisterProducer();
                        }
                    }

                    @Override
                    public void stopProducing() {}
                }, false);
                transport().loseConnection(); // asked at once; happens once the producer is done
            }
        };
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);
        clock.advance(Duration.ZERO);
        assertThat(received).containsExactly("part0", "part1", "part2");
        assertThat(done.called()).isTrue();
    }

    @Test
    void aRegisteredProducerIsStoppedWhenTheConnectionEnds() {
        boolean[] stopped = {false};
        Protocol server = new Protocol() {
            @Override
            public void connectionMade() {
                transport().registerProducer(new PushProducer() {
                    @Override
                    public void pauseProducing() {}

                    @Override
                    public void resumeProducing() {}

                    @Override
                    public void stopProducing() {
                        stopped[0] = true;
                    }
                }, true);
                transport().loseConnection();
            }
        };
        Loopback.loopbackAsync(clock, server, new Protocol() {});
        assertThat(stopped[0]).isTrue();
    }

    @Test
    void aHandlerExceptionFailsTheDeferredAndLosesBothConnections() {
        Lines server = new Lines("server");
        server.onLine = line -> {
            throw new IllegalArgumentException("cannot parse " + line);
        };
        Lines client = new Lines("client");
        client.onMade = () -> client.send("garbage");
        Deferred<@Nullable Void> done = Loopback.loopbackAsync(clock, server, client);
        assertThat(done.peek()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<@Nullable Void>) done.peek()).failure().value())
                .hasMessage("cannot parse garbage");
        // Observed; do not leave an unhandled failure behind.
        done.addErrback(f -> null);
        assertThat(server.reason).hasMessage("cannot parse garbage");
        assertThat(client.reason).isInstanceOf(ConnectionLostException.class);
    }
}
