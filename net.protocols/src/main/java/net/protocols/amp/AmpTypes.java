package net.protocols.amp;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * AMP's standard argument types, each encoded exactly as Twisted encodes it, so a Spindle peer
 * and a Twisted peer understand each other.
 *
 * <table class="striped">
 * <caption>Twisted argument types and their Java forms</caption>
 * <thead><tr><th>Twisted</th><th>Here</th><th>Java type</th><th>On the wire</th></tr></thead>
 * <tbody>
 * <tr><td>Integer</td><td>{@link #INTEGER}, {@link #BIG_INTEGER}</td><td>Long, BigInteger</td><td>decimal ASCII</td></tr>
 * <tr><td>String</td><td>{@link #STRING}</td><td>byte[]</td><td>the bytes</td></tr>
 * <tr><td>Unicode</td><td>{@link #UNICODE}</td><td>String</td><td>UTF-8</td></tr>
 * <tr><td>Boolean</td><td>{@link #BOOLEAN}</td><td>Boolean</td><td>{@code True} or {@code False}</td></tr>
 * <tr><td>Float</td><td>{@link #FLOAT}</td><td>Double</td><td>Python's {@code repr}: {@code 1.5}, {@code 1e+100}, {@code inf}, {@code -inf}, {@code nan}</td></tr>
 * <tr><td>Decimal</td><td>{@link #DECIMAL}</td><td>BigDecimal</td><td>scientific string form, precision kept: {@code 1.50}, {@code 1E+2}</td></tr>
 * <tr><td>DateTime</td><td>{@link #DATE_TIME}</td><td>OffsetDateTime</td><td>{@code YYYY-MM-DDTHH:MM:SS.ffffff±HH:MM}; UTC is {@code -00:00}</td></tr>
 * <tr><td>ListOf(T)</td><td>{@link #listOf}</td><td>List</td><td>each element's bytes with a 2-byte length</td></tr>
 * <tr><td>AmpList</td><td>{@link #ampList}</td><td>List of AmpValues</td><td>one complete box per element</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Departures: {@link #DECIMAL} cannot hold Python's {@code Infinity}, {@code NaN} and
 * {@code sNaN} nor a negative zero (BigDecimal has none), so receiving them fails the
 * decoding; date-times carry microseconds and whole-minute offsets only, as Python's do.
 */
public final class AmpTypes {
    private AmpTypes() {}

    /** Integers that fit a long, as decimal ASCII. */
    public static final AmpType<Long> INTEGER = AmpType.of(
            v -> Long.toString(v).getBytes(StandardCharsets.US_ASCII),
            b -> parseInteger(b).longValueExact());

    /** Integers of any size, as decimal ASCII. */
    public static final AmpType<BigInteger> BIG_INTEGER = AmpType.of(
            v -> v.toString().getBytes(StandardCharsets.US_ASCII),
            AmpTypes::parseInteger);

    /** Raw bytes, unchanged (Twisted's {@code String}, which is bytes). */
    public static final AmpType<byte[]> STRING = AmpType.of(v -> v, b -> b);

    /** Text as UTF-8 (Twisted's {@code Unicode}); bytes that are not UTF-8 are refused. */
    public static final AmpType<String> UNICODE = AmpType.of(
            v -> v.getBytes(StandardCharsets.UTF_8),
            AmpTypes::decodeUtf8);

    /** {@code True} or {@code False}, exactly; anything else is refused, as in Twisted. */
    public static final AmpType<Boolean> BOOLEAN = AmpType.of(
            v -> (v ? "True" : "False").getBytes(StandardCharsets.US_ASCII),
            b -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                return switch (s) {
                    case "True" -> Boolean.TRUE;
                    case "False" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("an AMP Boolean is True or False, not '" + s + "'");
                };
            });

    /** Doubles in Python's {@code repr} form, including {@code inf}, {@code -inf} and {@code nan}. */
    public static final AmpType<Double> FLOAT = AmpType.of(
            v -> PythonFloat.repr(v).getBytes(StandardCharsets.US_ASCII),
            b -> PythonFloat.parse(new String(b, StandardCharsets.ISO_8859_1)));

    /** Decimals in their scientific string form, which Python's {@code Decimal} shares. */
    public static final AmpType<BigDecimal> DECIMAL = AmpType.of(
            v -> v.toString().getBytes(StandardCharsets.US_ASCII),
            b -> new BigDecimal(new String(b, StandardCharsets.ISO_8859_1).strip()));

    /** Date-times with an offset, in Twisted's 32-character form. */
    public static final AmpType<OffsetDateTime> DATE_TIME = AmpType.of(AmpTypes::formatDateTime, AmpTypes::parseDateTime);

    /**
     * A list of elements of one type (Twisted's {@code ListOf}): each element's encoding with
     * its length in 2 bytes. The whole list is one value, so it is limited to 65,535 bytes.
     *
     * @param element the elements' type
     * @param <T> their Java type
     * @return the list type
     */
    public static <T> AmpType<List<T>> listOf(AmpType<T> element) {
        Objects.requireNonNull(element, "element");
        return AmpType.of(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (T item : list) {
                byte[] b = element.toBytes(item);
                if (b.length > AmpBox.MAX_VALUE_LENGTH) {
                    throw new IllegalArgumentException("a ListOf element encodes to " + b.length + " bytes, at most 65535 allowed");
                }
                out.write(b.length >>> 8);
                out.write(b.length & 0xFF);
                out.writeBytes(b);
            }
            return out.toByteArray();
        }, bytes -> {
            List<T> list = new ArrayList<>();
            int p = 0;
            while (p < bytes.length) {
                if (bytes.length - p < 2) {
                    throw new IllegalArgumentException("truncated ListOf element length");
                }
                int n = ((bytes[p] & 0xFF) << 8) | (bytes[p + 1] & 0xFF);
                p += 2;
                if (bytes.length - p < n) {
                    throw new IllegalArgumentException("truncated ListOf element");
                }
                list.add(element.fromBytes(java.util.Arrays.copyOfRange(bytes, p, p + n)));
                p += n;
            }
            return Collections.unmodifiableList(list);
        });
    }

    /**
     * A list of small boxes (Twisted's {@code AmpList}): each element is a set of values with
     * the given arguments, sent as a complete box. Read elements with the same arguments.
     *
     * @param schema the arguments of each element
     * @return the list type
     */
    public static AmpType<List<AmpValues>> ampList(Argument<?>... schema) {
        List<Argument<?>> arguments = List.of(schema);
        return AmpType.of(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (AmpValues item : list) {
                out.writeBytes(Schema.toBox(arguments, item).serialize());
            }
            return out.toByteArray();
        }, bytes -> {
            List<AmpValues> list = new ArrayList<>();
            for (AmpBox box : BoxParser.parseAll(bytes)) {
                list.add(Schema.fromBox(arguments, box));
            }
            return Collections.unmodifiableList(list);
        });
    }

    private static BigInteger parseInteger(byte[] b) {
        // Python's int() accepts surrounding whitespace, a sign and underscores between digits.
        String s = new String(b, StandardCharsets.ISO_8859_1).strip();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.contains("_")) {
            if (s.startsWith("_") || s.endsWith("_") || s.contains("__") || s.startsWith("-_")) {
                throw new IllegalArgumentException("not an AMP Integer: '" + s + "'");
            }
            s = s.replace("_", "");
        }
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an AMP Integer: '" + s + "'", e);
        }
    }

    private static String decodeUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("an AMP Unicode value is not UTF-8", e);
        }
    }

    private static byte[] formatDateTime(OffsetDateTime v) {
        int offsetSeconds = v.getOffset().getTotalSeconds();
        if (offsetSeconds % 60 != 0) {
            throw new IllegalArgumentException("AMP DateTime offsets are whole minutes, not " + v.getOffset());
        }
        // Twisted writes '+' only for a positive offset, so UTC is "-00:00".
        char sign = offsetSeconds > 0 ? '+' : '-';
        int minutes = Math.abs(offsetSeconds) / 60;
        String s = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d",
                v.getYear(), v.getMonthValue(), v.getDayOfMonth(), v.getHour(), v.getMinute(), v.getSecond(),
                v.getNano() / 1000, sign, minutes / 60, minutes % 60);
        if (s.length() != 32) {
            throw new IllegalArgumentException("AMP DateTime years are 1 to 9999, not " + v.getYear());
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static OffsetDateTime parseDateTime(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        if (s.length() != 32) {
            throw new IllegalArgumentException("an AMP DateTime is 32 characters, not " + s.length());
        }
        char sign = s.charAt(26);
        if (sign != '+' && sign != '-') {
            throw new IllegalArgumentException("an AMP DateTime offset starts with + or -, not '" + sign + "'");
        }
        try {
            LocalDateTime local = LocalDateTime.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10),
                    num(s, 11, 13), num(s, 14, 16), num(s, 17, 19), num(s, 20, 26) * 1000);
            int minutes = num(s, 27, 29) * 60 + num(s, 30, 32);
            return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds((sign == '-' ? -minutes : minutes) * 60));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not an AMP DateTime: '" + s + "'", e);
        }
    }

    private static int num(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an AMP DateTime: '" + s + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
