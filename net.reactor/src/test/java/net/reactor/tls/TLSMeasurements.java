package net.reactor.tls;

import java.util.Locale;
import net.reactor.PushProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurements, reported and never asserted (the machine is shared and noisy). Run with
 * {@code ./mvnw -o -q verify -pl net.reactor -am -Dtest=TLSMeasurements -Dspindle.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and read the output file in target/surefire-reports.
 * Everything runs on the test's thread; CPU time is the whole process's (that thread plus the
 * JIT and GC it causes), read from {@link ProcessHandle}, since the test module cannot read
 * java.management.
 */
@EnabledIfSystemProperty(named = "spindle.measure", matches = "true")
class TLSMeasurements {
    static long cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** Writes fixed 16 KiB chunks as fast as flow control allows. */
    static final class Blaster implements PushProducer {
        final TLSTransport transport;
        final byte[] chunk = new byte[16 * 1024];
        long remaining;
        boolean paused;

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

    static final class Counter extends Recorder {
        long count;

        @Override
        public void dataReceived(byte[] data) {
            count += data.length;
        }
    }

    double bulk(TLSCrypto crypto, long bytes) {
        Counter sink = new Counter();
        TLSPair pair = TLSPair.connect(Certificates.server().withCrypto(crypto), Certificates.client().withCrypto(crypto),
                "server.test", sink, new Recorder());
        Blaster blaster = new Blaster(pair.clientApp.tls(), bytes);
        pair.clientApp.transport().registerProducer(blaster, true);
        long c0 = cpu();
        long t0 = System.nanoTime();
        blaster.resumeProducing();
        pair.pipe.pump();
        long c1 = cpu();
        long t1 = System.nanoTime();
        if (sink.count != bytes) {
            throw new AssertionError("lost data: " + sink.count);
        }
        double mbPerCpuSecond = bytes / 1e6 / ((c1 - c0) / 1e9);
        System.out.printf(Locale.ROOT, "bulk %-13s %5d MiB: %7.1f MB per CPU-second (%.1f MB/s wall), cipher %s%n",
                crypto, bytes >> 20, mbPerCpuSecond, bytes / 1e6 / ((t1 - t0) / 1e9), pair.clientApp.tls().cipherSuite());
        return mbPerCpuSecond;
    }

    @Test
    void bulkThroughput() throws Exception {
        bulk(TLSCrypto.JDK, 64L << 20); // warm-up
        bulk(TLSCrypto.BOUNCY_CASTLE, 8L << 20); // warm-up
        bare(64L << 20); // warm-up
        for (int round = 0; round < 5; round++) {
            bulk(TLSCrypto.JDK, 256L << 20);
            bare(256L << 20);
            bulk(TLSCrypto.BOUNCY_CASTLE, 32L << 20);
        }
    }

    /** The same transfer with two engines wired directly, without the layer: the baseline. */
    void bare(long bytes) throws Exception {
        var server = net.reactor.internal.tls.EngineFactory.of(Certificates.server()).newEngine(null, -1);
        var client = net.reactor.internal.tls.EngineFactory.of(Certificates.client()).newEngine("server.test", 443);
        java.nio.ByteBuffer c2s = java.nio.ByteBuffer.allocate(1 << 17);
        java.nio.ByteBuffer s2c = java.nio.ByteBuffer.allocate(1 << 17);
        java.nio.ByteBuffer app = java.nio.ByteBuffer.allocate(1 << 17);
        java.nio.ByteBuffer empty = java.nio.ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 50 && (client.getHandshakeStatus() != javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || server.getHandshakeStatus() != javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING); i++) {
            step(client, c2s, s2c, app, empty);
            step(server, s2c, c2s, app, empty);
        }
        byte[] chunk = new byte[16 * 1024];
        long c0 = cpu();
        for (long sent = 0; sent < bytes; sent += chunk.length) {
            c2s.clear();
            client.wrap(java.nio.ByteBuffer.wrap(chunk.clone()), c2s);
            c2s.flip();
            app.clear();
            server.unwrap(c2s, app);
            byte[] delivered = java.util.Arrays.copyOf(app.array(), app.position());
            if (delivered.length != chunk.length) {
                throw new AssertionError("short record");
            }
        }
        long c1 = cpu();
        System.out.printf(Locale.ROOT, "bulk bare engines %5d MiB: %7.1f MB per CPU-second (no layer, no transport)%n",
                bytes >> 20, bytes / 1e6 / ((c1 - c0) / 1e9));
    }

    private static void step(javax.net.ssl.SSLEngine e, java.nio.ByteBuffer out, java.nio.ByteBuffer in,
            java.nio.ByteBuffer app, java.nio.ByteBuffer empty) throws Exception {
        for (int k = 0; k < 10; k++) {
            var hs = e.getHandshakeStatus();
            if (hs == javax.net.ssl.SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                e.wrap(empty, out);
                continue;
            }
            in.flip();
            if (in.hasRemaining()) {
                app.clear();
                var r = e.unwrap(in, app);
                in.compact();
                if (r.bytesConsumed() > 0) {
                    continue;
                }
            } else {
                in.compact();
            }
            break;
        }
    }

    void handshakes(String label, TLSServerOptions server, TLSClientOptions client, int count) {
        // Factories are made once, as listenSSL/connectSSL make them; each handshake is a new engine.
        net.reactor.testing.Clock clock = new net.reactor.testing.Clock();
        TLSServerFactory servers = new TLSServerFactory(net.reactor.Factory.forProtocol(Recorder::new), server, clock,
                Runnable::run);
        TLSClientFactory clients = new TLSClientFactory(net.reactor.ClientFactory.forProtocol(Recorder::new), client,
                "server.test", 443, clock, Runnable::run);
        net.reactor.Address address = new net.reactor.IPv4Address(net.reactor.SocketType.TCP, "127.0.0.1", 443);
        long serverNanos = 0;
        long clientNanos = 0;
        long c0 = cpu();
        for (int i = 0; i < count; i++) {
            MemoryPipe pipe = MemoryPipe.create(clock);
            net.reactor.internal.tls.TLSConnection c =
                    (net.reactor.internal.tls.TLSConnection) clients.buildProtocol(address);
            pipe.connect(c, servers.buildProtocol(address));
            if (!c.isHandshakeComplete()) {
                throw new AssertionError("handshake failed");
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

    @Test
    void handshakeRate() {
        TLSServerOptions ec = Certificates.server();
        TLSClientOptions ecClient = Certificates.client();
        TLSServerOptions rsa = TLSServerOptions.of(Certificates.Rsa.SERVER.key());
        TLSClientOptions rsaClient = TLSClientOptions.trusting(Trust.certificates(Certificates.Rsa.SERVER.certificate()));
        handshakes("warm-up", ec, ecClient, 300);
        handshakes("warm-up", rsa, rsaClient, 100);
        for (int round = 0; round < 3; round++) {
            handshakes("TLS 1.3, P-256 certificate", ec, ecClient, 500);
            handshakes("TLS 1.3, RSA-2048 certificate", rsa, rsaClient, 300);
            handshakes("TLS 1.2, P-256 certificate", ec, ecClient.withProtocols("TLSv1.2"), 500);
        }
    }
}
