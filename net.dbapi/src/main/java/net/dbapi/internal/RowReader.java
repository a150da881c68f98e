package net.dbapi.internal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Locale;
import net.dbapi.Row;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rows of one result set into {@link Row}s on the connection's thread, turning every
 * value that would still be tied to the connection (LOBs, SQL arrays, XML) or that JDBC gives in
 * its legacy types ({@code java.sql.Timestamp}, ...) into a plain Java value.
 */
final class RowReader {
    private static final int PLAIN = 0;
    private static final int DATE = 1;
    private static final int TIME = 2;
    private static final int TIME_TZ = 3;
    private static final int TIMESTAMP = 4;
    private static final int TIMESTAMP_TZ = 5;
    private static final int BYTES = 6;
    private static final int TEXT = 7;
    private static final int ARRAY = 8;

    /** The column labels, shared by every row read with this reader (never modified). */
    final String[] labels;
    private final int[] kinds;
    /** The JDBC types the layout was built from, to tell whether it still fits a result. */
    private final int[] sqlTypes;

    RowReader(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        labels = new String[n];
        kinds = new int[n];
        sqlTypes = new int[n];
        for (int i = 0; i < n; i++) {
            String label = md.getColumnLabel(i + 1);
            labels[i] = label == null ? md.getColumnName(i + 1) : label;
            sqlTypes[i] = md.getColumnType(i + 1);
            kinds[i] = kind(sqlTypes[i], md.getColumnTypeName(i + 1));
        }
    }

    /**
     * A reader for {@code rs}: {@code cached} when the result has the same column count and types
     * (the usual case for a prepared statement run again, which then skips rebuilding the labels
     * and reading type names), otherwise a new one.
     */
    static RowReader forResult(ResultSet rs, @Nullable RowReader cached) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        if (cached != null && cached.fits(md)) {
            return cached;
        }
        return new RowReader(md);
    }

    private boolean fits(ResultSetMetaData md) throws SQLException {
        if (md.getColumnCount() != sqlTypes.length) {
            return false;
        }
        for (int i = 0; i < sqlTypes.length; i++) {
            if (md.getColumnType(i + 1) != sqlTypes[i]) {
                return false;
            }
        }
        return true;
    }

    private static int kind(int sqlType, @Nullable String typeName) {
        return switch (sqlType) {
            case Types.DATE -> DATE;
            case Types.TIME -> TIME;
            case Types.TIME_WITH_TIMEZONE -> TIME_TZ;
            case Types.TIMESTAMP -> hasTimeZone(typeName) ? TIMESTAMP_TZ : TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTES;
            case Types.CLOB, Types.NCLOB, Types.SQLXML -> TEXT;
            case Types.ARRAY -> ARRAY;
            default -> PLAIN;
        };
    }

    /** PostgreSQL's driver reports {@code timestamptz} as a plain TIMESTAMP; its name tells. */
    private static boolean hasTimeZone(@Nullable String typeName) {
        if (typeName == null) {
            return false;
        }
        String t = typeName.toLowerCase(Locale.ROOT);
        return t.equals("timestamptz") || t.contains("with time zone");
    }

    /** Reads every remaining row with this reader. */
    ArrayList<Row> readAll(ResultSet rs) throws SQLException {
        ArrayList<Row> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(read(rs));
        }
        return rows;
    }

    /** Reads the current row. */
    Row read(ResultSet rs) throws SQLException {
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            values[i] = value(rs, i + 1, kinds[i]);
        }
        return new ArrayRow(labels, values);
    }

    /** Reads column {@code index} (from 0) of the current row, as {@link #read} would. */
    @Nullable Object value(ResultSet rs, int index) throws SQLException {
        return value(rs, index + 1, kinds[index]);
    }

    private static @Nullable Object value(ResultSet rs, int column, int kind) throws SQLException {
        return switch (kind) {
            case DATE -> rs.getObject(column, LocalDate.class);
            case TIME -> rs.getObject(column, LocalTime.class);
            case TIME_TZ -> rs.getObject(column, OffsetTime.class);
            case TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
            case TIMESTAMP_TZ -> rs.getObject(column, OffsetDateTime.class);
            case BYTES -> rs.getBytes(column);
            case TEXT -> rs.getString(column);
            case ARRAY -> array(rs.getArray(column));
            default -> detach(rs.getObject(column));
        };
    }

    private static @Nullable Object array(@Nullable Array a) throws SQLException {
        if (a == null) {
            return null;
        }
        try {
            Object values = a.getArray();
            if (values instanceof Object[] elements) {
                for (int i = 0; i < elements.length; i++) {
                    elements[i] = detach(elements[i]);
                }
            }
            return values;
        } finally {
            a.free();
        }
    }

    /** Values of types a driver reported as something generic, but which hold on to the connection. */
    private static @Nullable Object detach(@Nullable Object v) throws SQLException {
        return switch (v) {
            case null -> null;
            case java.sql.Timestamp t -> t.toLocalDateTime();
            case java.sql.Date d -> d.toLocalDate();
            case java.sql.Time t -> t.toLocalTime();
            case Blob b -> {
                try {
                    yield b.getBytes(1, Math.toIntExact(b.length()));
                } finally {
                    b.free();
                }
            }
            case Clob c -> {
                try {
                    yield c.getSubString(1, Math.toIntExact(c.length()));
                } finally {
                    c.free();
                }
            }
            case SQLXML x -> {
                try {
                    yield x.getString();
                } finally {
                    x.free();
                }
            }
            case Array a -> array(a);
            default -> v;
        };
    }
}
