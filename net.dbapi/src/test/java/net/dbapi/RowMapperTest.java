package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Outcome;
import org.junit.jupiter.api.Test;

/**
 * What a {@link RowMapper} is given: a {@link CurrentRow} with Row's rules (columns from 0, labels
 * ignoring case, the same values), valid only during its call, with JDBC's 1-based result set
 * behind an explicitly named method.
 */
class RowMapperTest {
    private static final String VALUES = "SELECT 7 AS id, 'Ada' AS name, CAST(NULL AS INT) AS note,"
            + " DATE '2025-01-02' AS d, TIMESTAMP '2025-01-02 03:04:05' AS ts,"
            + " TIMESTAMP WITH TIME ZONE '2025-01-02 03:04:05+02:00' AS tz, X'0102FF' AS b, ARRAY[1, 2] AS a";

    private static Throwable failure(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    @Test
    void theMapperCountsColumnsFromZeroAndFindsThemByLabelLikeRow() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE users(id INT, name VARCHAR(50), score BIGINT)");
            f.sql("INSERT INTO users VALUES (1, 'Ada', 10), (2, 'Bob', NULL)");
            record User(int id, String name, Long score) {
            }

            List<User> users = f.await(() -> f.pool.runQuery("SELECT id, name, score FROM users ORDER BY id",
                    row -> new User(row.getInt(0), row.getString("Name"), row.get(2, Long.class))));

            assertThat(users).containsExactly(new User(1, "Ada", 10L), new User(2, "Bob", null));
        }
    }

    @Test
    void oneMappingFunctionServesBothTheMapperAndTheRowsOfRunQuery() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            List<Row> rows = f.await(() -> f.pool.runQuery(VALUES));
            List<Row> copies = f.await(() -> f.pool.runQuery(VALUES, CurrentRow::copy));
            List<List<Object>> mapped = f.await(() -> f.pool.runQuery(VALUES, row -> describe(row)));

            assertThat(copies).isEqualTo(rows);
            assertThat(mapped).containsExactly(describe(rows.get(0)));
            assertThat(mapped.get(0)).containsExactly(7, "Ada", true, LocalDate.of(2025, 1, 2),
                    LocalDateTime.of(2025, 1, 2, 3, 4, 5), OffsetDateTime.parse("2025-01-02T03:04:05+02:00"), 3, 8,
                    List.of("ID", "NAME", "NOTE", "D", "TS", "TZ", "B", "A"));
        }
    }

    /** Reads a row of {@link #VALUES} through Row's getters only. */
    private static List<Object> describe(Row row) {
        return List.of(row.getInt(0), row.getString("name"), row.isNull(2), row.getLocalDate("d"),
                row.getLocalDateTime(4), row.getOffsetDateTime("TZ"), row.getBytes("b").length, row.size(),
                row.labels());
    }

    @Test
    void anIndexCarriedOverFromJdbcFailsSayingThatColumnsCountFromZero() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Outcome<List<String>> o = f.outcome(() -> f.pool.runQuery("SELECT 'only' AS v", row -> row.getString(1)));

            assertThat(failure(o)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("no column 1")
                    .hasMessageContaining("counted from 0")
                    .hasMessageContaining("JDBC's ResultSet counts from 1");
        }
    }

    @Test
    void theJdbcResultSetIsJdbcsOwnViewCountingFromOne() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            List<List<String>> pairs = f.await(() -> f.pool.runQuery("SELECT 'first' AS a, 'second' AS b",
                    row -> List.of(row.getString(0), row.jdbcResultSet().getString(1))));

            assertThat(pairs).containsExactly(List.of("first", "first"));
        }
    }

    @Test
    void aRowKeptPastItsMapRowCallFailsLoudlyInsteadOfReadingAnotherRow() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(v INT)");
            f.sql("INSERT INTO t VALUES (1), (2)");
            List<CurrentRow> kept = new ArrayList<>();

            List<Integer> values = f.await(() -> f.pool.runQuery("SELECT v FROM t ORDER BY v", row -> {
                if (!kept.isEmpty()) {
                    assertThatThrownBy(() -> kept.getFirst().getInt(0)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("valid only during");
                }
                kept.add(row);
                return row.getInt(0);
            }));

            assertThat(values).containsExactly(1, 2);
            assertThatThrownBy(() -> kept.getLast().get(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> kept.getLast().jdbcResultSet()).isInstanceOf(IllegalStateException.class);
            assertThat(kept.getLast().toString()).contains("no longer valid");
        }
    }

    @Test
    void aMapperThatReturnsItsRowFailsTheCallPointingToCopy() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Outcome<List<Row>> o = f.outcome(() -> f.pool.runQuery("SELECT 1", row -> row));

            assertThat(failure(o)).isInstanceOf(IllegalStateException.class).hasMessageContaining("row.copy()");
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).as("the connection still works").hasSize(1);
        }
    }

    @Test
    void aTransactionQueryWithAMapperGetsTheSameRow() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(id INT, name VARCHAR(10))");
            f.sql("INSERT INTO t VALUES (1, 'one'), (2, 'two')");

            List<String> names = f.await(() -> f.pool.runInteraction(txn -> txn.query(
                    "SELECT id, name FROM t WHERE id >= ? ORDER BY id", row -> row.getInt(0) + ":" + row.getString(1), 1)));

            assertThat(names).containsExactly("1:one", "2:two");
        }
    }

    @Test
    void aMapperThatThrowsFailsTheCallWithItsOwnException() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Outcome<List<Object>> o = f.outcome(() -> f.pool.runQuery("SELECT 'x' AS v", row -> {
                throw new UnsupportedOperationException("mapper says no");
            }));

            assertThat(failure(o)).isInstanceOf(UnsupportedOperationException.class).hasMessage("mapper says no");
        }
    }
}
