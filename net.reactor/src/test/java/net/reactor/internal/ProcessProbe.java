package net.reactor.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import net.reactor.PushProducer;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessProtocol;

/** A process protocol for the tests: records every event in order, and can stream to stdin. */
class ProcessProbe extends ProcessProtocol {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CRC32 outCrc = new CRC32();
    long outBytes;
    boolean keepOut = true;
    final CompletableFuture<ProcessExitException> exited = new CompletableFuture<>();
    final CompletableFuture<ProcessExitException> ended = new CompletableFuture<>();

    @Override
    public void connectionMade() {
        events.add("connectionMade");
    }

    @Override
    public void outReceived(byte[] data) {
        outCrc.update(data);
        outBytes += data.length;
        if (keepOut) {
            out.writeBytes(data);
        }
    }

    @Override
    public void errReceived(byte[] data) {
        err.writeBytes(data);
    }

    @Override
    public void inConnectionLost() {
        events.add("inConnectionLost");
    }

    @Override
    public void outConnectionLost() {
        events.add("outConnectionLost");
    }

    @Override
    public void errConnectionLost() {
        events.add("errConnectionLost");
    }

    @Override
    public void processExited(ProcessExitException reason) {
        events.add("processExited");
        exited.complete(reason);
    }

    @Override
    public void processEnded(ProcessExitException reason) {
        events.add("processEnded");
        ended.complete(reason);
    }

    /**
     * Writes {@code total} pseudo-random bytes to stdin in 64 KiB chunks as a push producer,
     * then closes stdin. Reactor thread.
     */
    static final class Feeder implements PushProducer {
        final CRC32 crc = new CRC32();
        final long total;
        final ProcessProbe probe;
        long sent;
        boolean paused;
        int pauses;
        boolean stopped;
        private long seed = 42;

        Feeder(ProcessProbe probe, long total) {
            this.probe = probe;
            this.total = total;
        }

        void start() {
            probe.transport().registerProducer(this);
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
            while (!paused && !stopped && sent < total) {
                byte[] chunk = new byte[(int) Math.min(64 * 1024, total - sent)];
                for (int i = 0; i < chunk.length; i += 8) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    for (int j = 0; j < 8 && i + j < chunk.length; j++) {
                        chunk[i + j] = (byte) (seed >>> (8 * j));
                    }
                }
                crc.update(chunk);
                sent += chunk.length;
                probe.transport().write(chunk);
            }
            if (sent == total && !stopped) {
                stopped = true;
                probe.transport().unregisterProducer();
                probe.transport().closeStdin();
            }
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }
    }
}
