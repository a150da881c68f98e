package bench.jmh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.dbapi.RowMapper;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A point query by primary key on H2 in memory, {@link #CALLERS} concurrent callers sharing
 * {@link #CONNECTIONS} connections, each caller waiting for its result before its next query:
 * Spindle's ConnectionPool {@code runQuery}, called from reactor code, against plain JDBC on
 * virtual threads, each caller taking a connection from a fair (FIFO) queue and using that
 * connection's prepared statement. A score is one query. With H2 in memory the query itself is
 * cheap, so this measures mostly the cost of getting a query to a connection and its result back
 * to the caller; both run in this JVM.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class JdbcBenchmark {

    /** Concurrent callers. */
    static final int CALLERS = 64;
    /** Connections shared by the callers. */
    static final int CONNECTIONS = 10;
    /** Queries each caller runs per invocation. */
    static final int QUERIES_PER_CALLER = 100;
    /** Rows in the table. */
    static final int ROWS = 10_000;

    private static final String URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";
    private static final String QUERY = "SELECT name FROM item WHERE id = ?";

    private final List<Connection> connections = new ArrayList<>();
    private BlockingQueue<PreparedStatement> pool;
    private ExecutorService virtualThreads;
    private SpindleReactor spindle;
    private ConnectionPool connectionPool;

    /** Creates the benchmark (JMH does). */
    public JdbcBenchmark() {}

    /**
     * Creates and fills the table, opens the connections and prepares each one's statement.
     *
     * @throws SQLException if H2 fails
     */
    @Setup(Level.Trial)
    public void start() throws SQLException {
        Connection setup = DriverManager.getConnection(URL);
        connections.add(setup);
        try (Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS item(id INT PRIMARY KEY, name VARCHAR(40))");
            statement.execute("DELETE FROM item");
        }
        try (PreparedStatement insert = setup.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
            for (int id = 0; id < ROWS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "item " + id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        pool = new ArrayBlockingQueue<>(CONNECTIONS, true);
        for (int i = 0; i < CONNECTIONS; i++) {
            Connection connection = DriverManager.getConnection(URL);
            connection.setAutoCommit(true);
            connections.add(connection);
            pool.add(connection.prepareStatement(QUERY));
        }
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        spindle = new SpindleReactor(reactor -> connectionPool = ConnectionPool.create(reactor, ConnectionSource.url(URL),
                ConnectionPoolOptions.defaults().withMinConnections(CONNECTIONS).withMaxConnections(CONNECTIONS)));
    }

    /**
     * Closes the connections and drops the database.
     *
     * @throws SQLException if H2 fails
     */
    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        spindle.close();
        virtualThreads.close();
        try (Statement statement = connections.getFirst().createStatement()) {
            statement.execute("DROP TABLE item");
        }
        for (Connection connection : connections) {
            connection.close();
        }
    }

    /**
     * The peer: {@link #CALLERS} virtual threads, each running {@link #QUERIES_PER_CALLER} queries.
     *
     * @return the sum of the names' lengths, so that no query can be skipped
     * @throws Exception if a query fails
     */
    @Benchmark
    @OperationsPerInvocation(CALLERS * QUERIES_PER_CALLER)
    public long plainJdbcOnVirtualThreads() throws Exception {
        List<Future<Long>> callers = new ArrayList<>(CALLERS);
        for (int c = 0; c < CALLERS; c++) {
            int first = c * QUERIES_PER_CALLER;
            callers.add(virtualThreads.submit(() -> {
                long sum = 0;
                for (int q = 0; q < QUERIES_PER_CALLER; q++) {
                    sum += query((first + q * 7919) % ROWS).length();
                }
                return sum;
            }));
        }
        long total = 0;
        for (Future<Long> caller : callers) {
            total += caller.get(60, TimeUnit.SECONDS);
        }
        return total;
    }

    /**
     * Spindle: {@link #CALLERS} callers on the reactor thread, each running
     * {@link #QUERIES_PER_CALLER} {@code runQuery} calls one after another.
     *
     * @return the sum of the names' lengths, so that no query can be skipped
     * @throws InterruptedException if interrupted while waiting for the callers
     */
    @Benchmark
    @OperationsPerInvocation(CALLERS * QUERIES_PER_CALLER)
    public long connectionPoolRunQuery() throws InterruptedException {
        PoolCallers callers = new PoolCallers(connectionPool);
        spindle.reactor.callFromThread(callers::start);
        return callers.await();
    }

    /** The callers of one invocation; everything but {@link #await} runs on the reactor thread. */
    private static final class PoolCallers {
        private static final RowMapper<String> NAME = row -> row.getString(0); // Spindle counts columns from 0

        private final ConnectionPool pool;
        private final CountDownLatch done = new CountDownLatch(1);
        private int running = CALLERS;
        private long total;
        private volatile @Nullable Throwable failure;

        PoolCallers(ConnectionPool pool) {
            this.pool = pool;
        }

        void start() {
            for (int c = 0; c < CALLERS; c++) {
                query(c * QUERIES_PER_CALLER, QUERIES_PER_CALLER);
            }
        }

        private void query(int first, int remaining) {
            if (remaining == 0) {
                if (--running == 0) {
                    done.countDown();
                }
                return;
            }
            int id = (first + (QUERIES_PER_CALLER - remaining) * 7919) % ROWS;
            pool.runQuery(QUERY, NAME, id).addCallbacks(rows -> {
                total += rows.getFirst().length();
                query(first, remaining - 1);
                return null;
            }, error -> {
                failure = error.value();
                done.countDown();
                return null;
            });
        }

        long await() throws InterruptedException {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the pool's callers did not finish within 60 s");
            }
            Throwable error = failure;
            if (error != null) {
                throw new IllegalStateException("runQuery failed", error);
            }
            return total;
        }
    }

    private String query(int id) throws SQLException, InterruptedException {
        PreparedStatement statement = pool.take();
        try {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no row " + id);
                }
                return rows.getString(1);
            }
        } finally {
            pool.put(statement);
        }
    }
}
