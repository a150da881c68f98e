package net.protocols.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.protocols.basic.Int32StringReceiver;
import net.protocols.basic.LineReceiver;
import net.protocols.basic.LineTooLongException;
import net.reactor.ConnectionDoneException;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.Reactor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** loopbackTCP over a real reactor and real sockets on 127.0.0.1. */
class LoopbackTCPTest {
    private static final long WAIT = 30;
    private Reactor reactor;
    private Thread thread;

    @BeforeEach
    void startReactor() {
        reactor = Reactor.create();
        thread = reactor.start("loopback-tcp-test");
    }

    @AfterEach
    void stopReactor() throws Exception {
        reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        thread.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertThat(thread.isAlive()).isFalse();
    }

    /** Runs loopbackTCP on the reactor thread and waits for its Deferred. */
    private void loopback(Protocol server, Protocol client) throws Exception {
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            Deferred<@Nullable Void> d = Loopback.loopbackTCP(reactor, server, client);
            d.addBoth(outcome -> {
                if (outcome.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(((net.deferred.Outcome.Failed<?>) outcome).failure().value());
                }
                return null;
            });
        });
        done.get(WAIT, TimeUnit.SECONDS);
    }

    static final class Echo extends LineReceiver {
        @Nullable Throwable reason;

        @Override
        protected void lineReceived(byte[] line) {
            sendLine(line);
        }

        @Override
        public void connectionLost(Throwable why) {
            reason = why;
            super.connectionLost(why);
        }
    }

    static final class Talker extends LineReceiver {
        final List<String> replies = new ArrayList<>();
        final List<String> toSend;
        @Nullable Throwable reason;
        net.reactor.@Nullable Address peer;

        Talker(List<String> toSend) {
            this.toSend = toSend;
        }

        @Override
        public void connectionMade() {
            peer = transport().getPeer();
            for (String line : toSend) {
                sendLine(line.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        protected void lineReceived(byte[] line) {
            replies.add(new String(line, StandardCharsets.UTF_8));
            if (replies.size() == toSend.size()) {
                transport().loseConnection();
            }
        }

        @Override
        public void connectionLost(Throwable why) {
            reason = why;
            super.connectionLost(why);
        }
    }

    @Test
    void linesGoBackAndForthOverARealSocket() throws Exception {
        Echo server = new Echo();
        Talker client = new Talker(List.of("hello", "", "wörld", "x".repeat(10_000)));
        loopback(server, client);
        assertThat(client.replies).containsExactlyElementsOf(client.toSend);
        assertThat(client.reason).isInstanceOf(ConnectionDoneException.class);
        assertThat(server.reason).isInstanceOf(ConnectionDoneException.class);
        assertThat(((IPv4Address) client.peer).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void aFramingRejectionReachesConnectionLostThroughTheRealTransport() throws Exception {
        Echo server = new Echo();
        server.setMaxLength(100);
        Talker client = new Talker(List.of("short", "y".repeat(500)));
        loopback(server, client);
        assertThat(client.replies).containsExactly("short");
        assertThat(server.reason).isInstanceOf(LineTooLongException.class);
        assertThat(client.reason).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void largeLengthPrefixedStringsCrossIntact() throws Exception {
        byte[] payload = new byte[3_000_000];
        new Random(11).nextBytes(payload);
        List<byte[]> got = new ArrayList<>();
        Int32StringReceiver server = new Int32StringReceiver() {
            @Override
            protected void stringReceived(byte[] string) {
                sendString(string);
            }
        };
        server.setMaxLength(4_000_000);
        Int32StringReceiver client = new Int32StringReceiver() {
            @Override
            public void connectionMade() {
                sendString(payload);
                sendString(new byte[0]);
            }

            @Override
            protected void stringReceived(byte[] string) {
                got.add(string);
                if (got.size() == 2) {
                    transport().loseConnection();
                }
            }
        };
        client.setMaxLength(4_000_000);
        loopback(server, client);
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).isEqualTo(payload);
        assertThat(got.get(1)).isEmpty();
    }

    @Test
    void fileSenderStreamsAFileOverARealSocket(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] content = new byte[2_500_000];
        new Random(13).nextBytes(content);
        java.nio.file.Path file = dir.resolve("payload.bin");
        java.nio.file.Files.write(file, content);
        long[] sent = {-1};
        Protocol server = new Protocol() {
            @Override
            public void connectionMade() {
                new net.protocols.basic.FileSender(reactor).beginFileTransfer(file, transport()).addCallback(n -> {
                    sent[0] = n;
                    transport().loseConnection();
                    return n;
                });
            }
        };
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        Protocol client = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                received.writeBytes(data);
            }
        };
        loopback(server, client);
        assertThat(sent[0]).isEqualTo(content.length);
        assertThat(received.toByteArray()).isEqualTo(content);
    }
}
