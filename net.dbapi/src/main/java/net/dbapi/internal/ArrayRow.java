package net.dbapi.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import net.dbapi.Row;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Row} the pool builds: the result's shared labels and this row's own values. Rows of
 * one result share one label array, so a row costs its value array and this small object.
 */
public final class ArrayRow implements Row {
    private final String[] labels;
    private final @Nullable Object[] values;

    ArrayRow(String[] labels, @Nullable Object[] values) {
        this.labels = labels;
        this.values = values;
    }

    /**
     * Makes a row, copying nothing: the caller hands the arrays over.
     *
     * @param labels the labels
     * @param values the values, as many as labels
     * @return the row
     */
    public static ArrayRow of(String[] labels, @Nullable Object[] values) {
        for (String label : labels) {
            Objects.requireNonNull(label, "a column label is null");
        }
        return new ArrayRow(labels, values);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public String label(int index) {
        checkIndex(index, labels);
        return labels[index];
    }

    @Override
    public List<String> labels() {
        return List.of(labels);
    }

    @Override
    public List<@Nullable Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public int indexOf(String label) {
        return indexOf(labels, label);
    }

    /** {@link Row#indexOf}'s rule over a label array: an exact match first, then one ignoring case. */
    static int indexOf(String[] labels, String label) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(label)) {
                return i;
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equalsIgnoreCase(label)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public @Nullable Object get(int index) {
        checkIndex(index, labels);
        return values[index];
    }

    /**
     * Refuses a column index outside the row, saying that Spindle counts from 0: the likeliest
     * cause is an index carried over from JDBC, which counts from 1.
     */
    static void checkIndex(int index, String[] labels) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("no column " + index + ": the row has " + labels.length
                    + (labels.length == 1 ? " column " : " columns ") + Arrays.toString(labels)
                    + ", counted from 0 (JDBC's ResultSet counts from 1; Spindle's Row does not)");
        }
    }

    /** Rows are equal when their labels and values are (arrays compared by content). */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ArrayRow r && Arrays.equals(labels, r.labels) && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.deepHashCode(values);
    }

    /** {@code Row[id=1, name='Ada', note=NULL, data=bytes[3]]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Row[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(labels[i]).append('=');
            Object v = values[i];
            switch (v) {
                case null -> b.append("NULL");
                case String s -> b.append('\'').append(s).append('\'');
                case byte[] bytes -> b.append("bytes[").append(bytes.length).append(']');
                case Object[] array -> b.append(Arrays.deepToString(array));
                default -> b.append(v);
            }
        }
        return b.append(']').toString();
    }
}
