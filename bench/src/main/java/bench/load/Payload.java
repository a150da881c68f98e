package bench.load;

import java.nio.ByteBuffer;

/** The bytes the workloads send: a fixed pattern in a direct buffer, built once. */
final class Payload {

    private Payload() {}

    static ByteBuffer direct(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            buffer.put((byte) ('a' + i % 26));
        }
        return buffer.flip();
    }
}
