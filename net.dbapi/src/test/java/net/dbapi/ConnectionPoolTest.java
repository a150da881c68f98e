package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.deferred.Outcome;
import org.junit.jupiter.api.Test;

/** The operations of the pool against H2 in memory. */
class ConnectionPoolTest {

    @Test
    void runQueryReturnsRowsByIndexAndLabel() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE users(id BIGINT PRIMARY KEY, name VARCHAR(50), score DECIMAL(5,2))");
            f.sql("INSERT INTO users VALUES (1, 'Ada', 9.50), (2, 'Bob', NULL)");

            List<Row> rows = f.await(() -> f.pool.runQuery("SELECT id, name, score FROM users ORDER BY id"));

            assertThat(rows).hasSize(2);
            Row ada = rows.get(0);
            assertThat(ada.getLong(0)).isEqualTo(1);
            assertThat(ada.getString("name")).isEqualTo("Ada");
            assertThat(ada.getString("NAME")).isEqualTo("Ada");
            assertThat(ada.getBigDecimal("score")).isEqualByComparingTo("9.50");
            assertThat(ada.getInt("id")).isEqualTo(1);
            assertThat(rows.get(1).isNull("score")).isTrue();
            assertThat(rows.get(1).toString()).isEqualTo("Row[ID=2, NAME='Bob', SCORE=NULL]");
        }
    }

    @Test
    void parametersAreBoundNotSpliced() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(v VARCHAR(50))");
            String hostile = "x'); DROP TABLE t; --";
            f.await(() -> f.pool.runOperation("INSERT INTO t VALUES (?)", hostile));

            List<Row> rows = f.await(() -> f.pool.runQuery("SELECT v FROM t WHERE v = ?", hostile));

            assertThat(rows).extracting(r -> r.getString(0)).containsExactly(hostile);
        }
    }

    @Test
    void nullParameterBindsSqlNull() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(a INT, b VARCHAR(10))");
            f.await(() -> f.pool.runOperation("INSERT INTO t VALUES (?, ?)", 1, null));

            assertThat(f.scalar("SELECT COUNT(*) FROM t WHERE b IS NULL")).isEqualTo(1);
        }
    }

    @Test
    void runQueryWithMapperMapsEachRow() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE users(id INT, name VARCHAR(50))");
            f.sql("INSERT INTO users VALUES (1, 'Ada'), (2, 'Bob'), (3, 'Cy')");
            record User(int id, String name) {
            }

            List<User> users = f.await(() -> f.pool.runQuery("SELECT id, name FROM users WHERE id >= ? ORDER BY id",
                    row -> new User(row.getInt(0), row.getString("name")), 2));

            assertThat(users).containsExactly(new User(2, "Bob"), new User(3, "Cy"));
        }
    }

    @Test
    void runOperationReturnsTheUpdateCountAndCommits() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(id INT, flag BOOLEAN)");
            f.sql("INSERT INTO t VALUES (1, FALSE), (2, FALSE), (3, FALSE)");

            int count = f.await(() -> f.pool.runOperation("UPDATE t SET flag = TRUE WHERE id <= ?", 2));

            assertThat(count).isEqualTo(2);
            assertThat(f.scalar("SELECT COUNT(*) FROM t WHERE flag")).as("visible to another session: committed")
                    .isEqualTo(2);
        }
    }

    @Test
    void runInteractionCommitsWhenTheFunctionReturns() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE acct(id INT PRIMARY KEY, balance INT)");
            f.sql("INSERT INTO acct VALUES (1, 100), (2, 0)");

            int total = f.await(() -> f.pool.runInteraction(txn -> {
                txn.update("UPDATE acct SET balance = balance - ? WHERE id = ?", 30, 1);
                txn.update("UPDATE acct SET balance = balance + ? WHERE id = ?", 30, 2);
                return txn.query("SELECT SUM(balance) FROM acct").get(0).getInt(0);
            }));

            assertThat(total).isEqualTo(100);
            assertThat(f.scalar("SELECT balance FROM acct WHERE id = 2")).isEqualTo(30);
        }
    }

    @Test
    void runInteractionRollsBackAndDeliversTheOriginalException() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE acct(id INT PRIMARY KEY, balance INT)");
            f.sql("INSERT INTO acct VALUES (1, 100)");
            IllegalStateException boom = new IllegalStateException("insufficient funds");

            Outcome<Object> o = f.outcome(() -> f.pool.runInteraction(txn -> {
                txn.update("UPDATE acct SET balance = 0 WHERE id = 1");
                throw boom;
            }));

            assertThat(o).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed<Object>) o).failure().value()).isSameAs(boom);
            assertThat(f.scalar("SELECT balance FROM acct WHERE id = 1")).as("rolled back").isEqualTo(100);
        }
    }

    @Test
    void runWithConnectionCommitsOnReturnAndRollsBackOnThrow() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(v INT)");
            f.await(() -> f.pool.runWithConnection(c -> {
                assertThat(c.getAutoCommit()).isFalse();
                try (var ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                    ps.setInt(1, 1);
                    return ps.executeUpdate();
                }
            }));
            Outcome<Integer> failed = f.outcome(() -> f.pool.runWithConnection(c -> {
                try (var s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO t VALUES (2)");
                }
                throw new java.io.IOException("disk on fire");
            }));

            assertThat(failed).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed<Integer>) failed).failure().value()).isInstanceOf(java.io.IOException.class);
            assertThat(f.scalar("SELECT COUNT(*) FROM t")).isEqualTo(1);
            assertThat(f.scalar("SELECT MAX(v) FROM t")).isEqualTo(1);
        }
    }

    @Test
    void constraintViolationSurfacesItsSQLState() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE u(id INT PRIMARY KEY)");
            f.sql("INSERT INTO u VALUES (1)");

            Outcome<Integer> o = f.outcome(() -> f.pool.runOperation("INSERT INTO u VALUES (?)", 1));

            Throwable e = ((Outcome.Failed<Integer>) o).failure().value();
            assertThat(e).isExactlyInstanceOf(DatabaseException.class);
            DatabaseException d = (DatabaseException) e;
            assertThat(d.sqlState()).isEqualTo("23505");
            assertThat(d.vendorCode()).isEqualTo(23505); // H2's error code for a duplicate key
            assertThat((Object) d.sqlException()).isNotNull();
            assertThat(d.getMessage()).contains("23505");
        }
    }

    @Test
    void transactionCursorFetchesOneAndAllAndReportsUpdateCounts() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(v INT)");
            List<Object> seen = f.await(() -> f.pool.runInteraction(txn -> {
                List<Object> out = new ArrayList<>();
                txn.execute("INSERT INTO t VALUES (1), (2), (3)");
                out.add(txn.updateCount());
                txn.execute("SELECT v FROM t ORDER BY v");
                out.add(txn.updateCount());
                out.add(txn.fetchOne().getInt(0));
                out.add(txn.fetchAll().size());
                out.add(txn.fetchOne() == null);
                return out;
            }));

            assertThat(seen).containsExactly(3, -1, 1, 2, true);
        }
    }

    @Test
    void aCachedStatementWhoseResultChangesShapeIsReadWithTheNewColumns() throws Exception {
        try (H2Fixture f = new H2Fixture(ConnectionPoolOptions.defaults().withMinConnections(1)
                .withMaxConnections(1)).start()) {
            f.sql("CREATE TABLE t(a INT)");
            f.sql("INSERT INTO t VALUES (1)");
            assertThat(f.await(() -> f.pool.runQuery("SELECT * FROM t")).get(0).labels()).containsExactly("A");

            f.sql("ALTER TABLE t ADD COLUMN b VARCHAR(5) DEFAULT 'x'");
            Row row = f.await(() -> f.pool.runQuery("SELECT * FROM t")).get(0);

            assertThat(row.labels()).containsExactly("A", "B");
            assertThat(row.getString("b")).isEqualTo("x");
        }
    }

    @Test
    void runBatchExecutesEveryParameterSetInOneTransaction() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(id INT, name VARCHAR(10))");

            int[] counts = f.await(() -> f.pool.runBatch("INSERT INTO t VALUES (?, ?)",
                    List.of(List.of(1, "a"), List.of(2, "b"), List.of(3, "c"))));

            assertThat(counts).containsExactly(1, 1, 1);
            assertThat(f.scalar("SELECT COUNT(*) FROM t")).isEqualTo(3);
        }
    }

    @Test
    void failedBatchRollsBackWholly() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(id INT PRIMARY KEY)");

            Outcome<int[]> o = f.outcome(() -> f.pool.runBatch("INSERT INTO t VALUES (?)",
                    List.of(List.of(1), List.of(2), List.of(1))));

            assertThat(((Outcome.Failed<int[]>) o).failure().value()).isInstanceOf(DatabaseException.class);
            assertThat(f.scalar("SELECT COUNT(*) FROM t")).isZero();
        }
    }

    @Test
    void valuesAreReadAsPlainJavaValues() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Row row = f.await(() -> f.pool.runQuery("SELECT DATE '2025-01-02' AS d, TIMESTAMP '2025-01-02 03:04:05' AS ts,"
                    + " TIMESTAMP WITH TIME ZONE '2025-01-02 03:04:05+02:00' AS tz, X'0102FF' AS b,"
                    + " ARRAY[1, 2, 3] AS a, CAST(NULL AS INT) AS n, TRUE AS flag")).get(0);

            assertThat(row.getLocalDate("d")).isEqualTo(LocalDate.of(2025, 1, 2));
            assertThat(row.getLocalDateTime("ts")).isEqualTo(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
            assertThat(row.getOffsetDateTime("tz"))
                    .isEqualTo(OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));
            assertThat(row.getBytes("b")).containsExactly(1, 2, -1);
            assertThat((Object[]) row.get("a")).containsExactly(1, 2, 3);
            assertThat(row.get("n", Integer.class)).isNull();
            assertThat(row.getBoolean("flag")).isTrue();
            assertThat(row.toString()).contains("B=bytes[3]", "A=[1, 2, 3]", "N=NULL");
        }
    }

    @Test
    void javaTimeInstantAndEnumParametersAreBound() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(at TIMESTAMP WITH TIME ZONE, kind VARCHAR(10), d DATE)");
            f.await(() -> f.pool.runOperation("INSERT INTO t VALUES (?, ?, ?)",
                    java.time.Instant.parse("2025-03-04T05:06:07Z"), java.time.DayOfWeek.MONDAY,
                    LocalDate.of(2025, 3, 4)));

            Row row = f.await(() -> f.pool.runQuery("SELECT at, kind, d FROM t")).get(0);

            assertThat(row.getOffsetDateTime(0).toInstant()).isEqualTo(java.time.Instant.parse("2025-03-04T05:06:07Z"));
            assertThat(row.getString(1)).isEqualTo("MONDAY");
            assertThat(row.getLocalDate(2)).isEqualTo(LocalDate.of(2025, 3, 4));
        }
    }

    @Test
    void onConnectHookRunsOnEveryNewConnection() throws Exception {
        AtomicReference<Integer> hooked = new AtomicReference<>(0);
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(0).withMaxConnections(2)
                .withOnConnect(c -> {
                    try (var s = c.createStatement()) {
                        s.execute("SET @greeting = 'hello'");
                    }
                    hooked.updateAndGet(n -> n + 1);
                });
        try (H2Fixture f = new H2Fixture(options).start()) {
            List<Row> rows = f.await(() -> f.pool.runQuery("SELECT @greeting"));

            assertThat(rows.get(0).getString(0)).isEqualTo("hello");
            assertThat(hooked.get()).isEqualTo(1);
        }
    }

    @Test
    void returningAJdbcObjectFailsTheCallAndRollsBack() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            f.sql("CREATE TABLE t(v INT)");

            Outcome<Object> o = f.outcome(() -> f.pool.runWithConnection(c -> {
                c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                return c.createStatement().executeQuery("SELECT 1");
            }));

            assertThat(((Outcome.Failed<Object>) o).failure().value())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must not leave the connection's thread");
            assertThat(f.scalar("SELECT COUNT(*) FROM t")).isZero();
        }
    }

    @Test
    void transactionUsedAfterItsInteractionIsRefused() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Transaction leaked = f.await(() -> f.pool.runInteraction(txn -> txn));

            assertThatThrownBy(() -> leaked.query("SELECT 1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after the interaction returned");
        }
    }

    @Test
    void nullParameterArrayIsRefusedWithAHint() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            assertThatThrownBy(() -> f.onReactor(() -> f.pool.runQuery("SELECT ?", (Object[]) null)))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("(Object) null");
        }
    }

    @Test
    void decimalConversionsAreExact() throws Exception {
        try (H2Fixture f = new H2Fixture().start()) {
            Row row = f.await(() -> f.pool.runQuery("SELECT CAST(2.5 AS DECIMAL(5,1)), CAST(3 AS BIGINT)")).get(0);

            assertThat(row.getDouble(0)).isEqualTo(2.5);
            assertThatThrownBy(() -> row.getInt(0)).isInstanceOf(ArithmeticException.class);
            assertThat(row.getInt(1)).isEqualTo(3);
            assertThat(row.get(1, BigDecimal.class)).isEqualByComparingTo("3");
        }
    }
}
