package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.reactor.BufferReceiver;
import net.reactor.ConnectionDoneException;
import net.reactor.ReadView;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;

/**
 * The bulk path over real loopback sockets: views of the read buffer ({@link BufferReceiver}),
 * {@code write(ByteBuffer)}, several reads per readiness event, and writes held to the end of
 * their event and sent together.
 */
class BulkPathTest {
    private static final int SO_TIMEOUT_MILLIS = 30_000;

    /** A pattern no two nearby offsets share, so a misplaced or recycled byte shows. */
    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
        }
        return b;
    }

    /** Runs a blocking peer on a thread of its own (the common pool may have a single thread on a small machine). */
    static void ownThread(Runnable r) {
        Thread.ofPlatform().name("bulk-path-peer").daemon().start(r);
    }

    static Socket client(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(SO_TIMEOUT_MILLIS);
        return s;
    }

    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b).as("bytes before end of stream").hasSize(n);
        return b;
    }

    /** Copies each view's bytes out, and keeps the views (to try them after their call). */
    static final class ViewCopier extends Recorder implements BufferReceiver {
        final List<ReadView> views = new ArrayList<>();
        int calls;

        @Override
        public void bufferReceived(ReadView data) {
            calls++;
            views.add(data);
            assertThat(data.isValid()).isTrue();
            byte[] copy = data.getBytes(data.remaining());
            super.dataReceived(copy);
        }

        @Override
        public void dataReceived(byte[] data) {
            throw new AssertionError("a BufferReceiver on a socket gets views, not arrays");
        }
    }

    /** Writes each view straight back. */
    static final class ViewEcho extends Recorder implements BufferReceiver {
        @Override
        public void bufferReceived(ReadView data) {
            data.writeTo(transport());
            assertThat(data.hasRemaining()).isFalse();
        }
    }

    @Test
    void aViewIsReadableDuringItsCallAndFailsLoudlyAfterIt() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<ViewCopier> server = new Prepared<>(ViewCopier::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                c.getOutputStream().write("hello".getBytes());
                ViewCopier s = await(server.firstBuilt);
                assertThat(await(f.call(() -> s.receivedAtLeast(5)))).asString().isEqualTo("hello");
                ReadView kept = f.call(() -> s.views.get(0));
                f.run(() -> {
                    assertThat(kept.isValid()).isFalse();
                    assertThatThrownBy(kept::remaining).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("after the bufferReceived call");
                    assertThatThrownBy(() -> kept.get(0)).isInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(() -> kept.getBytes(1)).isInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(() -> kept.writeTo(s.transport())).isInstanceOf(IllegalStateException.class);
                    assertThat(kept).hasToString("ReadView[used up]");
                });
            }
        }
    }

    @Test
    void viewsCarryEveryByteInOrderAcrossManyReads() throws Exception {
        int size = 8 * 1024 * 1024;
        byte[] sent = pattern(size);
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<ViewCopier> server = new Prepared<>(ViewCopier::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                c.getOutputStream().write(sent);
                ViewCopier s = await(server.firstBuilt);
                assertThat(await(f.call(() -> s.receivedAtLeast(size)))).isEqualTo(sent);
                assertThat(f.call(() -> s.calls)).as("reads").isGreaterThan(size / (64 * 1024) - 1);
            }
        }
    }

    @Test
    void aViewEchoReturnsEveryByteWhileThePeerReadsSlowly() throws Exception {
        int size = 16 * 1024 * 1024;
        byte[] sent = pattern(size);
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<ViewEcho> server = new Prepared<>(ViewEcho::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                // The peer writes everything before it reads anything: the echo's socket fills, its
                // writes queue the socket's leftover, reading pauses above the high-water mark.
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        c.getOutputStream().write(sent);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, BulkPathTest::ownThread);
                ViewEcho s = await(server.firstBuilt);
                // Read in small pieces.
                InputStream in = c.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] piece = new byte[4096];
                while (got.size() < size) {
                    int n = in.read(piece, 0, Math.min(piece.length, size - got.size()));
                    assertThat(n).as("bytes before end of stream").isPositive();
                    got.write(piece, 0, n);
                }
                await(writer);
                assertThat(got.toByteArray()).isEqualTo(sent);
                assertThat(f.call(() -> s.transport().bufferedBytes())).isZero();
            }
        }
    }

    @Test
    void writeByteBufferQueuesOnlyWhatTheSocketRefusedAndTheCallerMayReuseItsBuffer() throws Exception {
        int size = 32 * 1024 * 1024; // more than loopback's socket buffers hold while the peer does not read
        byte[] sent = pattern(size);
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                Recorder s = await(server.firstBuilt);
                long buffered = f.call(() -> {
                    ByteBuffer direct = ByteBuffer.allocateDirect(size);
                    direct.put(sent).flip();
                    s.transport().write(direct);
                    assertThat(direct.hasRemaining()).as("position moved to the limit").isFalse();
                    // The caller reuses its buffer at once: what was queued must be a copy.
                    direct.clear();
                    while (direct.hasRemaining()) {
                        direct.put((byte) 0x5a);
                    }
                    StreamConnection conn = StreamConnection.of(s.transport());
                    assertThat(conn.sends()).as("one send, straight from the buffer").isEqualTo(1);
                    return s.transport().bufferedBytes();
                });
                assertThat(buffered).as("the socket took part, the rest is queued").isBetween(1L, size - 1L);
                // A small heap buffer behind it keeps its place.
                f.run(() -> s.transport().write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
                byte[] got = readFully(c.getInputStream(), size + 3);
                assertThat(java.util.Arrays.copyOf(got, size)).isEqualTo(sent);
                assertThat(java.util.Arrays.copyOfRange(got, size, size + 3)).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void tenWritesInOneEventGoOutInOrderInOneSend() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                Recorder s = await(server.firstBuilt);
                StreamConnection conn = f.call(() -> StreamConnection.of(s.transport()));
                int before = f.call(conn::sends);
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                List<byte[]> lines = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    byte[] line = new byte[64];
                    java.util.Arrays.fill(line, (byte) ('a' + i));
                    line[63] = '\n';
                    lines.add(line);
                    expected.writeBytes(line);
                }
                long heldDuringTheEvent = f.call(() -> {
                    for (byte[] line : lines.subList(0, 5)) {
                        s.transport().write(line);
                    }
                    for (byte[] line : lines.subList(5, 10)) {
                        s.transport().write(ByteBuffer.wrap(line));
                    }
                    return s.transport().bufferedBytes();
                });
                assertThat(heldDuringTheEvent).as("held until the event ends").isEqualTo(640);
                assertThat(readFully(c.getInputStream(), 640)).isEqualTo(expected.toByteArray());
                assertThat(f.call(conn::sends) - before).as("sends for ten writes in one event").isEqualTo(1);
                assertThat(f.call(() -> s.transport().bufferedBytes())).isZero();
            }
        }
    }

    @Test
    void aSingleSmallWriteGoesOutWithoutAnotherEvent() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                Recorder s = await(server.firstBuilt);
                // Nothing else happens on this reactor: the byte must leave when the task ends.
                f.run(() -> s.transport().write(new byte[] {42}));
                assertThat(c.getInputStream().read()).isEqualTo(42);
                // And from a timer, which is an event too.
                f.run(() -> f.reactor.callLater(java.time.Duration.ZERO, () -> s.transport().write(new byte[] {43})));
                assertThat(c.getInputStream().read()).isEqualTo(43);
            }
        }
    }

    @Test
    void heldWritesThenLoseConnectionAreSentBeforeTheClose() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            f.start();
            try (Socket c = client(port)) {
                Recorder s = await(server.firstBuilt);
                f.run(() -> {
                    s.transport().write("one ".getBytes());
                    s.transport().write(ByteBuffer.wrap("two".getBytes()));
                    s.transport().loseConnection();
                    s.transport().write("three".getBytes()); // after loseConnection: still sent (Twisted)
                    assertThat(s.lostCount).as("not lost re-entrantly").isZero();
                });
                assertThat(c.getInputStream().readAllBytes()).asString().isEqualTo("one twothree");
                assertThat(await(s.lost)).isInstanceOf(ConnectionDoneException.class);
            }
        }
    }

    @Test
    void aBulkPeerDoesNotStarveAPingPongPeerOnTheSameReactor() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            int port = f.listen(new Prepared<>(ViewEcho::new));
            f.start();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong bulkEchoed = new AtomicLong();
            try (Socket bulk = client(port); Socket ping = client(port)) {
                CompletableFuture<Void> blaster = CompletableFuture.runAsync(() -> {
                    byte[] chunk = pattern(256 * 1024);
                    try {
                        OutputStream out = bulk.getOutputStream();
                        while (!stop.get()) {
                            out.write(chunk);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, BulkPathTest::ownThread);
                CompletableFuture<Void> drainer = CompletableFuture.runAsync(() -> {
                    byte[] b = new byte[256 * 1024];
                    try {
                        InputStream in = bulk.getInputStream();
                        int n;
                        while (!stop.get() && (n = in.read(b)) > 0) {
                            bulkEchoed.addAndGet(n);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, BulkPathTest::ownThread);
                // Wait until the bulk stream flows, then play ping-pong beside it.
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(ReactorFixture.WAIT_SECONDS);
                while (bulkEchoed.get() < 4 * 1024 * 1024) {
                    assertThat(System.nanoTime()).as("the bulk stream started").isLessThan(deadline);
                    assertThat(blaster).isNotCompletedExceptionally();
                    Thread.sleep(1);
                }
                long bulkBefore = bulkEchoed.get();
                OutputStream pingOut = ping.getOutputStream();
                InputStream pingIn = ping.getInputStream();
                for (int i = 0; i < 200; i++) {
                    byte[] msg = ("ping " + i).getBytes();
                    pingOut.write(msg);
                    assertThat(readFully(pingIn, msg.length)).isEqualTo(msg);
                }
                assertThat(bulkEchoed.get()).as("the bulk stream kept flowing meanwhile").isGreaterThan(bulkBefore);
                stop.set(true);
                bulk.shutdownOutput();
                bulk.close(); // unblocks the drainer
                for (CompletableFuture<Void> t : List.of(blaster, drainer)) {
                    try {
                        t.join();
                    } catch (java.util.concurrent.CompletionException expectedOnClose) {
                        // the socket was closed under the thread on purpose
                    }
                }
            }
        }
    }

    @Test
    void readSizeGrowsFastShrinksSlowlyAndStaysInBounds() {
        int max = 64 * 1024;
        int r = ReadSizer.initial(max);
        assertThat(ReadSizer.size(r)).as("starts at the maximum").isEqualTo(max);
        r = ReadSizer.record(r, 100, max);
        assertThat(ReadSizer.size(r)).as("one small read does not shrink it").isEqualTo(max);
        r = ReadSizer.record(r, 100, max);
        assertThat(ReadSizer.size(r)).as("two in a row halve it").isEqualTo(32 * 1024);
        for (int i = 0; i < 100; i++) {
            r = ReadSizer.record(r, 1, max);
        }
        assertThat(ReadSizer.size(r)).as("never below the minimum").isEqualTo(ReadSizer.MIN);
        r = ReadSizer.record(r, ReadSizer.MIN, max);
        assertThat(ReadSizer.size(r)).as("a full read quadruples it").isEqualTo(4 * ReadSizer.MIN);
        r = ReadSizer.record(r, 4 * ReadSizer.MIN, max);
        r = ReadSizer.record(r, 16 * ReadSizer.MIN, max);
        assertThat(ReadSizer.size(r)).as("never above the maximum").isEqualTo(max);
        r = ReadSizer.record(r, 40 * 1024, max);
        r = ReadSizer.record(r, 100, max);
        r = ReadSizer.record(r, 40 * 1024, max);
        r = ReadSizer.record(r, 100, max);
        assertThat(ReadSizer.size(r)).as("a read above half breaks the run of small ones").isEqualTo(max);
        int tiny = ReadSizer.initial(2048);
        tiny = ReadSizer.record(tiny, 1, 2048);
        tiny = ReadSizer.record(tiny, 1, 2048);
        assertThat(ReadSizer.size(tiny)).as("a maximum below MIN is also the minimum").isEqualTo(2048);
    }
}
