package net.protocols.amp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw AMP bytes for tests, independently of the code under test. */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire box() {
        return new Wire();
    }

    Wire item(String key, String value) {
        return raw(key.getBytes(StandardCharsets.ISO_8859_1)).raw(value.getBytes(StandardCharsets.UTF_8));
    }

    Wire raw(byte[] item) {
        out.write(item.length >>> 8);
        out.write(item.length & 0xFF);
        out.writeBytes(item);
        return this;
    }

    Wire prefix(int length) {
        out.write(length >>> 8);
        out.write(length & 0xFF);
        return this;
    }

    byte[] end() {
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    byte[] open() {
        return out.toByteArray();
    }
}
