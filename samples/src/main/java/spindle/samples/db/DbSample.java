package spindle.samples.db;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.dbapi.DatabaseException;
import net.dbapi.Row;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Reactor;
import net.threadpool.Blocking;
import net.threadpool.Subtask;
import net.threadpool.TaskScope;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The asynchronous database sample ({@code samples/run db}): reactor code talks to H2 through
 * net.dbapi's {@link ConnectionPool} without ever blocking the loop. It creates a table, opens
 * accounts in one batch, transfers money in a transaction, shows a failed transfer rolled back
 * with its SQLState, and runs two queries at once, each step a Deferred chained on the last.
 * Then it does the same kind of work again as blocking-style code, awaiting the pool's Deferreds
 * on a virtual thread, with a task scope for the two parallel queries. Then it stops the reactor,
 * which closes the pool.
 */
public final class DbSample {
    private static final String USAGE = """
            usage: samples/run db [--jdbc URL]
              --jdbc URL  the database (default: an in-memory H2 database)""";

    private DbSample() {}

    /**
     * Runs the sample.
     *
     * @param args the command-line options (see {@code --help})
     * @return 0 if every step did what it should, 1 otherwise
     * @throws UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        String url = options.value("--jdbc", "jdbc:h2:mem:spindle-db-sample;DB_CLOSE_DELAY=-1");
        options.finish();

        Reactor reactor = Programs.reactor("db");
        ConnectionPool pool = ConnectionPool.create(reactor, ConnectionSource.url(url),
                ConnectionPoolOptions.defaults().withName("db-sample").withMaxConnections(4));
        Accounts accounts = new Accounts(pool);
        PrintStream out = System.out;
        AtomicInteger status = new AtomicInteger(1);

        reactor.callWhenRunning(() -> reactorStyle(accounts, out)
                .addCallbackDeferred(ignored -> awaitStyle(reactor, accounts, out))
                .addBoth(outcome -> {
                    if (outcome instanceof Outcome.Failed<Void>(var failure)) {
                        out.println("the sample failed: " + failure.value());
                    } else {
                        status.set(0);
                    }
                    reactor.stop(); // closes the pool: a "during shutdown" trigger
                    return null;
                }));
        reactor.run();
        out.println(pool.isClosed() ? "reactor stopped; pool closed" : "reactor stopped; the pool is still open!");
        return pool.isClosed() ? status.get() : 1;
    }

    /**
     * The same kind of work as blocking-style code: a virtual thread bound to the reactor awaits
     * each Deferred (the pool call itself is made on the reactor thread, as it must be), and a
     * task scope runs two queries at once and waits for both.
     */
    static Deferred<@Nullable Void> awaitStyle(Reactor reactor, Accounts accounts, PrintStream out) {
        return Blocking.spawn(reactor, () -> {
            out.println("Await style: the same calls from a virtual thread; each await parks it while the reactor works.");
            Blocking.await(() -> accounts.transfer(2, 3, new BigDecimal("10.00")));
            out.println("  transferred 10.00 from brian to grace");
            try {
                Blocking.await(() -> accounts.transfer(1, 3, new BigDecimal("500.00")));
                throw new IllegalStateException("an overdraft was accepted");
            } catch (DatabaseException e) {
                out.println("  transfer of 500.00 from ada refused and rolled back: SQLState " + e.sqlState());
            }
            try (var scope = TaskScope.<List<Row>>open()) {
                Subtask<List<Row>> total = scope.fork(() -> Blocking.await(accounts::total));
                Subtask<List<Row>> richest = scope.fork(() -> Blocking.await(accounts::richest));
                scope.join(); // both, or the first failure (which cancels the other)
                out.println("  " + total.get().getFirst().getInt("accounts") + " accounts hold "
                        + total.get().getFirst().getBigDecimal("total") + "; the richest is "
                        + richest.get().getFirst().getString("owner"));
            }
            out.println("  balances: " + Accounts.describe(Blocking.await(accounts::balances)));
            return null;
        });
    }

    /** Every step is a Deferred; each callback runs on the reactor thread when the last one fires. */
    static Deferred<Void> reactorStyle(Accounts accounts, PrintStream out) {
        out.println("Reactor style: each call returns a Deferred at once; callbacks run on the reactor thread.");
        return accounts.createTable()
                .addCallbackDeferred(ignored -> accounts.open(List.of(
                        List.of(1, "ada", new BigDecimal("100.00")),
                        List.of(2, "brian", new BigDecimal("50.00")),
                        List.of(3, "grace", new BigDecimal("75.00")))))
                .addCallbackDeferred(inserted -> {
                    out.println("  opened " + inserted.length + " accounts in one batch");
                    return accounts.balances();
                })
                .addCallbackDeferred(rows -> {
                    out.println("  balances: " + Accounts.describe(rows));
                    return accounts.transfer(1, 2, new BigDecimal("30.00"));
                })
                .addCallbackDeferred(ignored -> {
                    out.println("  transferred 30.00 from ada to brian (one transaction)");
                    return accounts.transfer(3, 1, new BigDecimal("1000.00"))
                            .addCallback(v -> {
                                throw new IllegalStateException("an overdraft was accepted");
                            })
                            .addErrback(failure -> {
                                if (!(failure.value() instanceof DatabaseException e)) {
                                    throw failure.raiseException();
                                }
                                out.println("  transfer of 1000.00 from grace refused and rolled back: SQLState "
                                        + e.sqlState());
                                return null;
                            });
                })
                .addCallbackDeferred(ignored -> accounts.balances())
                .addCallbackDeferred(rows -> {
                    out.println("  balances: " + Accounts.describe(rows));
                    // Two queries at once, on two of the pool's connections; gatherResults waits for both.
                    return Deferred.gatherResults(List.of(accounts.total(), accounts.richest()));
                })
                .addCallback(results -> {
                    Row total = results.get(0).getFirst();
                    Row richest = results.get(1).getFirst();
                    out.println("  " + total.getInt("accounts") + " accounts hold " + total.getBigDecimal("total")
                            + "; the richest is " + richest.getString("owner"));
                    return null;
                });
    }
}
