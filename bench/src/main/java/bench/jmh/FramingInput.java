package bench.jmh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed inputs of the framing benchmarks: 64 MiB of frames, cut into 64 KiB reads as a socket
 * would deliver them (so frames straddle reads). Lines end with CRLF (LineReceiver's default
 * delimiter; Netty's LineBasedFrameDecoder accepts it too); Int32 frames carry a 4-byte
 * big-endian length. Payloads are 10 to 100 printable bytes from a fixed seed.
 */
final class FramingInput {

    /** The size of each input. */
    static final int TOTAL = 64 << 20;

    /** The size of each simulated read. */
    static final int READ = 64 * 1024;

    private FramingInput() {}

    /** The input and how many frames it holds. */
    record Reads(List<byte[]> chunks, long frames) {}

    static Reads lines() {
        return build(false);
    }

    static Reads int32() {
        return build(true);
    }

    private static Reads build(boolean lengthPrefixed) {
        SplittableRandom random = new SplittableRandom(7);
        ByteArrayOutputStream all = new ByteArrayOutputStream(TOTAL + 128);
        long frames = 0;
        while (all.size() < TOTAL) {
            byte[] payload = new byte[random.nextInt(10, 101)];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) random.nextInt('!', '~' + 1);
            }
            if (lengthPrefixed) {
                int n = payload.length;
                all.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, 0, 4);
                all.write(payload, 0, n);
            } else {
                all.write(payload, 0, payload.length);
                all.write("\r\n".getBytes(StandardCharsets.US_ASCII), 0, 2);
            }
            frames++;
        }
        byte[] bytes = all.toByteArray();
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += READ) {
            chunks.add(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + READ)));
        }
        return new Reads(List.copyOf(chunks), frames);
    }
}
