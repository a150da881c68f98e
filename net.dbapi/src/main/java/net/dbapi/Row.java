package net.dbapi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import net.dbapi.internal.ArrayRow;
import org.jspecify.annotations.Nullable;

/**
 * One row of a query result. The rows a call delivers were read completely on the connection's
 * virtual thread before the Deferred fired: plain, immutable values that hold no JDBC object and
 * may be used on any thread. (The one other kind of Row is the {@link CurrentRow} a
 * {@link RowMapper} is given, which reads the result set while the mapper runs and is valid only
 * then.)
 *
 * <p>Columns are found by index, <b>counted from 0</b> (as in Twisted's row tuples and in Java
 * lists, unlike JDBC's 1-based {@code ResultSet}), or by label, compared without regard to case
 * (PostgreSQL folds unquoted names to lower case, H2 to upper case). Values are what the driver
 * returns, with SQL date-time types read as {@code java.time} values ({@link LocalDate},
 * {@link LocalTime}, {@link LocalDateTime}, {@link OffsetDateTime}), binary columns and BLOBs as
 * {@code byte[]}, CLOBs as {@link String} and SQL arrays as Java arrays.
 *
 * {@snippet :
 * pool.runQuery("SELECT id, name, created FROM users WHERE id = ?", 42)
 *     .addCallback(rows -> {
 *         Row row = rows.get(0);
 *         long id = row.getLong("id");
 *         String name = row.getString(1);
 *         LocalDateTime created = row.get("created", LocalDateTime.class);
 *         return row; // prints as Row[id=42, name='Ada', created=2025-01-01T10:00]
 *     });
 * }
 *
 * <p>The typed getters convert where no information is lost: a numeric column reads as any
 * numeric type that holds its value exactly; anything reads as a String. Primitive getters throw
 * on SQL {@code NULL}; use {@link #get(int, Class)} or {@link #isNull(int)} for nullable columns.
 */
public interface Row {

    /**
     * Makes a row from labels and values, for tests and fakes of {@link Database}.
     *
     * @param labels the column labels
     * @param values the values, as many as labels; {@code null} for SQL NULL
     * @return the row
     * @throws IllegalArgumentException if the sizes differ
     */
    static Row of(List<String> labels, List<? extends @Nullable Object> values) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(values, "values");
        if (labels.size() != values.size()) {
            throw new IllegalArgumentException(labels.size() + " labels but " + values.size() + " values");
        }
        return ArrayRow.of(labels.toArray(new String[0]), values.toArray());
    }

    /**
     * The number of columns.
     *
     * @return the column count
     */
    int size();

    /**
     * The label of a column (its {@code AS} name, or its name).
     *
     * @param index the column, from 0
     * @return the label
     * @throws IndexOutOfBoundsException if there is no such column
     */
    String label(int index);

    /**
     * The labels of all columns, in order.
     *
     * @return an unmodifiable list
     */
    List<String> labels();

    /**
     * The values of all columns, in order.
     *
     * @return an unmodifiable list; SQL NULL is {@code null}
     */
    List<@Nullable Object> values();

    /**
     * Finds a column by label: an exact match first, then one that differs only in case.
     *
     * @param label the column label
     * @return the index, from 0, or -1 if no column has that label
     */
    int indexOf(String label);

    /**
     * The value of a column, as the driver read it.
     *
     * @param index the column, from 0
     * @return the value, {@code null} for SQL NULL
     * @throws IndexOutOfBoundsException if there is no such column
     */
    @Nullable Object get(int index);

    /**
     * The value of a column, as the driver read it.
     *
     * @param label the column label
     * @return the value, {@code null} for SQL NULL
     * @throws IllegalArgumentException if no column has that label
     */
    default @Nullable Object get(String label) {
        return get(requireIndex(label));
    }

    /**
     * The value of a column as the given type: the value itself if it is one; a number converted
     * exactly to another numeric type (for example a {@code BIGINT} read as {@code Integer} when it
     * fits); any value as its String form; a String as a {@link UUID}; a number as a Boolean
     * (non-zero is true).
     *
     * @param index the column, from 0
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the value, {@code null} for SQL NULL
     * @throws ClassCastException if the value cannot be read as that type
     * @throws ArithmeticException if a number does not fit the type exactly
     */
    default <T> @Nullable T get(int index, Class<T> type) {
        return convert(get(index), type, index);
    }

    /**
     * The value of a column as the given type (see {@link #get(int, Class)}).
     *
     * @param label the column label
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the value, {@code null} for SQL NULL
     * @throws IllegalArgumentException if no column has that label
     * @throws ClassCastException if the value cannot be read as that type
     * @throws ArithmeticException if a number does not fit the type exactly
     */
    default <T> @Nullable T get(String label, Class<T> type) {
        return get(requireIndex(label), type);
    }

    /**
     * Whether a column is SQL NULL.
     *
     * @param index the column, from 0
     * @return true for NULL
     */
    default boolean isNull(int index) {
        return get(index) == null;
    }

    /**
     * Whether a column is SQL NULL.
     *
     * @param label the column label
     * @return true for NULL
     * @throws IllegalArgumentException if no column has that label
     */
    default boolean isNull(String label) {
        return get(requireIndex(label)) == null;
    }

    /**
     * A column as a String (any value's String form).
     *
     * @param index the column, from 0
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable String getString(int index) {
        return get(index, String.class);
    }

    /**
     * A column as a String (any value's String form).
     *
     * @param label the column label
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable String getString(String label) {
        return getString(requireIndex(label));
    }

    /**
     * A numeric column as an int.
     *
     * @param index the column, from 0
     * @return the value
     * @throws NullPointerException if the column is SQL NULL
     * @throws ClassCastException if it is not numeric
     * @throws ArithmeticException if it does not fit an int exactly
     */
    default int getInt(int index) {
        return nonNull(get(index, Integer.class), index);
    }

    /**
     * A numeric column as an int (see {@link #getInt(int)}).
     *
     * @param label the column label
     * @return the value
     */
    default int getInt(String label) {
        return getInt(requireIndex(label));
    }

    /**
     * A numeric column as a long.
     *
     * @param index the column, from 0
     * @return the value
     * @throws NullPointerException if the column is SQL NULL
     * @throws ClassCastException if it is not numeric
     * @throws ArithmeticException if it does not fit a long exactly
     */
    default long getLong(int index) {
        return nonNull(get(index, Long.class), index);
    }

    /**
     * A numeric column as a long (see {@link #getLong(int)}).
     *
     * @param label the column label
     * @return the value
     */
    default long getLong(String label) {
        return getLong(requireIndex(label));
    }

    /**
     * A numeric column as a double.
     *
     * @param index the column, from 0
     * @return the value
     * @throws NullPointerException if the column is SQL NULL
     * @throws ClassCastException if it is not numeric
     */
    default double getDouble(int index) {
        return nonNull(get(index, Double.class), index);
    }

    /**
     * A numeric column as a double (see {@link #getDouble(int)}).
     *
     * @param label the column label
     * @return the value
     */
    default double getDouble(String label) {
        return getDouble(requireIndex(label));
    }

    /**
     * A boolean (or numeric: non-zero is true) column.
     *
     * @param index the column, from 0
     * @return the value
     * @throws NullPointerException if the column is SQL NULL
     * @throws ClassCastException if it is neither boolean nor numeric
     */
    default boolean getBoolean(int index) {
        return nonNull(get(index, Boolean.class), index);
    }

    /**
     * A boolean column (see {@link #getBoolean(int)}).
     *
     * @param label the column label
     * @return the value
     */
    default boolean getBoolean(String label) {
        return getBoolean(requireIndex(label));
    }

    /**
     * A numeric column as a BigDecimal.
     *
     * @param index the column, from 0
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable BigDecimal getBigDecimal(int index) {
        return get(index, BigDecimal.class);
    }

    /**
     * A numeric column as a BigDecimal.
     *
     * @param label the column label
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable BigDecimal getBigDecimal(String label) {
        return getBigDecimal(requireIndex(label));
    }

    /**
     * A binary column (or BLOB).
     *
     * @param index the column, from 0
     * @return the bytes (the row's own copy: do not modify), {@code null} for SQL NULL
     */
    default byte @Nullable [] getBytes(int index) {
        return get(index, byte[].class);
    }

    /**
     * A binary column (or BLOB).
     *
     * @param label the column label
     * @return the bytes (the row's own copy: do not modify), {@code null} for SQL NULL
     */
    default byte @Nullable [] getBytes(String label) {
        return getBytes(requireIndex(label));
    }

    /**
     * A DATE column.
     *
     * @param index the column, from 0
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable LocalDate getLocalDate(int index) {
        return get(index, LocalDate.class);
    }

    /**
     * A DATE column.
     *
     * @param label the column label
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable LocalDate getLocalDate(String label) {
        return getLocalDate(requireIndex(label));
    }

    /**
     * A TIMESTAMP (without time zone) column.
     *
     * @param index the column, from 0
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable LocalDateTime getLocalDateTime(int index) {
        return get(index, LocalDateTime.class);
    }

    /**
     * A TIMESTAMP (without time zone) column.
     *
     * @param label the column label
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable LocalDateTime getLocalDateTime(String label) {
        return getLocalDateTime(requireIndex(label));
    }

    /**
     * A TIMESTAMP WITH TIME ZONE column.
     *
     * @param index the column, from 0
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable OffsetDateTime getOffsetDateTime(int index) {
        return get(index, OffsetDateTime.class);
    }

    /**
     * A TIMESTAMP WITH TIME ZONE column.
     *
     * @param label the column label
     * @return the value, {@code null} for SQL NULL
     */
    default @Nullable OffsetDateTime getOffsetDateTime(String label) {
        return getOffsetDateTime(requireIndex(label));
    }

    private int requireIndex(String label) {
        int i = indexOf(Objects.requireNonNull(label, "label"));
        if (i < 0) {
            throw new IllegalArgumentException("no column labelled '" + label + "' in " + labels());
        }
        return i;
    }

    private <T> T nonNull(@Nullable T value, int index) {
        if (value == null) {
            throw new NullPointerException("column " + index + " ('" + label(index) + "') is NULL;"
                    + " read nullable columns with get(index, Type.class)");
        }
        return value;
    }

    private <T> @Nullable T convert(@Nullable Object value, Class<T> type, int index) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        Object converted = null;
        if (type == String.class) {
            converted = value.toString();
        } else if (value instanceof Number n) {
            converted = convertNumber(n, type);
        } else if (value instanceof Boolean b && Number.class.isAssignableFrom(type)) {
            converted = convertNumber(b ? 1 : 0, type);
        } else if (type == UUID.class && value instanceof String s) {
            converted = UUID.fromString(s);
        }
        if (converted == null) {
            throw new ClassCastException("column " + index + " ('" + label(index) + "') holds a "
                    + value.getClass().getName() + ", which cannot be read as " + type.getName());
        }
        return type.cast(converted);
    }

    private static @Nullable Object convertNumber(Number n, Class<?> type) {
        if (type == Boolean.class) {
            return exact(n).signum() != 0;
        }
        if (type == Double.class) {
            return n.doubleValue();
        }
        if (type == Float.class) {
            return n.floatValue();
        }
        // The common cases (INT or BIGINT columns read as int or long) need no BigDecimal.
        if (type == Long.class && (n instanceof Integer || n instanceof Short || n instanceof Byte)) {
            return n.longValue();
        }
        if (type == Integer.class && (n instanceof Short || n instanceof Byte)) {
            return n.intValue();
        }
        if (type == Integer.class && n instanceof Long l) {
            return Math.toIntExact(l);
        }
        BigDecimal d = exact(n);
        if (type == Long.class) {
            return d.longValueExact();
        }
        if (type == Integer.class) {
            return d.intValueExact();
        }
        if (type == Short.class) {
            return d.shortValueExact();
        }
        if (type == Byte.class) {
            return d.byteValueExact();
        }
        if (type == BigDecimal.class) {
            return d;
        }
        if (type == BigInteger.class) {
            return d.toBigIntegerExact();
        }
        return null;
    }

    private static BigDecimal exact(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            default -> new BigDecimal(n.toString());
        };
    }
}
