package net.reactor.blocking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static net.reactor.blocking.BlockingFixture.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Serializable;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionLostException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.HalfCloseableProtocol;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.endpoints.ClientEndpoint;
import net.reactor.endpoints.Endpoints;
import net.reactor.Protocol;
import net.reactor.ReactorNotRunningException;
import net.reactor.ReactorOptions;
import net.threadpool.Blocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingConnectionTest {
    private final BlockingFixture f = new BlockingFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private static final ConnectionHandler ECHO = c -> c.inputStream().transferTo(c.outputStream());

    @Test
    void echoWithHalfCloseAndAddresses() throws Exception {
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        int port = f.serve(c -> {
            serverSaw.complete(c.getHost() + " <- " + c.getPeer() + " on a virtual thread: "
                    + Thread.currentThread().isVirtual() + ", loop bound: " + Blocking.currentLoop().isPresent());
            ECHO.handle(c);
        });
        try (BlockingConnection c = f.connect(port)) {
            assertThat(c.getPeer()).isEqualTo(new IPv4Address(net.reactor.SocketType.TCP, "127.0.0.1", port));
            c.outputStream().write("hello, blocking world".getBytes(UTF_8));
            c.loseWriteConnection();
            assertThat(new String(c.inputStream().readAllBytes(), UTF_8)).isEqualTo("hello, blocking world");
        }
        assertThat(serverSaw.get(30, TimeUnit.SECONDS)).startsWith("127.0.0.1:" + port + " <- 127.0.0.1:")
                .endsWith("on a virtual thread: true, loop bound: true");
    }

    @Test
    void bufferedReaderAndPrintWriterWorkUnmodified() throws Exception {
        int port = f.serve(c -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.inputStream(), UTF_8));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(c.outputStream(), UTF_8), true);
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line.toUpperCase() + " (" + line.length() + ")");
            }
        });
        try (BlockingConnection c = f.connect(port)) {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(c.outputStream(), UTF_8), true);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.inputStream(), UTF_8));
            out.println("first line");
            assertThat(in.readLine()).isEqualTo("FIRST LINE (10)");
            out.println("zweite Zeile, ümlaut");
            assertThat(in.readLine()).isEqualTo("ZWEITE ZEILE, ÜMLAUT (20)");
            out.close(); // closes the output stream: a half-close, the reply still arrives
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void dataStreamsWorkUnmodified() throws Exception {
        int port = f.serve(c -> {
            DataInputStream in = new DataInputStream(c.inputStream());
            DataOutputStream out = new DataOutputStream(c.outputStream());
            int count = in.readInt();
            long sum = 0;
            for (int i = 0; i < count; i++) {
                sum += in.readLong();
            }
            out.writeLong(sum);
            out.writeUTF(in.readUTF() + "!");
        });
        try (BlockingConnection c = f.connect(port)) {
            DataOutputStream out = new DataOutputStream(c.outputStream());
            out.writeInt(10_000);
            for (long i = 1; i <= 10_000; i++) {
                out.writeLong(i);
            }
            out.writeUTF("done");
            DataInputStream in = new DataInputStream(c.inputStream());
            assertThat(in.readLong()).isEqualTo(50_005_000L);
            assertThat(in.readUTF()).isEqualTo("done!");
        }
    }

    record Order(String item, int quantity, List<String> notes) implements Serializable {}

    @Test
    void objectStreamsWorkUnmodified() throws Exception {
        int port = f.serve(c -> {
            ObjectInputStream in = new ObjectInputStream(c.inputStream());
            Order order = (Order) in.readObject();
            ObjectOutputStream out = new ObjectOutputStream(c.outputStream());
            out.writeObject(Map.of("confirmed", order.item(), "total", order.quantity() * 3));
            out.flush();
        });
        try (BlockingConnection c = f.connect(port)) {
            ObjectOutputStream out = new ObjectOutputStream(c.outputStream());
            out.writeObject(new Order("widget", 7, new ArrayList<>(List.of("fragile"))));
            out.flush();
            ObjectInputStream in = new ObjectInputStream(c.inputStream());
            assertThat(in.readObject()).isEqualTo(Map.of("confirmed", "widget", "total", 21));
        }
    }

    @Test
    void theHandlerMayAwaitReactorDeferreds() throws Exception {
        int port = f.serve(c -> {
            String tick = Blocking.await(() -> {
                Deferred<String> d = new Deferred<>();
                f.reactor.callLater(Duration.ofMillis(1), () -> d.callback("tick from the reactor"));
                return d;
            });
            c.outputStream().write(tick.getBytes(UTF_8));
        });
        try (BlockingConnection c = f.connect(port)) {
            assertThat(new String(c.inputStream().readAllBytes(), UTF_8)).isEqualTo("tick from the reactor");
        }
    }

    @Test
    void aCleanCloseByThePeerIsEndOfStream() throws Exception {
        CompletableFuture<Integer> serverRead = new CompletableFuture<>();
        int port = f.serve(c -> serverRead.complete(c.inputStream().read()));
        BlockingConnection c = f.connect(port);
        c.close();
        assertThat(serverRead.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(c.isOpen()).isFalse();
        assertThatThrownBy(() -> c.inputStream().read()).isInstanceOf(IOException.class).hasMessage("Stream closed");
        assertThatThrownBy(() -> c.outputStream().write(1)).isInstanceOf(IOException.class)
                .hasMessage("connection closed");
    }

    @Test
    void aResetDeliversBufferedBytesThenASocketExceptionWithTheReason() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
        CompletableFuture<String> serverGot = new CompletableFuture<>();
        int port = f.serve(c -> {
            until("bytes arrived", () -> availableOrZero(c.inputStream()) == 5);
            received.countDown();
            until("the connection is lost", () -> !c.isOpen());
            serverGot.complete(new String(c.inputStream().readNBytes(5), UTF_8));
            try {
                c.inputStream().read();
            } catch (IOException e) {
                serverSaw.complete(e);
            }
        });
        BlockingConnection c = f.connect(port);
        c.outputStream().write("bytes".getBytes(UTF_8));
        received.await();
        c.abortConnection(); // a TCP reset
        assertThat(serverGot.get(30, TimeUnit.SECONDS)).isEqualTo("bytes");
        assertThat(serverSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(SocketException.class)
                .hasCauseInstanceOf(ConnectionLostException.class);
    }

    private static int availableOrZero(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void reactorStopEndsABlockedReadWithAnIOException() throws Exception {
        BlockingFixture g = new BlockingFixture();
        CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
        CountDownLatch reading = new CountDownLatch(1);
        int port = g.serve(c -> {
            reading.countDown();
            try {
                c.inputStream().read();
            } catch (IOException e) {
                serverSaw.complete(e);
            }
        });
        BlockingConnection client = g.connect(port);
        reading.await();
        g.close(); // stops the reactor, and checks the handler thread has ended
        assertThat(serverSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(SocketException.class)
                .hasMessageContaining("reactor stopped");
        assertThatThrownBy(() -> client.inputStream().read()).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> g.connect(port)).isInstanceOf(ReactorNotRunningException.class);
    }

    @Test
    void aSlowReaderBoundsMemoryOnBothSides() throws Exception {
        StreamOptions small = new StreamOptions(16 * 1024, 16 * 1024);
        CountDownLatch startReading = new CountDownLatch(1);
        AtomicReference<BlockingConnection> serverSide = new AtomicReference<>();
        CompletableFuture<Long> serverChecksum = new CompletableFuture<>();
        int port = f.serve(c -> {
            serverSide.set(c);
            startReading.await();
            CRC32 crc = new CRC32();
            byte[] buf = new byte[8192];
            for (int n; (n = c.inputStream().read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
            serverChecksum.complete(crc.getValue());
        }, small);
        int total = 64 * 1024 * 1024;
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + 7);
        }
        CRC32 expected = new CRC32();
        for (int i = 0; i < total / chunk.length; i++) {
            expected.update(chunk);
        }
        BlockingConnection client = f.connect(port, small);
        AtomicLong written = new AtomicLong();
        Thread writer = Thread.ofVirtual().name(f.name + "-writer").start(() -> {
            try {
                for (int i = 0; i < total / chunk.length; i++) {
                    client.outputStream().write(chunk);
                    written.addAndGet(chunk.length);
                }
                client.loseWriteConnection();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        until("the server's inbound buffer is full", () -> serverSide.get() != null
                && availableOrZero(serverSide.get().inputStream()) >= small.inboundBufferSize());
        until("the transport holds the writer back", () -> client.writePaused()
                && writer.getState() == Thread.State.WAITING);
        // Inbound: the transport stopped reading once the buffer was full (one read may overshoot).
        int readBufferSize = ReactorOptions.defaults().readBufferSize();
        assertThat(serverSide.get().inputStream().available()).isLessThanOrEqualTo(small.inboundBufferSize()
                + readBufferSize);
        // Outbound: the writer waits; its staging buffer and the transport's buffer are bounded.
        long transportBuffered = f.call(client::transportBufferedBytes);
        // Paused once above the high-water mark; at most two staged drains can land after that.
        assertThat(transportBuffered).isLessThanOrEqualTo(
                ReactorOptions.DEFAULT_HIGH_WATER_MARK + 2L * small.outboundBufferSize());
        assertThat(client.stagedBytes()).isLessThanOrEqualTo(small.outboundBufferSize());
        assertThat(written.get()).as("the writer is held back").isLessThan(total);
        startReading.countDown();
        writer.join();
        assertThat(serverChecksum.get(60, TimeUnit.SECONDS)).isEqualTo(expected.getValue());
        client.close();
    }

    @Test
    void aReadTimeoutThrowsSocketTimeoutExceptionAndTheConnectionStaysUsable() throws Exception {
        CountDownLatch timedOut = new CountDownLatch(1);
        int port = f.serve(c -> {
            c.setReadTimeout(Duration.ofMillis(1));
            try {
                c.inputStream().read();
            } catch (SocketTimeoutException e) {
                timedOut.countDown();
            }
            c.setReadTimeout(Duration.ZERO);
            c.outputStream().write(c.inputStream().read());
        });
        try (BlockingConnection c = f.connect(port)) {
            assertThat(timedOut.await(30, TimeUnit.SECONDS)).isTrue();
            c.outputStream().write(42);
            assertThat(c.inputStream().read()).isEqualTo(42);
        }
    }

    @Test
    void interruptingABlockedReaderThrowsInterruptedIOExceptionAndKeepsTheConnection() throws Exception {
        int port = f.serve(ECHO);
        try (BlockingConnection c = f.connect(port)) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            CountDownLatch reading = new CountDownLatch(1);
            Thread reader = Thread.ofVirtual().start(() -> {
                reading.countDown();
                try {
                    c.inputStream().read();
                    outcome.complete("returned");
                } catch (InterruptedIOException e) {
                    outcome.complete("interrupted, flag=" + Thread.currentThread().isInterrupted());
                } catch (IOException e) {
                    outcome.complete(e.toString());
                }
            });
            reading.await();
            until("the reader blocks", () -> reader.getState() == Thread.State.WAITING);
            reader.interrupt();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("interrupted, flag=true");
            reader.join();
            c.outputStream().write(7);
            assertThat(c.inputStream().read()).isEqualTo(7);
        }
    }

    @Test
    void theStreamsRefuseToBlockTheReactorThread() throws Exception {
        int port = f.serve(ECHO);
        try (BlockingConnection c = f.connect(port)) {
            Throwable thrown = f.call(() -> {
                try {
                    c.inputStream().read();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertThat(thrown).isInstanceOf(WrongThreadException.class).hasMessageContaining("virtual thread");
        }
    }

    @Test
    void aRefusedConnectionIsThrownByOpen() throws Exception {
        var port = f.call(() -> f.reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() { }), 50, "127.0.0.1"));
        int n = f.call(() -> ((IPv4Address) port.getHost()).port());
        f.reactor.blockingTasks().await(port::stopListening);
        assertThatThrownBy(() -> f.connect(n)).isInstanceOf(ConnectionRefusedException.class);
    }

    @Test
    void theServerMayReplyAfterThePeerHalfClosed() throws Exception {
        int port = f.serve(c -> {
            byte[] request = c.inputStream().readAllBytes(); // until the client's FIN
            c.outputStream().write(("got " + request.length + " bytes").getBytes(UTF_8));
        });
        try (BlockingConnection c = f.connect(port)) {
            c.outputStream().write(new byte[12345]);
            c.outputStream().close(); // half-close
            assertThatThrownBy(() -> c.outputStream().write(1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("half-closed");
            assertThat(new String(c.inputStream().readAllBytes(), UTF_8)).isEqualTo("got 12345 bytes");
        }
    }

    @Test
    void closingTheInputDiscardsWhatArrivesButWritesGoOn() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        int port = f.serve(c -> {
            c.inputStream().close();
            assertThatThrownBy(() -> c.inputStream().read()).isInstanceOf(IOException.class);
            c.outputStream().write("still writing".getBytes(UTF_8));
            clientDone.await();
        });
        try (BlockingConnection c = f.connect(port)) {
            // Far more than the server's inbound bound: discarded as it arrives, so never blocks us.
            for (int i = 0; i < 64; i++) {
                c.outputStream().write(new byte[64 * 1024]);
            }
            assertThat(new String(c.inputStream().readNBytes(13), UTF_8)).isEqualTo("still writing");
        } finally {
            clientDone.countDown();
        }
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndItsConnectionClosed() throws Exception {
        int port = f.serve(c -> {
            c.outputStream().write("partial".getBytes(UTF_8));
            throw new IllegalStateException("expected in this test: the handler fails");
        });
        try (BlockingConnection c = f.connect(port)) {
            assertThat(new String(c.inputStream().readAllBytes(), UTF_8)).isEqualTo("partial");
        }
    }

    @Test
    void connectThroughAnEndpointStyleFunction() throws Exception {
        int port = f.serve(ECHO);
        // An endpoint connects a factory's protocol and fires a Deferred once it is connected.
        BlockingConnection c = f.reactor.blockingTasks().await(() -> BlockingClient.connect(f.reactor, factory -> {
            Deferred<Protocol> connected = new Deferred<>();
            f.reactor.connectTCP("127.0.0.1", port, new ClientFactory() {
                @Override
                public Protocol buildProtocol(Address address) {
                    return new ForwardingProtocol(factory.buildProtocol(address), connected);
                }

                @Override
                public void clientConnectionFailed(Connector connector, Throwable reason) {
                    connected.errback(reason);
                }
            });
            return connected;
        }, StreamOptions.defaults()));
        try (c) {
            c.outputStream().write(new byte[] {1, 2, 3});
            c.loseWriteConnection();
            assertThat(c.inputStream().readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void serveAndConnectThroughStringEndpoints() throws Exception {
        ListeningPort port = f.reactor.blockingTasks().await(() -> BlockingServer.listen(f.reactor,
                Endpoints.serverFromString(f.reactor, "tcp:0:interface=127.0.0.1"), ECHO));
        int n = f.call(() -> ((IPv4Address) port.getHost()).port());
        ClientEndpoint endpoint = f.call(() -> Endpoints.clientFromString(f.reactor, "tcp:host=127.0.0.1:port=" + n));
        try (BlockingConnection c = BlockingClient.open(f.reactor, endpoint)) {
            c.outputStream().write("via endpoints".getBytes(UTF_8));
            c.loseWriteConnection();
            assertThat(new String(c.inputStream().readAllBytes(), UTF_8)).isEqualTo("via endpoints");
        }
    }

    /** What an endpoint puts around the user's protocol: forwards events, fires when connected. */
    private static final class ForwardingProtocol extends Protocol implements HalfCloseableProtocol {
        private final Protocol wrapped;
        private final Deferred<Protocol> connected;

        ForwardingProtocol(Protocol wrapped, Deferred<Protocol> connected) {
            this.wrapped = wrapped;
            this.connected = connected;
        }

        @Override
        public void connectionMade() {
            wrapped.makeConnection(transport());
            connected.callback(wrapped);
        }

        @Override
        public void dataReceived(byte[] data) {
            wrapped.dataReceived(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            wrapped.connectionLost(reason);
        }

        @Override
        public void readConnectionLost() {
            ((HalfCloseableProtocol) wrapped).readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            ((HalfCloseableProtocol) wrapped).writeConnectionLost();
        }
    }

    @Test
    void cancellingAConnectionAttemptStopsIt() throws Exception {
        int port = f.serve(ECHO);
        // Cancelled in the same turn of the loop, before the attempt can complete.
        List<Deferred<BlockingConnection>> attempt = f.call(() -> {
            Deferred<BlockingConnection> d = BlockingClient.connectTCP(f.reactor, "127.0.0.1", port);
            d.cancel();
            return List.of(d);
        });
        Deferred<BlockingConnection> d = attempt.get(0);
        assertThatThrownBy(() -> f.reactor.blockingTasks().await(d))
                .isInstanceOfAny(java.util.concurrent.CancellationException.class,
                        net.reactor.UserCancelledConnectException.class);
    }

    @Test
    void manyWritesCoalesceAndArriveInOrder() throws Exception {
        int port = f.serve(ECHO);
        try (BlockingConnection c = f.connect(port)) {
            CompletableFuture<byte[]> echoed = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    echoed.complete(c.inputStream().readAllBytes());
                } catch (IOException e) {
                    echoed.completeExceptionally(e);
                }
            });
            OutputStream out = c.outputStream();
            byte[] expected = new byte[100_000];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) i;
                out.write(i); // one byte at a time
            }
            c.loseWriteConnection();
            assertThat(Arrays.equals(echoed.get(30, TimeUnit.SECONDS), expected)).isTrue();
            reader.join();
        }
    }
}
