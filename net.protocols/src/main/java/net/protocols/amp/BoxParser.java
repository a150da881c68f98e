package net.protocols.amp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses a complete byte string of boxes, as AmpList values hold. */
final class BoxParser {
    private BoxParser() {}

    static List<AmpBox> parseAll(byte[] bytes) {
        List<AmpBox> boxes = new ArrayList<>();
        AmpBox box = new AmpBox();
        String key = null;
        int p = 0;
        while (p < bytes.length) {
            if (bytes.length - p < 2) {
                throw new IllegalArgumentException("truncated box in an AmpList value");
            }
            int n = ((bytes[p] & 0xFF) << 8) | (bytes[p + 1] & 0xFF);
            p += 2;
            if (key == null && n > AmpBox.MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("key of " + n + " bytes in an AmpList value");
            }
            if (bytes.length - p < n) {
                throw new IllegalArgumentException("truncated box in an AmpList value");
            }
            if (key != null) {
                box.put(key, java.util.Arrays.copyOfRange(bytes, p, p + n));
                key = null;
            } else if (n == 0) {
                boxes.add(box);
                box = new AmpBox();
            } else {
                key = new String(bytes, p, n, StandardCharsets.ISO_8859_1);
            }
            p += n;
        }
        if (key != null || box.size() > 0) {
            throw new IllegalArgumentException("truncated box in an AmpList value");
        }
        return boxes;
    }
}
