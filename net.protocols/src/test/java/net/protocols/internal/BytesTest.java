package net.protocols.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {

    private static int naive(byte[] a, int from, int to, byte[] p) {
        for (int i = from; i + p.length <= to; i++) {
            boolean match = true;
            for (int j = 0; j < p.length && match; j++) {
                match = a[i + j] == p[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheSameFirstMatchAsANaiveSearchEverywhere() {
        Random random = new Random(99);
        byte[][] patterns = {{'\n'}, {'\r', '\n'}, {0}, {(byte) 0x80}, {(byte) 0xFF, 0}, {1, 1, 2}, {'a', 'a', 'b'}};
        for (int round = 0; round < 20_000; round++) {
            byte[] a = new byte[random.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                // A small alphabet, so matches, near-misses and borrows between bytes are common.
                a[i] = (byte) new int[] {0, 1, 2, '\r', '\n', 'a', 'b', 0x80, 0xFF, 0x7F}[random.nextInt(10)];
            }
            int from = a.length == 0 ? 0 : random.nextInt(a.length + 1);
            int to = from + random.nextInt(a.length - from + 1);
            byte[] p = patterns[random.nextInt(patterns.length)];
            assertThat(Bytes.indexOf(a, from, to, p)).isEqualTo(naive(a, from, to, p));
            assertThat(Bytes.indexOf(a, from, to, p[0])).isEqualTo(naive(a, from, to, new byte[] {p[0]}));
        }
    }

    @Test
    void inputBufferBorrowsAppendsAndReleases() {
        InputBuffer buffer = new InputBuffer();
        byte[] first = {1, 2, 3, 4};
        buffer.add(first);
        assertThat(buffer.array()).isSameAs(first);
        buffer.position(2);
        buffer.append(new byte[] {5, 6});
        assertThat(buffer.array()).isNotSameAs(first);
        assertThat(buffer.takeAll()).containsExactly(3, 4, 5, 6);
        assertThat(first).containsExactly(1, 2, 3, 4);
        buffer.add(first);
        assertThat(buffer.take(4)).isSameAs(first);
        buffer.add(new byte[] {7, 8, 9});
        buffer.read();
        buffer.release();
        assertThat(buffer.takeAll()).containsExactly(8, 9);
    }
}
