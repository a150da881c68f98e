package net.reactor.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides how the writes one end of a {@link MemoryPipe} has buffered become
 * {@code dataReceived} calls at the other end (Twisted's loopback pump policies). The pipe
 * delivers the returned chunks in order, one {@code dataReceived} each, and keeps the rest
 * buffered, in order, if the receiver pauses its transport or the connection ends meanwhile.
 *
 * <p>A protocol must not care where its input is split; {@link #BYTE_AT_A_TIME} and
 * {@link #COLLAPSING} show whether it does.
 */
@FunctionalInterface
public interface DeliveryPolicy {

    /**
     * One {@code dataReceived} per write, as written (Twisted's {@code identityPumpPolicy}); the
     * receiver gets a copy, since it owns what it is given and the writer may write one array
     * more than once.
     */
    DeliveryPolicy IDENTITY = buffered -> buffered.stream().map(byte[]::clone).toList();

    /**
     * Everything buffered joined into one {@code dataReceived} (Twisted's
     * {@code collapsingPumpPolicy}).
     */
    DeliveryPolicy COLLAPSING = buffered -> {
        byte[] joined = new byte[Math.toIntExact(total(buffered))];
        int at = 0;
        for (byte[] chunk : buffered) {
            System.arraycopy(chunk, 0, joined, at, chunk.length);
            at += chunk.length;
        }
        return List.of(joined);
    };

    /** One {@code dataReceived} per byte. */
    DeliveryPolicy BYTE_AT_A_TIME = buffered -> {
        List<byte[]> bytes = new ArrayList<>();
        for (byte[] chunk : buffered) {
            for (byte b : chunk) {
                bytes.add(new byte[] {b});
            }
        }
        return bytes;
    };

    /**
     * Joins what was written and hands it over in reads of at most {@code maxChunk} bytes, as a
     * socket read into a buffer of that size would. A {@link MemoryPipe}'s default, with the
     * real reactor's read buffer size.
     *
     * @param maxChunk the largest chunk, at least 1
     * @return the policy
     * @throws IllegalArgumentException if {@code maxChunk} is below 1
     */
    static DeliveryPolicy upTo(int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("the largest chunk must be at least 1 byte: " + maxChunk);
        }
        return buffered -> {
            long left = total(buffered);
            List<byte[]> reads = new ArrayList<>();
            byte[] read = new byte[(int) Math.min(maxChunk, left)];
            int filled = 0;
            for (byte[] chunk : buffered) {
                for (int from = 0; from < chunk.length; ) {
                    int n = Math.min(chunk.length - from, read.length - filled);
                    System.arraycopy(chunk, from, read, filled, n);
                    from += n;
                    filled += n;
                    left -= n;
                    if (filled == read.length) {
                        reads.add(read);
                        read = new byte[(int) Math.min(maxChunk, left)];
                        filled = 0;
                    }
                }
            }
            return reads;
        };
    }

    /**
     * Turns what was buffered into the chunks to deliver.
     *
     * @param buffered the writes since the last delivery, in order, none empty; do not modify them
     * @return the chunks to deliver, in order; together they must hold the same bytes, in arrays
     *     nobody else holds (the receiver owns them)
     */
    List<byte[]> chunks(List<byte[]> buffered);

    private static long total(List<byte[]> chunks) {
        long total = 0;
        for (byte[] chunk : chunks) {
            total += chunk.length;
        }
        return total;
    }
}
