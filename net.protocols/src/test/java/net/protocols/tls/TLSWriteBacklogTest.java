package net.protocols.tls;

import static net.protocols.tls.ReactorFixture.await;
import static net.protocols.tls.TLSLoopbackTest.CLIENT;
import static net.protocols.tls.TLSLoopbackTest.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import net.reactor.ClientFactory;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.Test;

/**
 * A TLS server whose client pipelines requests and never reads is bounded too: the TLS layer
 * writes ciphertext into the TCP connection's buffer, and the connection stops reading once that
 * buffer is above the high-water mark (ReactorOptions.pauseReadingAboveHighWater), so the server
 * stops decrypting requests it cannot answer. Another TLS client is served meanwhile, and once
 * the first one reads, every answer arrives in order.
 */
class TLSWriteBacklogTest {
    private static final int HIGH = ReactorOptions.DEFAULT_HIGH_WATER_MARK;
    private static final int LINE = 16;
    private static final int REQUESTS = 1 << 20; // 16 MiB of requests, 32 MiB of answers
    /**
     * The high-water mark, plus the answers (twice the size) to the plaintext of one 64 KiB read
     * and a partial TLS record (16 KiB) left from the read before, plus record overhead.
     */
    private static final long BOUND = HIGH + 2L * (64 * 1024 + 16 * 1024 + LINE) + 8 * 1024;
    private static final int TURNS = 1000;

    /** Writes i as fifteen digits, zero-padded, at {@code at}. */
    private static void digits(byte[] into, int at, int i) {
        for (int k = 14; k >= 0; k--) {
            into[at + k] = (byte) ('0' + i % 10);
            i /= 10;
        }
    }

    /** The answers to requests 0 to count-1: each line's digits twice, then a newline. */
    static byte[] answers(int count) {
        int size = 2 * LINE - 1;
        byte[] b = new byte[count * size];
        for (int i = 0; i < count; i++) {
            digits(b, i * size, i);
            digits(b, i * size + 15, i);
            b[i * size + 30] = '\n';
        }
        return b;
    }

    /** Answers each line with the line twice; records the most it ever had buffered. */
    static final class LineServer extends ReactorFixture.Recorder {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        long receivedBytes;
        long maxBuffered;
        final CompletableFuture<Long> backedUp = new CompletableFuture<>();
        final CompletableFuture<Long> readEverything = new CompletableFuture<>();

        @Override
        public void dataReceived(byte[] data) {
            receivedBytes += data.length;
            partial.writeBytes(data);
            byte[] all = partial.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    out.write(all, start, i - start);
                    out.write(all, start, i - start + 1);
                    start = i + 1;
                }
            }
            partial.reset();
            partial.write(all, start, all.length - start);
            transport().write(out.toByteArray());
            long buffered = transport().bufferedBytes();
            maxBuffered = Math.max(maxBuffered, buffered);
            if (buffered > HIGH) {
                backedUp.complete(buffered);
            }
            if (receivedBytes >= (long) REQUESTS * LINE) {
                readEverything.complete(receivedBytes);
            }
        }
    }

    /** Once TLS is up, sends {@code count} requests in 64 KiB writes and reads nothing until told to. */
    static final class Pipeliner extends ReactorFixture.Recorder {
        private final byte[] requests;

        Pipeliner(int count) {
            requests = new byte[count * LINE];
            for (int i = 0; i < count; i++) {
                digits(requests, i * LINE, i);
                requests[i * LINE + 15] = '\n';
            }
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().pauseProducing();
            for (int from = 0; from < requests.length; from += 64 * 1024) {
                transport().write(java.util.Arrays.copyOfRange(requests, from, Math.min(requests.length, from + 64 * 1024)));
            }
        }
    }

    @Test
    void aTLSServerStopsReadingFromAClientThatDoesNotReadItsAnswers() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            CompletableFuture<LineServer> first = new CompletableFuture<>();
            Pipeliner bad = new Pipeliner(REQUESTS);
            Pipeliner good = new Pipeliner(1000);
            int port = f.call(() -> ((IPv4Address) TLS.listenSSL(f.reactor, 0, Factory.forProtocol(() -> {
                LineServer s = new LineServer();
                first.complete(s); // the first one built serves the bad client
                return s;
            }), SERVER, "127.0.0.1").getHost()).port());
            f.run(() -> TLS.connectSSL(f.reactor, "127.0.0.1", port, ClientFactory.forProtocol(() -> bad),
                    CLIENT.withServerName("localhost")));
            LineServer s = await(first);
            await(s.backedUp);
            for (int i = 0; i < TURNS && !s.readEverything.isDone(); i++) {
                f.run(() -> {}); // a server that kept reading would buffer MiBs of ciphertext meanwhile
            }
            f.run(() -> {
                assertThat(s.receivedBytes).isLessThan((long) REQUESTS * LINE);
                assertThat(s.maxBuffered).isLessThanOrEqualTo(BOUND);
            });

            f.run(() -> TLS.connectSSL(f.reactor, "127.0.0.1", port, ClientFactory.forProtocol(() -> good),
                    CLIENT.withServerName("localhost")));
            await(good.made);
            CompletableFuture<byte[]> goodAnswers = f.call(() -> {
                good.transport().resumeProducing();
                return good.receivedAtLeast(1000 * (2 * LINE - 1));
            });
            assertThat(await(goodAnswers)).isEqualTo(answers(1000));

            CompletableFuture<byte[]> all = f.call(() -> {
                bad.transport().resumeProducing();
                return bad.receivedAtLeast(REQUESTS * (2 * LINE - 1));
            });
            assertThat(await(all)).isEqualTo(answers(REQUESTS));
            f.run(() -> {
                assertThat(s.receivedBytes).isEqualTo((long) REQUESTS * LINE);
                assertThat(s.maxBuffered).isLessThanOrEqualTo(BOUND);
                bad.transport().loseConnection();
                good.transport().loseConnection();
            });
            await(s.lost);
            await(good.lost);
        }
    }
}
