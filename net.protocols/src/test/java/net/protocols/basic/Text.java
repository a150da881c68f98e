package net.protocols.basic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers to write byte-level tests as text. */
final class Text {
    private Text() {}

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static List<String> strings(List<byte[]> items) {
        List<String> out = new ArrayList<>();
        for (byte[] item : items) {
            out.add(s(item));
        }
        return out;
    }

    /** Splits {@code data} into pieces at the given offsets. */
    static List<byte[]> split(byte[] data, int... cuts) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(java.util.Arrays.copyOfRange(data, from, cut));
            from = cut;
        }
        out.add(java.util.Arrays.copyOfRange(data, from, data.length));
        return out;
    }
}
