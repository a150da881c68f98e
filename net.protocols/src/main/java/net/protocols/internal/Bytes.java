package net.protocols.internal;

/**
 * Byte-array helpers for the parsers.
 */
public final class Bytes {
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
        if (from > last) {
            return -1;
        }
        byte first = pattern[0];
        switch (pattern.length) {
            case 1 -> {
                for (int i = from; i <= last; i++) {
                    if (a[i] == first) {
                        return i;
                    }
                }
                return -1;
            }
            case 2 -> {
                byte second = pattern[1];
                for (int i = from; i <= last; i++) {
                    if (a[i] == first && a[i + 1] == second) {
                        return i;
                    }
                }
                return -1;
            }
            default -> {
                outer:
                for (int i = from; i <= last; i++) {
                    if (a[i] != first) {
                        continue;
                    }
                    for (int j = 1; j < pattern.length; j++) {
                        if (a[i + j] != pattern[j]) {
                            continue outer;
                        }
                    }
                    return i;
                }
                return -1;
            }
        }
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
