package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Outcome;
import org.junit.jupiter.api.Test;

/**
 * A call that could not get a connection because none could be opened fails with
 * {@link DatabaseUnavailableException}, so a caller can tell "the database is away, the call never
 * ran" from an error of the call itself (a plain {@link DatabaseException}) and from a connection
 * lost under the call ({@link DatabaseConnectionLostException}).
 */
class DatabaseUnavailableTest {

    private static ConnectionPoolOptions one() {
        return ConnectionPoolOptions.defaults().withMinConnections(1).withMaxConnections(1);
    }

    private static Throwable failure(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    @Test
    void aConnectionTheServerRefusesFailsTheCallAsUnavailableAndThePoolRecoversWhenItIsBack() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001", 0);
        try (H2Fixture f = new H2Fixture(one(), url -> () -> {
            if (down.get()) {
                throw refused;
            }
            return DriverManager.getConnection(url);
        }).start()) {
            Throwable e = failure(f.outcome(() -> f.pool.runQuery("SELECT 1")));

            assertThat(e).isExactlyInstanceOf(DatabaseUnavailableException.class)
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("could not open a connection")
                    .hasMessageContaining("refused")
                    .hasCause(refused);
            DatabaseUnavailableException u = (DatabaseUnavailableException) e;
            assertThat(u.sqlState()).isEqualTo("08001");
            assertThat((Object) u.sqlException()).isSameAs(refused);
            assertThat(f.pool.stats().openConnections()).isZero();

            down.set(false);
            // The same call, run again, succeeds: nothing of it had reached the database.
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
            assertThat(f.pool.stats().openConnections()).isEqualTo(1);

            // An error of the statement itself stays a plain DatabaseException.
            assertThat(failure(f.outcome(() -> f.pool.runQuery("SELECT * FROM no_such_table"))))
                    .isExactlyInstanceOf(DatabaseException.class);
        }
    }

    @Test
    void aLostConnectionIsNotUnavailableButTheCallsAfterItAreWhileTheServerStaysAway() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        try (H2Fixture f = new H2Fixture(one(), url -> () -> {
            if (down.get()) {
                throw new SQLException("Connection refused", "08001", 0);
            }
            return DriverManager.getConnection(url);
        }).start()) {
            int session = f.await(() -> f.pool.runQuery("SELECT SESSION_ID()")).get(0).getInt(0);

            // The server ends the session under a running call, and refuses new connections from then on.
            Outcome<Integer> lost = f.outcome(() -> f.pool.runInteraction(txn -> {
                down.set(true);
                f.sql("CALL ABORT_SESSION(" + session + ")");
                return txn.update("CREATE TABLE t(v INT)");
            }));
            Outcome<Integer> next = f.outcome(() -> f.pool.runOperation("CREATE TABLE t(v INT)"));

            assertThat(failure(lost)).isExactlyInstanceOf(DatabaseConnectionLostException.class);
            assertThat(failure(next)).isExactlyInstanceOf(DatabaseUnavailableException.class);
            assertThat(f.scalar("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'"))
                    .as("neither call created the table").isZero();
        }
    }

    @Test
    void aHookWhoseConnectionIsGoneMakesTheCallUnavailable() throws Exception {
        AtomicInteger hooks = new AtomicInteger();
        // No connection at start: the call's own opening is the first, and meets the failing hook.
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(0).withMaxConnections(1)
                .withOnConnect(c -> {
                    if (hooks.incrementAndGet() == 1) {
                        throw new SQLException("the server closed the connection", "08006", 0);
                    }
                });
        try (H2Fixture f = new H2Fixture(options).start()) {
            Throwable first = failure(f.outcome(() -> f.pool.runQuery("SELECT 1")));

            assertThat(first).isExactlyInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("setting up a new connection failed");
            assertThat(((DatabaseException) first).sqlState()).isEqualTo("08006");
            assertThat(f.pool.stats().openConnections()).as("the connection was closed").isZero();
            assertThat(f.await(() -> f.pool.runQuery("SELECT 1"))).hasSize(1);
        }
    }

    @Test
    void aHookWhoseOwnStatementFailsIsAPlainDatabaseException() throws Exception {
        ConnectionPoolOptions options = ConnectionPoolOptions.defaults().withMinConnections(0).withMaxConnections(1)
                .withOnConnect(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET SCHEMA no_such_schema");
                    }
                });
        try (H2Fixture f = new H2Fixture(options).start()) {
            Throwable e = failure(f.outcome(() -> f.pool.runQuery("SELECT 1")));

            assertThat(e).isExactlyInstanceOf(DatabaseException.class)
                    .hasMessageContaining("setting up a new connection failed");
        }
    }
}
