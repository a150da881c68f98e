package bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AmpSumTest {

    @Test
    void theCounterFindsEveryBoxWhereverTheReadsSplitThem() {
        byte[] one = AmpSum.call("1f", 5, 3);
        byte[] stream = new byte[one.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(one, 0, stream, i * one.length, one.length);
        }
        for (int split = 0; split <= stream.length; split++) {
            AmpSum.Counter counter = new AmpSum.Counter();
            int boxes = counter.count(ByteBuffer.wrap(stream, 0, split));
            boxes += counter.count(ByteBuffer.wrap(stream, split, stream.length - split));
            assertThat(boxes).as("split at %d", split).isEqualTo(3);
        }
        // One byte at a time.
        AmpSum.Counter counter = new AmpSum.Counter();
        int boxes = 0;
        for (byte b : stream) {
            boxes += counter.count(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(boxes).isEqualTo(3);
    }

    @Test
    void aCallIsTheBoxTwistedWrites() {
        // _command=sum, _ask=1, a=5, b=3, then the empty key.
        assertThat(AmpSum.call("1", 5, 3)).containsExactly(
                0, 8, '_', 'c', 'o', 'm', 'm', 'a', 'n', 'd', 0, 3, 's', 'u', 'm',
                0, 4, '_', 'a', 's', 'k', 0, 1, '1',
                0, 1, 'a', 0, 1, '5',
                0, 1, 'b', 0, 1, '3',
                0, 0);
    }
}
