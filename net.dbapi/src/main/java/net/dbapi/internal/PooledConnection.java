package net.dbapi.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC connection as its worker holds it: the commit mode it is in (so the pool switches it
 * only when needed, a round trip on some drivers), when it was last used, whether it must be
 * discarded, and a small LRU cache of prepared statements.
 *
 * <p>Confined to its worker's virtual thread, like every JDBC object of the pool; other threads
 * only call {@link Statement#cancel()} (through {@link Job}) and, at forced shutdown,
 * {@link Connection#abort}, which JDBC defines for use from other threads.
 */
final class PooledConnection {
    final Connection connection;
    final int id;
    private final int cacheSize;
    private final LinkedHashMap<String, Cached> cache;
    private boolean autoCommit;
    long lastUsedNanos;
    /** Set when the connection must not be used again. */
    boolean broken;

    /** A cached statement and the query timeout last set on it. */
    static final class Cached {
        final String sql;
        final PreparedStatement statement;
        int timeoutSeconds;
        boolean inUse;
        final boolean cached;
        /** How the statement's last result was read into Rows, reused while it fits. */
        @Nullable RowReader reader;

        Cached(String sql, PreparedStatement statement, boolean cached) {
            this.sql = sql;
            this.statement = statement;
            this.cached = cached;
        }
    }

    PooledConnection(Connection connection, int id, int cacheSize) throws SQLException {
        this.connection = connection;
        this.id = id;
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
        this.autoCommit = connection.getAutoCommit();
        this.lastUsedNanos = System.nanoTime();
    }

    void setAutoCommit(boolean on) throws SQLException {
        if (autoCommit != on) {
            connection.setAutoCommit(on);
            autoCommit = on;
        }
    }

    /**
     * A prepared statement for {@code sql}: the cached one when it is free, otherwise a new one
     * (cached if there is room). Give it back with {@link #release}.
     */
    Cached prepare(String sql, int timeoutSeconds) throws SQLException {
        Cached c = cacheSize > 0 ? cache.get(sql) : null;
        if (c != null && !c.inUse) {
            c.statement.clearParameters();
        } else {
            boolean keep = cacheSize > 0 && c == null;
            c = new Cached(sql, connection.prepareStatement(sql), keep);
            if (keep) {
                cache.put(sql, c);
                evict();
            }
        }
        if (c.timeoutSeconds != timeoutSeconds) {
            c.statement.setQueryTimeout(timeoutSeconds);
            c.timeoutSeconds = timeoutSeconds;
        }
        c.inUse = true;
        return c;
    }

    private void evict() {
        Iterator<Map.Entry<String, Cached>> it = cache.entrySet().iterator();
        while (cache.size() > cacheSize && it.hasNext()) {
            Cached eldest = it.next().getValue();
            if (!eldest.inUse) {
                it.remove();
                closeQuietly(eldest.statement);
            }
        }
    }

    /** Gives a statement from {@link #prepare} back: cached ones stay open, others close. */
    void release(Cached c) {
        c.inUse = false;
        if (!c.cached) {
            closeQuietly(c.statement);
        }
    }

    /** Drops a statement from the cache and closes it, after it failed in a way that may taint it. */
    void discard(Cached c) {
        c.inUse = false;
        if (c.cached) {
            cache.remove(c.sql);
        }
        closeQuietly(c.statement);
    }

    /** Binds {@code params} to the statement's placeholders, in order. */
    static void bind(PreparedStatement ps, @Nullable Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object v = params[i];
            switch (v) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case Enum<?> e -> ps.setString(i + 1, e.name());
                case Instant t -> ps.setObject(i + 1, t.atOffset(ZoneOffset.UTC));
                default -> ps.setObject(i + 1, v);
            }
        }
    }

    static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        bind(ps, params.toArray());
    }

    void commit() throws SQLException {
        connection.commit();
    }

    /** Rolls back; an error marks the connection broken and is returned, not thrown. */
    @Nullable SQLException rollback() {
        try {
            connection.rollback();
            return null;
        } catch (SQLException e) {
            broken = true;
            return e;
        }
    }

    boolean isClosedQuietly() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Closes every cached statement and the connection; errors are returned for logging. */
    @Nullable Exception close() {
        for (Cached c : cache.values()) {
            closeQuietly(c.statement);
        }
        cache.clear();
        try {
            connection.close();
            return null;
        } catch (SQLException | RuntimeException e) {
            return e;
        }
    }

    static void closeQuietly(@Nullable AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing after an error: the first error is the one that matters.
            }
        }
    }

    @Override
    public String toString() {
        return "connection #" + id;
    }
}
