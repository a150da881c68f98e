package bench.measure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import net.protocols.internal.tls.EngineFactory;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientFactory;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSCrypto;
import net.protocols.tls.TLSServerFactory;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import net.reactor.SocketType;
import net.reactor.testing.Clock;

/**
 * The CPU cost of Spindle's TLS layer, in one process and without sockets: a client and a server
 * built by {@link TLSServerFactory} and {@link TLSClientFactory} (as {@code listenSSL} and
 * {@code connectSSL} build them) joined by an in-memory {@link MemoryPipe}. Figures are reported,
 * never asserted.
 *
 * <ul>
 *   <li>{@code bulk}: 16 KiB writes from a streaming producer, as fast as flow control allows,
 *       with {@link TLSCrypto#JDK} and {@link TLSCrypto#BOUNCY_CASTLE}, in MB per CPU-second;
 *       beside it, the same transfer through two engines wired directly (no layer, no
 *       transport), the baseline the layer's overhead is read against.</li>
 *   <li>{@code handshakes}: full handshakes per CPU-second (both ends in this process) with an
 *       EC P-256 and an RSA-2048 certificate, TLS 1.3 and 1.2, and how long one handshake holds
 *       each side's reactor thread (wall clock).</li>
 * </ul>
 *
 * <p>CPU time is the whole process's (the measuring thread plus the JIT and GC it causes), read
 * from {@link ProcessHandle}. The baseline's engines come from
 * {@code net.protocols.internal.tls.EngineFactory}, which configures engines exactly as the layer
 * gets them; that package is not exported by the net.reactor module, and this class reaches it
 * only because bench runs on the class path.
 */
public final class TlsLayerMeasurements {

    private static final SelfSignedCertificate EC = SelfSignedCertificate.generate("server.test", "127.0.0.1");
    private static final Address SERVER_ADDRESS = new IPv4Address(SocketType.TCP, "127.0.0.1", 443);

    private TlsLayerMeasurements() {}

    /**
     * Runs the measurements and prints the figures.
     *
     * @param args {@code bulk}, {@code handshakes}, or nothing for both
     * @throws SSLException if the baseline's engines fail
     */
    public static void main(String[] args) throws SSLException {
        String which = args.length > 0 ? args[0] : "all";
        if (!which.equals("all") && !which.equals("bulk") && !which.equals("handshakes")) {
            throw new IllegalArgumentException("usage: TlsLayerMeasurements [bulk|handshakes]");
        }
        if (!which.equals("handshakes")) {
            bulkThroughput();
        }
        if (!which.equals("bulk")) {
            handshakeRate();
        }
    }

    private static TLSServerOptions serverOptions() {
        return TLSServerOptions.of(EC.key());
    }

    private static TLSClientOptions clientOptions() {
        return TLSClientOptions.trusting(Trust.certificates(EC.certificate()));
    }

    private static long cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    // ---- bulk ------------------------------------------------------------------------------

    private static void bulkThroughput() throws SSLException {
        bulk(TLSCrypto.JDK, 64L << 20); // warm-up
        bulk(TLSCrypto.BOUNCY_CASTLE, 8L << 20); // warm-up
        bare(64L << 20); // warm-up
        for (int round = 0; round < 5; round++) {
            bulk(TLSCrypto.JDK, 256L << 20);
            bare(256L << 20);
            bulk(TLSCrypto.BOUNCY_CASTLE, 32L << 20);
        }
    }

    /** Does nothing with what it receives. */
    private static final class Idle extends Protocol {}

    /** Counts the bytes it receives. */
    private static final class Counter extends Protocol {
        long count;

        @Override
        public void dataReceived(byte[] data) {
            count += data.length;
        }
    }

    /** Writes fixed 16 KiB chunks as fast as flow control allows. */
    private static final class Blaster implements PushProducer {
        private final TLSTransport transport;
        private final byte[] chunk = new byte[16 * 1024];
        private long remaining;
        private boolean paused;

        Blaster(TLSTransport transport, long total) {
            this.transport = transport;
            this.remaining = total;
        }

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            while (!paused && remaining > 0) {
                remaining -= chunk.length;
                transport.write(chunk.clone());
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    private static void bulk(TLSCrypto crypto, long bytes) {
        Clock clock = new Clock();
        MemoryPipe pipe = new MemoryPipe(clock);
        Counter sink = new Counter();
        Idle sender = new Idle();
        TLSServerFactory servers = new TLSServerFactory(Factory.forProtocol(() -> sink),
                serverOptions().withCrypto(crypto), clock, pipe.reactorExecutor());
        TLSClientFactory clients = new TLSClientFactory(ClientFactory.forProtocol(() -> sender),
                clientOptions().withCrypto(crypto), "server.test", 443, clock, pipe.reactorExecutor());
        pipe.connect(Objects.requireNonNull(clients.buildProtocol(SERVER_ADDRESS)),
                Objects.requireNonNull(servers.buildProtocol(pipe.client.getHost())));
        if (!sender.connected()) {
            throw new IllegalStateException("the TLS handshake did not complete");
        }
        TLSTransport tls = (TLSTransport) sender.transport();
        Blaster blaster = new Blaster(tls, bytes);
        tls.registerProducer(blaster, true);
        long c0 = cpu();
        long t0 = System.nanoTime();
        blaster.resumeProducing();
        pipe.pump();
        long c1 = cpu();
        long t1 = System.nanoTime();
        if (sink.count != bytes) {
            throw new IllegalStateException("lost data: received " + sink.count + " of " + bytes + " bytes");
        }
        System.out.printf(Locale.ROOT, "bulk %-13s %5d MiB: %7.1f MB per CPU-second (%.1f MB/s wall), cipher %s%n",
                crypto, bytes >> 20, bytes / 1e6 / ((c1 - c0) / 1e9), bytes / 1e6 / ((t1 - t0) / 1e9),
                tls.cipherSuite());
    }

    /** The same transfer with two engines wired directly, without the layer: the baseline. */
    private static void bare(long bytes) throws SSLException {
        SSLEngine server = EngineFactory.of(serverOptions()).newEngine(null, -1);
        SSLEngine client = EngineFactory.of(clientOptions()).newEngine("server.test", 443);
        ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 50 && (client.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                || server.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING); i++) {
            step(client, c2s, s2c, app, empty);
            step(server, s2c, c2s, app, empty);
        }
        byte[] chunk = new byte[16 * 1024];
        long c0 = cpu();
        for (long sent = 0; sent < bytes; sent += chunk.length) {
            c2s.clear();
            client.wrap(ByteBuffer.wrap(chunk.clone()), c2s);
            c2s.flip();
            app.clear();
            server.unwrap(c2s, app);
            byte[] delivered = Arrays.copyOf(app.array(), app.position());
            if (delivered.length != chunk.length) {
                throw new IllegalStateException("short record: " + delivered.length + " bytes");
            }
        }
        long c1 = cpu();
        System.out.printf(Locale.ROOT, "bulk bare engines %5d MiB: %7.1f MB per CPU-second (no layer, no transport)%n",
                bytes >> 20, bytes / 1e6 / ((c1 - c0) / 1e9));
    }

    /** Moves one engine's handshake along: wraps what it wants to send, unwraps what it got. */
    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app, ByteBuffer empty)
            throws SSLException {
        for (int k = 0; k < 10; k++) {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                engine.wrap(empty, out);
                continue;
            }
            in.flip();
            if (in.hasRemaining()) {
                app.clear();
                var result = engine.unwrap(in, app);
                in.compact();
                if (result.bytesConsumed() > 0) {
                    continue;
                }
            } else {
                in.compact();
            }
            break;
        }
    }

    // ---- handshakes ------------------------------------------------------------------------

    private static void handshakeRate() {
        SelfSignedCertificate rsaKey = SelfSignedCertificate.generate(SelfSignedCertificate.KeyType.RSA_2048,
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), "server.test");
        TLSServerOptions ec = serverOptions();
        TLSClientOptions ecClient = clientOptions();
        TLSServerOptions rsa = TLSServerOptions.of(rsaKey.key());
        TLSClientOptions rsaClient = TLSClientOptions.trusting(Trust.certificates(rsaKey.certificate()));
        handshakes("warm-up", ec, ecClient, 300);
        handshakes("warm-up", rsa, rsaClient, 100);
        for (int round = 0; round < 3; round++) {
            handshakes("TLS 1.3, P-256 certificate", ec, ecClient, 500);
            handshakes("TLS 1.3, RSA-2048 certificate", rsa, rsaClient, 300);
            handshakes("TLS 1.2, P-256 certificate", ec, ecClient.withProtocols("TLSv1.2"), 500);
        }
    }

    private static void handshakes(String label, TLSServerOptions server, TLSClientOptions client, int count) {
        // Factories are made once, as listenSSL/connectSSL make them; each handshake is a new engine.
        Clock clock = new Clock();
        TLSServerFactory servers = new TLSServerFactory(Factory.forProtocol(Idle::new), server, clock, Runnable::run);
        TLSClientFactory clients = new TLSClientFactory(ClientFactory.forProtocol(Idle::new), client,
                "server.test", 443, clock, Runnable::run);
        long serverNanos = 0;
        long clientNanos = 0;
        long c0 = cpu();
        for (int i = 0; i < count; i++) {
            MemoryPipe pipe = new MemoryPipe(clock);
            Protocol clientLayer = Objects.requireNonNull(clients.buildProtocol(SERVER_ADDRESS));
            pipe.connect(clientLayer, Objects.requireNonNull(servers.buildProtocol(pipe.client.getHost())));
            if (!((TLSTransport) clientLayer).isHandshakeComplete()) {
                throw new IllegalStateException("handshake failed: " + label);
            }
            serverNanos += pipe.server.nanosInProtocol;
            clientNanos += pipe.client.nanosInProtocol;
        }
        long c1 = cpu();
        System.out.printf(Locale.ROOT,
                "handshakes %-30s %5.0f per CPU-second (both ends in one process); one handshake holds the "
                        + "server's reactor thread %.2f ms, the client's %.2f ms (wall)%n",
                label, count / ((c1 - c0) / 1e9), serverNanos / 1e6 / count, clientNanos / 1e6 / count);
    }
}
