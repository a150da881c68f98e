package spindle.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static spindle.it.tls.ReactorRunner.await;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import org.junit.jupiter.api.Test;

/** 64 MiB through TLS over loopback, with flow control, checked by SHA-256 at both ends. */
class BulkTransferTest {
    static final long SIZE = 64L << 20;
    static final int CHUNK = 64 * 1024;
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost", "127.0.0.1");

    /** Counts and digests what arrives; once it has everything, answers with the digest. */
    static final class DigestingServer extends Protocol {
        final MessageDigest sha = sha256();
        long received;

        @Override
        public void dataReceived(byte[] data) {
            sha.update(data);
            received += data.length;
            if (received == SIZE) {
                transport().write((HexFormat.of().formatHex(sha.digest()) + "\n").getBytes());
                transport().loseConnection();
            }
        }
    }

    /** Streams a pseudo-random pattern as a push producer, paused by the transport's high-water mark. */
    static final class Streamer extends Apps.Client implements PushProducer {
        final MessageDigest sha = sha256();
        final CompletableFuture<Long> started = new CompletableFuture<>();
        long sent;
        long seed = 42;
        boolean paused;
        int pauses;

        Streamer() {
            super("");
        }

        @Override
        public void connectionMade() {
            super.connectionMade();
            started.complete(System.nanoTime());
            transport().registerProducer(this, true);
            resumeProducing();
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            while (!paused && sent < SIZE) {
                byte[] chunk = new byte[CHUNK];
                for (int i = 0; i < CHUNK; i += 8) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    long v = seed;
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                sha.update(chunk);
                sent += CHUNK;
                transport().write(chunk);
            }
            if (sent == SIZE && !paused) {
                transport().unregisterProducer();
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sixtyFourMebibytesArriveIntact() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            int port = r.call(() -> ((IPv4Address) TLS.listenSSL(r.reactor, 0, Factory.forProtocol(DigestingServer::new),
                    TLSServerOptions.of(CERT.key()), 50, "127.0.0.1").getHost()).port());
            Streamer client = new Streamer();
            r.run(() -> TLS.connectSSL(r.reactor, "127.0.0.1", port, new Apps.Outcome(client),
                    TLSClientOptions.trusting(Trust.certificates(CERT.certificate()))));

            String digest = await(client.firstLine);
            long elapsed = System.nanoTime() - await(client.started);

            assertThat(digest).isEqualTo(HexFormat.of().formatHex(client.sha.digest()));
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            assertThat(client.pauses).as("the producer was paused by flow control").isPositive();
            // Reported, not asserted: the machine is shared.
            System.err.printf("TLS bulk over loopback: 64 MiB in %.2f s = %.0f MB/s (one reactor, both ends)%n",
                    elapsed / 1e9, SIZE / 1e6 / (elapsed / 1e9));
        }
    }
}
