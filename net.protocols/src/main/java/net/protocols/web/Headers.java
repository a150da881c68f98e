package net.protocols.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * HTTP header fields: an ordered list of name–value pairs whose names compare without regard to
 * case (RFC 9110 §5.1). A name may occur more than once; {@link #get} answers the first value,
 * {@link #getAll} every one in order.
 *
 * <p>Names must be tokens and values may not contain CR, LF or NUL (nor other control characters
 * except horizontal tab), so a header set through this class can never split a response. Not
 * thread-safe: a request's headers belong to the reactor thread.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    /** Creates an empty set of header fields. */
    public Headers() {}

    /**
     * The first value of a field.
     *
     * @param name the field name, any case
     * @return its first value, or null when absent
     */
    public @Nullable String get(String name) {
        for (Map.Entry<String, String> f : fields) {
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    /**
     * Every value of a field, in the order received or added.
     *
     * @param name the field name, any case
     * @return the values (empty when absent), a fresh list
     */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (Map.Entry<String, String> f : fields) {
            if (f.getKey().equalsIgnoreCase(name)) {
                out.add(f.getValue());
            }
        }
        return out;
    }

    /**
     * Whether a field is present.
     *
     * @param name the field name, any case
     * @return true when at least one value is present
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Adds a value after any present for the same name.
     *
     * @param name the field name, a token
     * @param value the value, with no CR, LF or other control character but tab
     * @throws IllegalArgumentException if the name is not a token or the value has a forbidden
     *     character
     */
    public void add(String name, String value) {
        fields.add(Map.entry(checkName(name), checkValue(value)));
    }

    /**
     * Replaces every value of a field with one.
     *
     * @param name the field name, a token
     * @param value the value
     * @throws IllegalArgumentException as {@link #add}
     */
    public void set(String name, String value) {
        checkName(name);
        checkValue(value);
        remove(name);
        fields.add(Map.entry(name, value));
    }

    /**
     * Removes every value of a field.
     *
     * @param name the field name, any case
     * @return whether anything was removed
     */
    public boolean remove(String name) {
        return fields.removeIf(f -> f.getKey().equalsIgnoreCase(name));
    }

    /** Removes every field. */
    public void clear() {
        fields.clear();
    }

    /**
     * How many field lines there are.
     *
     * @return the number of name–value pairs
     */
    public int size() {
        return fields.size();
    }

    /**
     * The fields in order, names as given.
     *
     * @return an iterator over an unmodifiable view
     */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return Collections.unmodifiableList(fields).iterator();
    }

    /** Adds without checks: for the parser, which has already validated the field. */
    void addTrusted(String name, String value) {
        fields.add(Map.entry(name, value));
    }

    /** Replaces the last value (the parser's obs-fold continuation). */
    void appendToLast(String more) {
        Map.Entry<String, String> last = fields.removeLast();
        fields.add(Map.entry(last.getKey(), last.getValue() + " " + more));
    }

    static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A field-value character: VCHAR, obs-text, SP or HTAB (RFC 9110 §5.5). */
    static boolean isValueChar(int c) {
        return c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!isToken(name)) {
            throw new IllegalArgumentException("not a header field name: " + name);
        }
        return name;
    }

    private static String checkValue(String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                throw new IllegalArgumentException("control character " + (int) c + " in a header value");
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
