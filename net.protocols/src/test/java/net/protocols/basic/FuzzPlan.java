package net.protocols.basic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;
import net.reactor.PushProducer;
import net.reactor.testing.StringTransport;

/**
 * How a fuzz input is fed to a receiver: the fuzzer chooses chunk sizes and, between chunks,
 * whether to pause or resume the receiver; the rest of the input is the byte stream.
 */
final class FuzzPlan {
    final int[] chunkSizes;
    final long pauseBits;
    final byte[] stream;

    private FuzzPlan(int[] chunkSizes, long pauseBits, byte[] stream) {
        this.chunkSizes = chunkSizes;
        this.pauseBits = pauseBits;
        this.stream = stream;
    }

    /** Consumes the plan; call after the parser's own parameters are consumed. */
    static FuzzPlan consume(FuzzedDataProvider data) {
        int[] sizes = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = data.consumeInt(1, 80);
        }
        long pauses = data.consumeLong();
        return new FuzzPlan(sizes, pauses, data.consumeRemainingAsBytes());
    }

    /**
     * Where each read of {@link #feed} ends.
     *
     * @return ascending offsets into the stream, the last one its length
     */
    int[] readEnds() {
        java.util.List<Integer> ends = new java.util.ArrayList<>();
        int at = 0;
        for (int step = 0; at < stream.length; step++) {
            at = Math.min(stream.length, at + chunkSizes[step % chunkSizes.length]);
            ends.add(at);
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A transport that tolerates pause and resume after a close, as a real one does. */
    static StringTransport transport() {
        return new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
    }

    /**
     * Feeds the stream chunk by chunk, pausing or resuming {@code receiver} between chunks as the
     * plan says, keeps feeding after a close (the receiver must then ignore the data), and
     * resumes at the end so that everything buffered is delivered.
     *
     * @param afterChunk runs after every chunk, to check invariants
     */
    void feed(net.reactor.Protocol receiver, Runnable afterChunk) {
        int at = 0;
        int step = 0;
        while (at < stream.length) {
            int n = Math.min(chunkSizes[step % chunkSizes.length], stream.length - at);
            receiver.dataReceived(Arrays.copyOfRange(stream, at, at + n));
            at += n;
            if (receiver instanceof PushProducer producer) {
                if ((pauseBits >>> (step % 64) & 1) != 0) {
                    producer.pauseProducing();
                } else {
                    producer.resumeProducing();
                }
            }
            afterChunk.run();
            step++;
        }
        if (receiver instanceof PushProducer producer) {
            producer.resumeProducing();
        }
        afterChunk.run();
    }
}
