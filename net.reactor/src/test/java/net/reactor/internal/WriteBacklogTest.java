package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.reactor.ListeningPort;
import net.reactor.PushProducer;
import net.reactor.ReactorOptions;
import net.reactor.WriteBufferFullException;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The safe default against a peer that never reads, over real sockets (TCP and UNIX,
 * {@link Transports}): an accepted connection with no producer stops reading while its write
 * buffer is above the high-water mark, the hard cap closes a connection that writes without
 * reading, a registered producer and a protocol's own pause keep Twisted's rules, and
 * {@link ReactorOptions#withTwistedBuffering()} restores unbounded buffering.
 */
class WriteBacklogTest {
    private static final int HIGH = ReactorOptions.DEFAULT_HIGH_WATER_MARK;
    private static final int READ = 64 * 1024;
    /** Requests are fixed-width lines: fifteen digits and a newline. */
    private static final int LINE = 16;
    /** What the pipelining client sends: 16 MiB of requests, 32 MiB of answers. */
    private static final int REQUESTS = 1 << 20;
    /**
     * The most a server may buffer: the high-water mark, plus the answers to one read of requests
     * (a read of 64 KiB, and the part line left from the one before, answered at twice its size).
     */
    private static final long BOUND = HIGH + 2L * (READ + LINE);
    /** Turns of the loop in which a server without the rule would read and buffer several MiB more. */
    private static final int TURNS = 1000;
    /**
     * A write larger than the kernel's socket buffers on loopback (a few MiB while the peer does
     * not read), so that most of it stays in the transport's buffer.
     */
    private static final int BIG = 16 * 1024 * 1024;

    /** Writes i as fifteen digits, zero-padded, at {@code at}. */
    private static void digits(byte[] into, int at, int i) {
        for (int k = 14; k >= 0; k--) {
            into[at + k] = (byte) ('0' + i % 10);
            i /= 10;
        }
    }

    /** Requests 0 to count-1, one line each. */
    static byte[] requests(int count) {
        byte[] b = new byte[count * LINE];
        for (int i = 0; i < count; i++) {
            digits(b, i * LINE, i);
            b[i * LINE + 15] = '\n';
        }
        return b;
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

    /** A request/response server without a producer: each line is answered, doubled, at once. */
    static final class LineServer extends Recorder {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        long receivedBytes;
        long maxBuffered;
        final CompletableFuture<Long> backedUp = new CompletableFuture<>();
        final CompletableFuture<Long> readEverything = new CompletableFuture<>();
        long expectedBytes = (long) REQUESTS * LINE;

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
            if (receivedBytes >= expectedBytes) {
                readEverything.complete(receivedBytes);
            }
        }
    }

    /** Sends its requests at once, in 64 KiB writes, and reads nothing until told to. */
    static final class Pipeliner extends Recorder {
        private final byte[] requests;

        Pipeliner(int count) {
            this.requests = requests(count);
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().pauseProducing();
            for (int from = 0; from < requests.length; from += READ) {
                transport().write(java.util.Arrays.copyOfRange(requests, from, Math.min(requests.length, from + READ)));
            }
        }
    }

    /** Runs at least {@code turns} turns of the loop, stopping early once {@code done} is. */
    private static void turns(ReactorFixture f, int turns, CompletableFuture<?> done) {
        for (int i = 0; i < turns && !done.isDone(); i++) {
            f.run(() -> {});
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aServerStopsReadingFromAClientThatDoesNotReadItsAnswers(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<LineServer> server = new Prepared<>(LineServer::new);
            ListeningPort port = f.serve(server);
            Prepared<Pipeliner> bad = new Prepared<>(() -> new Pipeliner(REQUESTS));
            f.connect(port, bad);
            f.start();
            LineServer s = await(server.nth(0));
            await(s.backedUp);
            turns(f, TURNS, s.readEverything); // a server that kept reading would read and buffer MiBs meanwhile
            f.run(() -> {
                StreamConnection c = StreamConnection.of(s.transport());
                assertThat(c.readingPausedForBacklog()).as("reading paused for the write buffer").isTrue();
                assertThat(c.readInterest()).as("OP_READ").isFalse();
                assertThat(s.receivedBytes).isLessThan((long) REQUESTS * LINE);
                assertThat(s.maxBuffered).isLessThanOrEqualTo(BOUND);
            });

            // Another client on the same reactor is served meanwhile.
            int good = 1000;
            Prepared<Pipeliner> well = new Prepared<>(() -> new Pipeliner(good));
            f.run(() -> f.connect(port, well));
            Pipeliner w = await(well.firstBuilt);
            CompletableFuture<byte[]> goodAnswers = f.call(() -> {
                w.transport().resumeProducing();
                return w.receivedAtLeast(good * (2 * LINE - 1));
            });
            assertThat(await(goodAnswers)).isEqualTo(answers(good));

            // The client reads at last: every answer arrives, in order, and the bound held throughout.
            Pipeliner b = await(bad.firstBuilt);
            CompletableFuture<byte[]> all = f.call(() -> {
                b.transport().resumeProducing();
                return b.receivedAtLeast(REQUESTS * (2 * LINE - 1));
            });
            assertThat(await(all)).isEqualTo(answers(REQUESTS));
            f.run(() -> {
                assertThat(s.receivedBytes).isEqualTo((long) REQUESTS * LINE);
                assertThat(s.maxBuffered).isLessThanOrEqualTo(BOUND);
                assertThat(StreamConnection.of(s.transport()).readInterest()).isTrue();
                b.transport().loseConnection();
                w.transport().loseConnection();
            });
            await(s.lost);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void twistedBufferingReadsOnAndBuffersWithoutBound(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport, ReactorOptions.defaults().withTwistedBuffering())) {
            Prepared<LineServer> server = new Prepared<>(LineServer::new);
            ListeningPort port = f.serve(server);
            Prepared<Pipeliner> bad = new Prepared<>(() -> new Pipeliner(REQUESTS));
            f.connect(port, bad);
            f.start();
            LineServer s = await(server.nth(0));
            assertThat(await(s.readEverything)).isEqualTo((long) REQUESTS * LINE);
            f.run(() -> {
                assertThat(StreamConnection.of(s.transport()).readingPausedForBacklog()).isFalse();
                // 32 MiB of answers; the kernel holds a few MiB of them at most.
                assertThat(s.transport().bufferedBytes()).isGreaterThan(8L * 1024 * 1024);
            });
            Pipeliner b = await(bad.firstBuilt);
            CompletableFuture<byte[]> all = f.call(() -> {
                b.transport().resumeProducing();
                return b.receivedAtLeast(REQUESTS * (2 * LINE - 1));
            });
            assertThat(await(all)).isEqualTo(answers(REQUESTS));
            f.run(() -> b.transport().loseConnection());
            await(s.lost);
        }
    }

    /** Writes 64 KiB in every turn of the loop, reading nothing, with no producer. */
    static final class Stream extends Recorder {
        private final SelectReactor reactor;
        long written;

        Stream(SelectReactor reactor) {
            this.reactor = reactor;
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            more();
        }

        private void more() {
            if (!connected()) {
                return;
            }
            transport().write(new byte[64 * 1024]);
            written += 64 * 1024;
            reactor.callLater(Duration.ZERO, this::more);
        }
    }

    /** A client that reads nothing. */
    static final class Deaf extends Recorder {
        @Override
        public void connectionMade() {
            super.connectionMade();
            transport().pauseProducing();
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void theDefaultCapClosesAConnectionThatWritesToAPeerThatNeverReads(Transports transport) throws Exception {
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Stream> server = new Prepared<>(() -> new Stream(f.reactor));
            ListeningPort port = f.serve(server);
            Prepared<Deaf> client = new Prepared<>(Deaf::new);
            f.connect(port, client);
            f.start();
            Stream s = await(server.firstBuilt);
            assertThat(await(s.lost)).isInstanceOf(WriteBufferFullException.class)
                    .hasMessageContaining(String.valueOf(ReactorOptions.DEFAULT_MAX_BUFFERED_BYTES));
            assertThat(f.call(() -> s.written)).isGreaterThan(ReactorOptions.DEFAULT_MAX_BUFFERED_BYTES);
            // The client reads nothing, so it hears of the close only when the reactor stops.
        }
    }

    @Test
    void theCapLogsOneWarningNamingThePeerAndTheFigures() throws Exception {
        CapturingLogger log = new CapturingLogger();
        long cap = 1024 * 1024;
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults().withMaxBufferedBytes(cap), log,
                new CapturingLogger())) {
            Prepared<Stream> server = new Prepared<>(() -> new Stream(f.reactor));
            ListeningPort port = f.serve(server);
            Prepared<Deaf> client = new Prepared<>(Deaf::new);
            f.connect(port, client);
            f.start();
            Stream s = await(server.firstBuilt);
            assertThat(await(s.lost)).isInstanceOf(WriteBufferFullException.class);
            String peer = f.call(() -> s.transport().getPeer().toString());
            assertThat(log.at(Level.WARNING)).singleElement().satisfies(r -> assertThat(r.message())
                    .contains("WriteBufferFullException", peer, "above the cap of " + cap, "bytes buffered"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aRegisteredProducerTakesThePressureAndReadingGoesOn(Transports transport) throws Exception {
        class Producing extends Recorder implements PushProducer {
            final CompletableFuture<Long> paused = new CompletableFuture<>();

            @Override
            public void connectionMade() {
                super.connectionMade();
                transport().registerProducer(this, true);
                transport().write(new byte[BIG]);
            }

            @Override
            public void pauseProducing() {
                paused.complete(transport().bufferedBytes());
            }

            @Override
            public void resumeProducing() {}

            @Override
            public void stopProducing() {}
        }
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Producing> server = new Prepared<>(Producing::new);
            ListeningPort port = f.serve(server);
            Prepared<Deaf> client = new Prepared<>(Deaf::new);
            f.connect(port, client);
            f.start();
            Producing p = await(server.firstBuilt);
            await(p.paused);
            Deaf d = await(client.firstBuilt);
            CompletableFuture<byte[]> ping = f.call(() -> {
                StreamConnection c = StreamConnection.of(p.transport());
                assertThat(p.transport().bufferedBytes()).isGreaterThan(HIGH);
                assertThat(c.readingPausedForBacklog()).isFalse();
                assertThat(c.readInterest()).isTrue();
                d.transport().write("ping".getBytes(StandardCharsets.US_ASCII));
                return p.receivedAtLeast(4);
            });
            assertThat(new String(await(ping), StandardCharsets.US_ASCII)).isEqualTo("ping");

            // Without the producer the rule applies; registering one lifts it again.
            PushProducer quiet = new PushProducer() {
                @Override
                public void pauseProducing() {}

                @Override
                public void resumeProducing() {}

                @Override
                public void stopProducing() {}
            };
            f.run(() -> {
                StreamConnection c = StreamConnection.of(p.transport());
                p.transport().unregisterProducer();
                assertThat(c.readingPausedForBacklog()).isTrue();
                assertThat(c.readInterest()).isFalse();
                p.transport().registerProducer(quiet, true);
                assertThat(c.readingPausedForBacklog()).isFalse();
                assertThat(c.readInterest()).isTrue();
                d.transport().loseConnection();
            });
            await(p.lost);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aProtocolsOwnPauseOutlastsTheDrain(Transports transport) throws Exception {
        int size = BIG;
        class Paused extends Recorder {
            @Override
            public void connectionMade() {
                super.connectionMade();
                transport().write(new byte[size]);
                transport().pauseProducing();
            }
        }
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Paused> server = new Prepared<>(Paused::new);
            ListeningPort port = f.serve(server);
            Prepared<Deaf> client = new Prepared<>(Deaf::new);
            f.connect(port, client);
            f.start();
            Paused p = await(server.firstBuilt);
            Deaf d = await(client.firstBuilt);
            f.run(() -> {
                StreamConnection c = StreamConnection.of(p.transport());
                assertThat(c.readingPausedForBacklog()).isTrue();
                // The protocol's resume lifts its own pause only: the buffer still holds reading.
                p.transport().resumeProducing();
                assertThat(c.readInterest()).isFalse();
                p.transport().pauseProducing();
                d.transport().write("hello".getBytes(StandardCharsets.US_ASCII));
            });
            CompletableFuture<byte[]> drained = f.call(() -> {
                d.transport().resumeProducing();
                return d.receivedAtLeast(size);
            });
            assertThat(await(drained)).hasSize(size);
            // Everything the server wrote was read, so its buffer is empty: the drain happened.
            CompletableFuture<byte[]> hello = f.call(() -> {
                StreamConnection c = StreamConnection.of(p.transport());
                assertThat(p.transport().bufferedBytes()).isZero();
                assertThat(c.readingPausedForBacklog()).isFalse();
                assertThat(c.readInterest()).as("still paused by the protocol").isFalse();
                assertThat(p.bytes()).isEmpty();
                p.transport().resumeProducing();
                return p.receivedAtLeast(5);
            });
            assertThat(new String(await(hello), StandardCharsets.US_ASCII)).isEqualTo("hello");
            f.run(() -> d.transport().loseConnection());
            await(p.lost);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aClientConnectionKeepsReadingWithAFullBuffer(Transports transport) throws Exception {
        class Uploader extends Recorder {
            @Override
            public void connectionMade() {
                super.connectionMade();
                transport().write(new byte[BIG]);
            }
        }
        try (ReactorFixture f = new ReactorFixture(transport)) {
            Prepared<Deaf> server = new Prepared<>(Deaf::new);
            ListeningPort port = f.serve(server);
            Prepared<Uploader> client = new Prepared<>(Uploader::new);
            f.connect(port, client);
            f.start();
            Uploader u = await(client.firstBuilt);
            Deaf d = await(server.firstBuilt);
            CompletableFuture<byte[]> reply = f.call(() -> {
                assertThat(u.transport().bufferedBytes()).isGreaterThan(HIGH);
                assertThat(StreamConnection.of(u.transport()).readingPausedForBacklog()).isFalse();
                d.transport().write("reply".getBytes(StandardCharsets.US_ASCII));
                return u.receivedAtLeast(5);
            });
            assertThat(new String(await(reply), StandardCharsets.US_ASCII)).isEqualTo("reply");
            f.run(() -> u.transport().abortConnection());
            assertThat(await(u.lost)).isInstanceOf(net.reactor.ConnectionAbortedException.class);
        }
    }

    @Test
    void theDefaultsAreSafeAndTwistedBufferingIsOneCallAway() {
        ReactorOptions defaults = ReactorOptions.defaults();
        assertThat(defaults.maxBufferedBytes()).isEqualTo(64L * 1024 * 1024)
                .isEqualTo(ReactorOptions.DEFAULT_MAX_BUFFERED_BYTES);
        assertThat(defaults.pauseReadingAboveHighWater()).isTrue();
        ReactorOptions twisted = defaults.withTwistedBuffering();
        assertThat(twisted.maxBufferedBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(twisted.pauseReadingAboveHighWater()).isFalse();
        assertThat(twisted.highWaterMark()).isEqualTo(defaults.highWaterMark());
        assertThat(defaults.withPauseReadingAboveHighWater(false).maxBufferedBytes())
                .isEqualTo(ReactorOptions.DEFAULT_MAX_BUFFERED_BYTES);
    }
}
