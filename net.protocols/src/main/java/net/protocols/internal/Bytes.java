package net.protocols.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-array helpers for the parsers.
 */
public final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private Bytes() {}

    /**
     * Finds the first occurrence of {@code pattern} that lies wholly inside
     * {@code a[from, to)}.
     *
     * @param a the array to search
     * @param from first index where the pattern may start
     * @param to index just past the last byte the pattern may cover
     * @param pattern a non-empty byte sequence
     * @return the index where the pattern starts, or -1
     */
    public static int indexOf(byte[] a, int from, int to, byte[] pattern) {
        int last = to - pattern.length;
        byte first = pattern[0];
        int i = from;
        while (i <= last) {
            i = indexOf(a, i, last + 1, first);
            if (i < 0) {
                return -1;
            }
            if (matchesAt(a, i, pattern)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean matchesAt(byte[] a, int at, byte[] pattern) {
        for (int j = 1; j < pattern.length; j++) {
            if (a[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds the first {@code b} in {@code a[from, to)}, eight bytes at a time: each 64-bit word
     * is XORed with {@code b} repeated, and the classic "has a zero byte" test
     * {@code (w - 0x01..01) & ~w & 0x80..80} flags the bytes that matched. Borrows can only flag
     * bytes above a real match, so the lowest flag (the first byte, in little-endian order) is
     * exact.
     *
     * @param a the array to search
     * @param from first index to look at
     * @param to index just past the last one
     * @param b the byte to find
     * @return its first index, or -1
     */
    public static int indexOf(byte[] a, int from, int to, byte b) {
        long repeated = (b & 0xFFL) * ONES;
        int i = from;
        for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(a, i) ^ repeated;
            long matches = (word - ONES) & ~word & HIGHS;
            if (matches != 0) {
                return i + (Long.numberOfTrailingZeros(matches) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Concatenates two arrays.
     *
     * @param a the first part
     * @param b the second part
     * @return a new array holding {@code a} then {@code b}
     */
    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
