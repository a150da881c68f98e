package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation and defaults of the pool's and the calls' options. */
class OptionsTest {

    @Test
    void defaultsFollowTwistedWhereTwistedHasOne() {
        ConnectionPoolOptions d = ConnectionPoolOptions.defaults();

        assertThat(d.minConnections()).isEqualTo(3);
        assertThat(d.maxConnections()).isEqualTo(5);
        assertThat(d.noisy()).isFalse();
        assertThat(d.goodSQL()).isNull();
        assertThat(d.reconnect()).as("a departure from Twisted: see the option").isTrue();
        assertThat(d.validateAfterIdle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.queueLimit()).isEqualTo(10_000);
        assertThat(d.queryTimeout()).as("a departure from Twisted: finite by default").isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(ConnectionPoolOptions.DEFAULT_QUERY_TIMEOUT);
        assertThat(d.withQueryTimeout(Duration.ZERO).queryTimeout()).as("none, on request").isZero();
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        ConnectionPoolOptions d = ConnectionPoolOptions.defaults();

        assertThatThrownBy(() -> d.withMaxConnections(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinConnections(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withQueueLimit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withAcquireTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withQueryTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallOptions.defaults().withQueryTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMinimumAboveTheMaximumIsKeptAndCappedByThePool() {
        ConnectionPoolOptions o = ConnectionPoolOptions.defaults().withMinConnections(8).withMaxConnections(2);

        assertThat(o.minConnections()).isEqualTo(8);
        assertThat(o.maxConnections()).isEqualTo(2);
    }

    @Test
    void urlSourcesNeverShowTheirPassword() {
        assertThat(ConnectionSource.url("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
                .hasToString("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    @Test
    void transactionRollbackIsSQLStateClass40() {
        assertThat(new DatabaseException("x", "40001", 0, null).isTransactionRollback()).isTrue();
        assertThat(new DatabaseException("x", "40P01", 0, null).isTransactionRollback()).isTrue();
        assertThat(new DatabaseException("x", "23505", 0, null).isTransactionRollback()).isFalse();
        assertThat(new DatabaseException("x", null, 0, null).isTransactionRollback()).isFalse();
    }
}
