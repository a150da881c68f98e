package spindle.it.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import net.dbapi.ConnectionPool;
import net.reactor.Reactor;

/**
 * Callers that keep a pool busy while its database is killed and restarted: each is a virtual
 * thread running {@code SELECT 1} through the pool again and again (pausing 10 ms after a
 * failure, as a sensible client would), and every call is counted by the phase it
 * <em>started</em> in and by how it ended. The test's thread moves the phases along
 * ({@link #outage()}, {@link #restarted()}) and reads the counts; the callers only add to them.
 */
final class CallerLoad implements AutoCloseable {
    /** Where the fault stood when a call started. */
    enum Phase {
        /** The database was up and had not been killed yet. */
        BEFORE,
        /** Killed, not yet restarted (includes the time its restart takes). */
        OUTAGE,
        /** Restarted and accepting connections again. */
        RESTARTED
    }

    private final Reactor reactor;
    private final ConnectionPool pool;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Phase phase = Phase.BEFORE;
    private volatile long restartedAt;
    private final Map<Phase, AtomicLong> succeeded = new ConcurrentHashMap<>();
    /** Failures by phase and then by exception class (simple name). */
    private final Map<Phase, Map<String, AtomicLong>> failed = new ConcurrentHashMap<>();
    /** The first failure of each exception class, for its message. */
    private final Map<String, Throwable> firstOfType = new ConcurrentHashMap<>();
    /** When the first call started after the restart succeeded ({@code Long.MAX_VALUE} until then). */
    private final AtomicLong firstRecoveredAt = new AtomicLong(Long.MAX_VALUE);
    /** The latest start of a call that failed ({@code Long.MIN_VALUE} if none). */
    private final AtomicLong lastFailedStart = new AtomicLong(Long.MIN_VALUE);

    private CallerLoad(Reactor reactor, ConnectionPool pool) {
        this.reactor = reactor;
        this.pool = pool;
        for (Phase p : Phase.values()) {
            succeeded.put(p, new AtomicLong());
            failed.put(p, new ConcurrentHashMap<>());
        }
    }

    /** Starts {@code callers} virtual threads calling {@code pool} through {@code reactor}. */
    static CallerLoad start(Reactor reactor, ConnectionPool pool, int callers) {
        CallerLoad load = new CallerLoad(reactor, pool);
        for (int i = 0; i < callers; i++) {
            load.threads.add(Thread.ofVirtual().name("db-caller-" + i).start(load::call));
        }
        return load;
    }

    private void call() {
        while (running.get()) {
            Phase startedIn = phase;
            long started = System.nanoTime();
            try {
                reactor.blockingCallFromThread(() -> pool.runQuery("SELECT 1"));
                succeeded.get(startedIn).incrementAndGet();
                if (startedIn == Phase.RESTARTED) {
                    firstRecoveredAt.accumulateAndGet(System.nanoTime(), Math::min);
                }
            } catch (Throwable t) {
                String type = t.getClass().getSimpleName();
                failed.get(startedIn).computeIfAbsent(type, k -> new AtomicLong()).incrementAndGet();
                firstOfType.putIfAbsent(type, t);
                lastFailedStart.accumulateAndGet(started, Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Marks the kill: calls from now on start in the outage. */
    void outage() {
        phase = Phase.OUTAGE;
    }

    /** Marks the restart (the server accepts connections again); returns its time. */
    long restarted() {
        restartedAt = System.nanoTime();
        phase = Phase.RESTARTED;
        return restartedAt;
    }

    /** Calls started in {@code p} that succeeded. */
    long succeeded(Phase p) {
        return succeeded.get(p).get();
    }

    /** Calls that failed, by exception class, whatever phase they started in. */
    Map<String, Long> failuresByType() {
        Map<String, Long> all = new TreeMap<>();
        failed.values().forEach(m -> m.forEach((type, n) -> all.merge(type, n.get(), Long::sum)));
        return all;
    }

    /** Calls started in {@code p} that failed, by exception class. */
    Map<String, Long> failures(Phase p) {
        Map<String, Long> m = new TreeMap<>();
        failed.get(p).forEach((type, n) -> m.put(type, n.get()));
        return m;
    }

    /** The first failure of a type (by simple class name), or null. */
    Throwable firstFailure(String type) {
        return firstOfType.get(type);
    }

    /** Nanoseconds from the restart to the first call started after it that succeeded, or -1 if none did. */
    long recoveryNanos() {
        long at = firstRecoveredAt.get();
        return at == Long.MAX_VALUE ? -1 : at - restartedAt;
    }

    /**
     * Nanoseconds from the restart to the start of the last call that failed (negative when every
     * failed call started before the restart).
     */
    long lastFailureAfterRestartNanos() {
        long at = lastFailedStart.get();
        return at == Long.MIN_VALUE ? Long.MIN_VALUE : at - restartedAt;
    }

    /** Waits (bounded) until {@code condition} holds; returns whether it did. */
    static boolean await(BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10); // the counts change on 64 other threads: nothing to wait on but them
        }
        return true;
    }

    /** Stops the callers: each finishes its current call; waits for all of them (bounded). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            if (!t.join(Duration.ofSeconds(60))) {
                throw new IllegalStateException(t + " did not finish its call within 60 s");
            }
        }
    }

    static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
