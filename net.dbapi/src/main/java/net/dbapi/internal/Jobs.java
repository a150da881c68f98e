package net.dbapi.internal;

import java.util.List;
import net.dbapi.CallOptions;
import net.dbapi.ConnectionFunction;
import net.dbapi.Interaction;
import net.dbapi.Row;
import net.dbapi.RowMapper;
import org.jspecify.annotations.Nullable;

/** The kinds of call: what each runs on the connection, and in which commit mode. */
final class Jobs {
    private Jobs() {
    }

    /** SQL text shortened for messages. */
    static String shorten(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** runQuery: auto-commit, all rows read. */
    static final class Query extends Job<List<Row>> {
        private final String sql;
        private final @Nullable Object[] params;

        Query(Pool pool, CallOptions options, String sql, @Nullable Object[] params) {
            super(pool, options, false);
            this.sql = sql;
            this.params = params;
        }

        @Override
        List<Row> run(PooledConnection connection) throws Exception {
            return Statements.query(connection, this, sql, params);
        }

        @Override
        String describe() {
            return "runQuery(" + shorten(sql) + ")";
        }
    }

    /** runQuery with a row mapper: auto-commit, each row mapped on the connection's thread. */
    static final class MappedQuery<T> extends Job<List<T>> {
        private final String sql;
        private final RowMapper<T> mapper;
        private final @Nullable Object[] params;

        MappedQuery(Pool pool, CallOptions options, String sql, RowMapper<T> mapper, @Nullable Object[] params) {
            super(pool, options, false);
            this.sql = sql;
            this.mapper = mapper;
            this.params = params;
        }

        @Override
        List<T> run(PooledConnection connection) throws Exception {
            return Statements.query(connection, this, sql, mapper, params);
        }

        @Override
        String describe() {
            return "runQuery(" + shorten(sql) + ")";
        }
    }

    /** runOperation: one update in a transaction. */
    static final class Operation extends Job<Integer> {
        private final String sql;
        private final @Nullable Object[] params;

        Operation(Pool pool, CallOptions options, String sql, @Nullable Object[] params) {
            super(pool, options, true);
            this.sql = sql;
            this.params = params;
        }

        @Override
        Integer run(PooledConnection connection) throws Exception {
            return Statements.update(connection, this, sql, params);
        }

        @Override
        String describe() {
            return "runOperation(" + shorten(sql) + ")";
        }
    }

    /** runBatch: one statement, many parameter sets, in a transaction. */
    static final class Batch extends Job<int[]> {
        private final String sql;
        private final List<? extends List<?>> parameterSets;

        Batch(Pool pool, CallOptions options, String sql, List<? extends List<?>> parameterSets) {
            super(pool, options, true);
            this.sql = sql;
            this.parameterSets = parameterSets;
        }

        @Override
        int[] run(PooledConnection connection) throws Exception {
            return Statements.batch(connection, this, sql, parameterSets);
        }

        @Override
        String describe() {
            return "runBatch(" + shorten(sql) + ", " + parameterSets.size() + " sets)";
        }
    }

    /** runInteraction: the caller's function with a Transaction. */
    static final class InteractionJob<T> extends Job<T> {
        private final Interaction<T> interaction;

        InteractionJob(Pool pool, CallOptions options, Interaction<T> interaction) {
            super(pool, options, true);
            this.interaction = interaction;
        }

        @Override
        T run(PooledConnection connection) throws Exception {
            TransactionImpl txn = new TransactionImpl(connection, this);
            try {
                return interaction.interact(txn);
            } finally {
                txn.finish();
            }
        }

        @Override
        String describe() {
            return "runInteraction(" + interaction + ")";
        }
    }

    /** runWithConnection: the caller's function with the raw connection. */
    static final class WithConnection<T> extends Job<T> {
        private final ConnectionFunction<T> function;

        WithConnection(Pool pool, CallOptions options, ConnectionFunction<T> function) {
            super(pool, options, true);
            this.function = function;
        }

        @Override
        T run(PooledConnection connection) throws Exception {
            return function.apply(connection.connection);
        }

        @Override
        String describe() {
            return "runWithConnection(" + function + ")";
        }
    }
}
