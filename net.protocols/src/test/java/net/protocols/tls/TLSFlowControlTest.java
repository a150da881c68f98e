package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.zip.CRC32;
import net.reactor.ConnectionDoneException;
import net.reactor.Producer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.ReactorOptions;
import net.reactor.testing.MemoryPipe;
import org.junit.jupiter.api.Test;

/** Producers and consumers through the TLS layer, with a slow reader at the other end. */
class TLSFlowControlTest {
    static final int CHUNK = 16 * 1024;

    /** Writes a deterministic pattern in chunks until paused or done. */
    static final class PatternProducer implements PushProducer, PullProducer {
        final TLSTransport transport;
        final long total;
        final CRC32 crc = new CRC32();
        long sent;
        boolean paused;
        boolean stopped;
        int pauses;
        int resumes;
        final boolean streaming;

        PatternProducer(TLSTransport transport, long total, boolean streaming) {
            this.transport = transport;
            this.total = total;
            this.streaming = streaming;
        }

        byte[] next() {
            int n = (int) Math.min(CHUNK, total - sent);
            byte[] chunk = new byte[n];
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ((sent + i) * 31 + 7);
            }
            sent += n;
            crc.update(chunk);
            return chunk;
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            resumes++;
            paused = false;
            if (streaming) {
                while (!paused && !stopped && sent < total) {
                    transport.write(next());
                }
            } else if (sent < total) {
                transport.write(next());
            }
            if (sent == total && !stopped) {
                stopped = true;
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }
    }

    static final class IdlePullProducer implements PullProducer {
        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {}
    }

    /** Counts what arrives, and can stop reading. */
    static final class Sink extends Recorder {
        final CRC32 crc = new CRC32();
        long count;

        @Override
        public void dataReceived(byte[] data) {
            crc.update(data);
            count += data.length;
        }
    }

    @Test
    void aSlowReaderPausesTheWritersProducerAndResumesIt() {
        Sink sink = new Sink();
        sink.onConnectionMade = () -> sink.transport().pauseProducing();
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test", sink, new Recorder());
        PatternProducer producer = new PatternProducer(pair.clientApp.tls(), 4L << 20, true);
        pair.clientApp.transport().registerProducer(producer, true);
        producer.resumeProducing();
        pair.pipe.pump();

        assertThat(producer.paused).isTrue();
        assertThat(producer.sent).isLessThan(producer.total);
        assertThat(pair.clientApp.tls().bufferedBytes()).isGreaterThan(ReactorOptions.DEFAULT_HIGH_WATER_MARK);
        assertThat(sink.count).as("the reader paused before any data").isZero();
        assertThat(pair.pipe.client().queued()).as("ciphertext waits below, not in the reader").isPositive();

        sink.transport().resumeProducing();
        pair.pipe.pump();

        assertThat(producer.sent).isEqualTo(producer.total);
        assertThat(producer.pauses).isGreaterThan(1);
        assertThat(sink.count).isEqualTo(producer.total);
        assertThat(sink.crc.getValue()).isEqualTo(producer.crc.getValue());
        assertThat(sink.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void aPullProducerIsAskedForMoreEachTimeTheBufferDrains() {
        Sink sink = new Sink();
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test", sink, new Recorder());
        PatternProducer producer = new PatternProducer(pair.clientApp.tls(), 1L << 20, false);
        pair.clientApp.transport().registerProducer(producer, false);
        pair.pipe.pump();

        assertThat(producer.resumes).isEqualTo((int) (producer.total / CHUNK));
        assertThat(sink.count).isEqualTo(producer.total);
        assertThat(sink.crc.getValue()).isEqualTo(producer.crc.getValue());
        assertThat(sink.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void aRegisteredPullProducerHoldsTheCloseUntilItUnregisters() {
        Sink sink = new Sink();
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test", sink, new Recorder());
        pair.clientApp.transport().registerProducer(new IdlePullProducer(), false);
        pair.clientApp.transport().loseConnection();
        pair.pipe.pump();
        assertThat(sink.lost).isEmpty();

        pair.clientApp.transport().unregisterProducer();
        pair.pipe.pump();
        assertThat(sink.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void theProducerIsStoppedWhenTheConnectionIsLost() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        PatternProducer producer = new PatternProducer(pair.clientApp.tls(), 1L << 30, true);
        pair.clientApp.transport().registerProducer(producer, true);
        pair.serverApp.transport().abortConnection();
        pair.pipe.pump();

        assertThat(producer.stopped).isTrue();
    }

    @Test
    void registeringTwiceOrTheWrongKindIsRefused() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        Producer notPush = new IdlePullProducer();
        assertThatThrownBy(() -> pair.clientApp.transport().registerProducer(notPush, true))
                .isInstanceOf(IllegalArgumentException.class);
        pair.clientApp.transport().registerProducer(notPush, false);
        assertThatThrownBy(() -> pair.clientApp.transport().registerProducer(notPush, false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pausingTheTLSTransportPausesReadingBelow() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.serverApp.transport().pauseProducing();
        pair.clientApp.send("held back");
        pair.pipe.pump();
        assertThat(pair.serverApp.text()).isEmpty();
        assertThat(pair.pipe.client().queued()).isPositive();

        pair.serverApp.transport().resumeProducing();
        pair.pipe.pump();
        assertThat(pair.serverApp.text()).isEqualTo("held back");
    }

    /**
     * The layer has no high-water mark of its own: plaintext that cannot be encrypted yet (the
     * STARTTLS handshake is running) pauses a streaming producer at once, and the handshake's end
     * resumes it; after that only the transport below (the pipe's 64 KiB mark) pauses it.
     */
    @Test
    void aProducerWritingBeforeTheHandshakeIsPausedUntilItCompletes() {
        MemoryPipe pipe = MemoryPipe.create(new net.reactor.testing.Clock());
        Sink sink = new Sink();
        Recorder client = new Recorder();
        pipe.connect(client, sink);
        TLS.startTLS(sink.transport(), Certificates.server());
        TLSTransport tls = TLS.startTLS(client.transport(), Certificates.client().withServerName("server.test"));
        PatternProducer producer = new PatternProducer(tls, 1L << 20, true);
        client.transport().registerProducer(producer, true);

        producer.resumeProducing();

        assertThat(producer.sent).as("one chunk, then paused").isEqualTo(CHUNK);
        assertThat(producer.paused).isTrue();
        assertThat(tls.isHandshakeComplete()).isFalse();

        pipe.pump();

        assertThat(tls.isHandshakeComplete()).isTrue();
        assertThat(producer.sent).isEqualTo(producer.total);
        assertThat(sink.count).isEqualTo(producer.total);
        assertThat(sink.crc.getValue()).isEqualTo(producer.crc.getValue());
        assertThat(sink.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }
}
