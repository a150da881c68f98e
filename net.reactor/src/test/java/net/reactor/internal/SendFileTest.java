package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionLostException;
import net.reactor.Consumer;
import net.reactor.FileRegionConsumer;
import net.reactor.ListeningPort;
import net.reactor.Producer;
import net.reactor.PushProducer;
import net.reactor.ReactorOptions;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FileRegionConsumer#sendFile} over real sockets (TCP and UNIX): regions go out whole,
 * byte for byte, in order with the writes around them; a region counts for back-pressure but not
 * for the memory cap, and the loop serves other connections while one peer does not read; a peer
 * that goes away fails the Deferred with the loss reason and leaves the caller's file open; a
 * file shorter than its region loses the connection; the chunked fallback sends the same bytes.
 */
class SendFileTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private Path file(int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Path p = dir.resolve("f" + seed);
        Files.write(p, b);
        return p;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static <T> CompletableFuture<Outcome<T>> outcome(Deferred<T> d) {
        CompletableFuture<Outcome<T>> f = new CompletableFuture<>();
        d.addBoth(o -> {
            f.complete(o);
            return null;
        });
        return f;
    }

    /** On connectionMade: runs the test's script on the server side. */
    static final class Server extends Recorder {
        java.util.function.Consumer<Server> script = s -> { };

        @Override
        public void connectionMade() {
            super.connectionMade();
            script.accept(this);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aWholeFileAndARangeGoOutInOrderWithTheWritesAroundThem(Transports transport) throws Exception {
        Path p = file(8 * MIB + 5, 1);
        byte[] content = Files.readAllBytes(p);
        long rangeStart = 1_000_003;
        int rangeLength = 3 * MIB + 17;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ReactorFixture f = new ReactorFixture(transport)) {
            CompletableFuture<Outcome<Long>> whole = new CompletableFuture<>();
            CompletableFuture<Outcome<Long>> range = new CompletableFuture<>();
            CompletableFuture<Boolean> direct = new CompletableFuture<>();
            Prepared<Server> server = new Prepared<>(Server::new);
            server.nth(0).thenAccept(s -> s.script = me -> {
                direct.complete(me.transport() instanceof FileRegionConsumer);
                FileRegionConsumer t = (FileRegionConsumer) me.transport();
                me.transport().write("head|".getBytes(StandardCharsets.US_ASCII));
                outcome(t.sendFile(ch, 0, content.length)).thenAccept(whole::complete);
                me.transport().write("|middle|".getBytes(StandardCharsets.US_ASCII));
                outcome(t.sendFile(ch, rangeStart, rangeLength)).thenAccept(range::complete);
                me.transport().write(new byte[20_000]); // a large write: it must wait for the regions too
                me.transport().write("|tail".getBytes(StandardCharsets.US_ASCII));
                me.transport().loseConnection(); // closes once everything before it has gone
            });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(client.firstBuilt);
            await(c.lost);
            assertThat(await(direct)).isTrue();
            assertThat(await(whole)).isEqualTo(Outcome.success((long) content.length));
            assertThat(await(range)).isEqualTo(Outcome.success((long) rangeLength));
            byte[] expected = concat("head|".getBytes(StandardCharsets.US_ASCII), content,
                    "|middle|".getBytes(StandardCharsets.US_ASCII),
                    Arrays.copyOfRange(content, (int) rangeStart, (int) rangeStart + rangeLength), new byte[20_000],
                    "|tail".getBytes(StandardCharsets.US_ASCII));
            byte[] got = c.bytes();
            assertThat(got.length).isEqualTo(expected.length);
            assertThat(sha256(got)).isEqualTo(sha256(expected));
            assertThat(ch.isOpen()).as("the caller's channel stays open").isTrue();
            assertThat(ch.position()).as("the channel's own position does not move").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aPendingRegionPausesTheProducerButIsNotMemoryAndOthersAreServedMeanwhile(Transports transport)
            throws Exception {
        Path p = file(48 * MIB, 2);
        byte[] content = Files.readAllBytes(p);
        // A cap far below the region: if the region counted as memory, the connection would be closed.
        ReactorOptions options = ReactorOptions.defaults().withMaxBufferedBytes(4L * MIB);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ReactorFixture f = new ReactorFixture(transport, options)) {
            CompletableFuture<Outcome<Long>> sent = new CompletableFuture<>();
            CompletableFuture<Long> paused = new CompletableFuture<>();
            CompletableFuture<Boolean> resumed = new CompletableFuture<>();
            Prepared<Server> server = new Prepared<>(Server::new);
            server.nth(0).thenAccept(s -> s.script = me -> {
                me.transport().registerProducer(new PushProducer() {
                    @Override
                    public void pauseProducing() {
                        paused.complete(me.transport().bufferedBytes());
                    }

                    @Override
                    public void resumeProducing() {
                        resumed.complete(true);
                    }

                    @Override
                    public void stopProducing() {
                    }
                }, true);
                outcome(((FileRegionConsumer) me.transport()).sendFile(ch, 0, content.length))
                        .thenAccept(sent::complete);
            });
            server.nth(1).thenAccept(s -> s.script = me -> { });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> slow = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().pauseProducing(); // reads nothing until told to
                }
            });
            f.connect(port, slow);
            f.start();
            assertThat(await(paused)).as("buffered bytes when the producer was paused")
                    .isGreaterThan((long) ReactorOptions.DEFAULT_HIGH_WATER_MARK);

            // Another connection on the same reactor gets an echo through while the region waits.
            Prepared<Recorder> other = new Prepared<>(Recorder::new);
            f.run(() -> f.connect(port, other));
            Recorder o = await(other.firstBuilt);
            Server second = await(server.nth(1));
            CompletableFuture<byte[]> echoed = f.call(() -> {
                second.transport().write("ping".getBytes(StandardCharsets.US_ASCII));
                return o.receivedAtLeast(4);
            });
            assertThat(new String(await(echoed), StandardCharsets.US_ASCII)).isEqualTo("ping");
            Server first = await(server.nth(0));
            f.run(() -> {
                assertThat(sent).as("the region is still pending").isNotDone();
                assertThat(first.transport().bufferedBytes()).isGreaterThan(4L * MIB);
                assertThat(first.transport().isClosing()).isFalse();
            });

            // The slow peer reads at last: the whole file arrives and the producer resumes.
            Recorder s = await(slow.firstBuilt);
            CompletableFuture<byte[]> all = f.call(() -> {
                s.transport().resumeProducing();
                return s.receivedAtLeast(content.length);
            });
            assertThat(sha256(await(all))).isEqualTo(sha256(content));
            assertThat(await(sent)).isEqualTo(Outcome.success((long) content.length));
            assertThat(await(resumed)).isTrue();
            f.run(() -> {
                first.transport().unregisterProducer();
                first.transport().loseConnection();
                o.transport().loseConnection();
            });
            await(s.lost);
            await(o.lost);
        }
    }

    @Test
    void aPeerResetMidTransferFailsTheDeferredWithTheLossReasonAndLeavesTheFileOpen() throws Exception {
        Path p = file(64 * MIB, 3);
        long size = Files.size(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ReactorFixture f = new ReactorFixture()) {
            CompletableFuture<Outcome<Long>> sent = new CompletableFuture<>();
            Prepared<Server> server = new Prepared<>(Server::new);
            server.nth(0).thenAccept(s -> s.script = me ->
                    outcome(((FileRegionConsumer) me.transport()).sendFile(ch, 0, size)).thenAccept(sent::complete));
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(client.firstBuilt);
            await(f.call(() -> c.receivedAtLeast(MIB))); // the transfer is under way
            f.run(() -> c.transport().abortConnection()); // SO_LINGER 0: the server gets a reset
            Outcome<Long> o = await(sent);
            assertThat(o).isInstanceOf(Outcome.Failed.class);
            Throwable failure = ((Outcome.Failed<Long>) o).failure().value();
            Throwable lost = await(await(server.nth(0)).lost);
            assertThat(failure).isSameAs(lost).isInstanceOf(ConnectionLostException.class);
            assertThat(ch.isOpen()).as("the caller's channel is the caller's to close").isTrue();
        }
    }

    @Test
    void cancellingTheDeferredAbortsTheConnection() throws Exception {
        Path p = file(32 * MIB, 4);
        long size = Files.size(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ReactorFixture f = new ReactorFixture()) {
            CompletableFuture<Deferred<Long>> started = new CompletableFuture<>();
            Prepared<Server> server = new Prepared<>(Server::new);
            server.nth(0).thenAccept(s -> s.script = me ->
                    started.complete(((FileRegionConsumer) me.transport()).sendFile(ch, 0, size)));
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().pauseProducing();
                }
            });
            f.connect(port, client);
            f.start();
            Deferred<Long> d = await(started);
            CompletableFuture<Outcome<Long>> o = f.call(() -> {
                CompletableFuture<Outcome<Long>> r = outcome(d);
                d.cancel();
                return r;
            });
            assertThat(await(o)).isInstanceOf(Outcome.Failed.class);
            assertThat(await(await(server.nth(0)).lost)).isInstanceOf(ConnectionAbortedException.class);
            Recorder c = await(client.firstBuilt);
            f.run(() -> c.transport().loseConnection());
            await(c.lost);
        }
    }

    @Test
    void aFileShorterThanItsRegionLosesTheConnection() throws Exception {
        Path p = file(100_000, 5);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ReactorFixture f = new ReactorFixture()) {
            CompletableFuture<Outcome<Long>> sent = new CompletableFuture<>();
            Prepared<Server> server = new Prepared<>(Server::new);
            server.nth(0).thenAccept(s -> s.script = me ->
                    outcome(((FileRegionConsumer) me.transport()).sendFile(ch, 50_000, 60_000)).thenAccept(sent::complete));
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Outcome<Long> o = await(sent);
            assertThat(o).isInstanceOf(Outcome.Failed.class);
            Throwable failure = ((Outcome.Failed<Long>) o).failure().value();
            assertThat(failure).isInstanceOf(ConnectionLostException.class).hasCauseInstanceOf(EOFException.class);
            Recorder c = await(client.firstBuilt);
            await(c.lost);
            assertThat(c.bytes()).hasSize(50_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void theChunkedFallbackSendsTheSameBytesToAConsumerThatCannotSendFiles(Transports transport) throws Exception {
        Path p = file(5 * MIB + 3, 6);
        byte[] content = Files.readAllBytes(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ReactorFixture f = new ReactorFixture(transport)) {
            CompletableFuture<Outcome<Long>> sent = new CompletableFuture<>();
            Prepared<Server> server = new Prepared<>(Server::new);
            server.nth(0).thenAccept(s -> s.script = me -> {
                // A wrapper that is a Consumer but no FileRegionConsumer, as a protocol's wrapper is.
                Consumer wrapper = new Consumer() {
                    @Override
                    public void registerProducer(Producer producer, boolean streaming) {
                        me.transport().registerProducer(producer, streaming);
                    }

                    @Override
                    public void unregisterProducer() {
                        me.transport().unregisterProducer();
                    }

                    @Override
                    public void write(byte[] data) {
                        me.transport().write(data);
                    }
                };
                outcome(FileRegionConsumer.sendFile(f.reactor, wrapper, ch, 1, content.length - 1))
                        .thenAccept(sent::complete);
                me.transport().loseConnection(); // the pull producer holds the close until it is done
            });
            ListeningPort port = f.serve(server);
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.connect(port, client);
            f.start();
            Recorder c = await(client.firstBuilt);
            await(c.lost);
            assertThat(await(sent)).isEqualTo(Outcome.success((long) content.length - 1));
            assertThat(sha256(c.bytes())).isEqualTo(sha256(Arrays.copyOfRange(content, 1, content.length)));
            assertThat(ch.isOpen()).isTrue();
        }
    }
}
