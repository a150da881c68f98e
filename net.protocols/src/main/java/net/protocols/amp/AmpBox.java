package net.protocols.amp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One AMP box: keys and values of raw bytes (Twisted's {@code AmpBox}). Keys are 1 to 255 bytes
 * and held as {@link String}s whose characters are the key's bytes (ISO-8859-1), so any key a
 * peer sends survives unchanged; values are 0 to 65,535 bytes. A key put twice keeps its last
 * value, as a Python dict would.
 *
 * <p>{@link #serialize()} writes the box as Twisted does: each key and value preceded by its
 * length as 2 big-endian bytes, keys in byte order, and an empty key at the end.
 *
 * <p>Not thread-safe; a box is usually built and sent on the reactor thread.
 */
public final class AmpBox {
    /** The longest key, in bytes. */
    public static final int MAX_KEY_LENGTH = 0xFF;
    /** The longest value, in bytes. */
    public static final int MAX_VALUE_LENGTH = 0xFFFF;

    private final Map<String, byte[]> items = new LinkedHashMap<>();

    /** Creates an empty box. */
    public AmpBox() {}

    /**
     * Sets a key to a value.
     *
     * @param key the key; its characters must be in ISO-8859-1 (one byte each)
     * @param value the value; the box keeps the array, do not change it afterwards
     * @return this box
     * @throws IllegalArgumentException if the key is empty or has a character above U+00FF
     */
    public AmpBox put(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        checkKeyCharacters(key);
        items.put(key, value);
        return this;
    }

    /**
     * Sets a key to a text value, written as UTF-8.
     *
     * @param key the key
     * @param value the value
     * @return this box
     */
    public AmpBox put(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The value of a key.
     *
     * @param key the key
     * @return its value, or null if the box has none
     */
    public byte @Nullable [] get(String key) {
        return items.get(key);
    }

    /**
     * The value of a key, decoded as UTF-8.
     *
     * @param key the key
     * @return its text, or null if the box has none
     */
    public @Nullable String getString(String key) {
        byte[] v = items.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /**
     * Whether the box holds a key.
     *
     * @param key the key
     * @return true if present
     */
    public boolean containsKey(String key) {
        return items.containsKey(key);
    }

    /**
     * Removes a key.
     *
     * @param key the key
     * @return its value, or null if the box had none
     */
    public byte @Nullable [] remove(String key) {
        return items.remove(key);
    }

    /**
     * The keys, in the order they were first put.
     *
     * @return an unmodifiable view
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(items.keySet());
    }

    /**
     * How many keys the box holds.
     *
     * @return the number of keys
     */
    public int size() {
        return items.size();
    }

    /**
     * Writes the box in AMP's wire format, keys in byte order.
     *
     * @return the bytes, ending with the empty key
     * @throws TooLongException if a key is over 255 bytes or a value over 65,535 bytes; nothing
     *     is written then, and the exception names the key
     */
    public byte[] serialize() {
        List<String> keys = new ArrayList<>(items.keySet());
        // A String of ISO-8859-1 characters compares as its bytes do, unsigned.
        Collections.sort(keys);
        int size = 2;
        for (String key : keys) {
            byte[] value = items.get(key);
            if (key.length() > MAX_KEY_LENGTH) {
                throw TooLongException.localKey(key);
            }
            if (value.length > MAX_VALUE_LENGTH) {
                throw TooLongException.localValue(key, value.length);
            }
            size += 4 + key.length() + value.length;
        }
        byte[] out = new byte[size];
        int p = 0;
        for (String key : keys) {
            byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = items.get(key);
            p = putItem(out, p, k);
            p = putItem(out, p, value);
        }
        // out ends with two zero bytes already: the empty key.
        return out;
    }

    private static int putItem(byte[] out, int p, byte[] item) {
        out[p] = (byte) (item.length >>> 8);
        out[p + 1] = (byte) item.length;
        System.arraycopy(item, 0, out, p + 2, item.length);
        return p + 2 + item.length;
    }

    static void checkKeyCharacters(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an AMP key cannot be empty: the empty key ends a box");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("AMP keys are bytes; character " + i + " of " + key + " is not in ISO-8859-1");
            }
        }
    }

    /**
     * Compares keys and value bytes.
     *
     * @param o another object
     * @return true for a box with the same keys and values
     */
    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof AmpBox other) || other.items.size() != items.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : items.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.items.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A hash of the keys and values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : items.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /**
     * The box for humans: keys with values shown as text where printable, shortened when long.
     *
     * @return a description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AmpBox{");
        boolean first = true;
        for (Map.Entry<String, byte[]> e : items.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            byte[] v = e.getValue();
            sb.append(e.getKey()).append('=');
            int n = Math.min(v.length, 64);
            for (int i = 0; i < n; i++) {
                int c = v[i] & 0xFF;
                if (c >= 0x20 && c < 0x7F) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            if (v.length > n) {
                sb.append("...(").append(v.length).append(" bytes)");
            }
        }
        return sb.append('}').toString();
    }
}
