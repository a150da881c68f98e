package spindle.samples.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import net.dbapi.ConnectionPool;
import net.dbapi.PoolStats;
import net.reactor.ReactorCounters;
import net.reactor.ReactorMetrics;
import net.reactor.TurnTimeHistogram;
import org.jspecify.annotations.Nullable;

/**
 * A bridge from Spindle's counters to Micrometer: registers, in any {@link MeterRegistry}, gauges
 * and function counters that read a reactor's {@link ReactorMetrics#counters()} and a pool's
 * {@link ConnectionPool#stats()} whenever the registry asks (a Prometheus scrape, a push to
 * another back end). Nothing runs in between and nothing is sampled on the reactor thread.
 *
 * <p>This class lives in the samples module on purpose: Spindle's library modules force no
 * metrics library on their users, and a bridge is this one small class to copy into an
 * application that uses Micrometer.
 *
 * {@snippet :
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * SpindleMetrics.bindTo(registry, reactor, "main", pool);
 * // ... then serve registry.scrape() at /metrics
 * }
 *
 * <h2>Meters</h2>
 * Reactor meters carry the tag {@code reactor} (or the tags given to {@link #bindReactor}), pool
 * meters the tag {@code pool} (the pool's name). Names below are Micrometer's; the Prometheus
 * names follow in brackets.
 * <table>
 *   <caption>Reactor meters, from {@link ReactorCounters}</caption>
 *   <tr><th>meter</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code spindle.reactor.connections.open}</td><td>gauge</td><td>stream connections open now</td></tr>
 *   <tr><td>{@code spindle.reactor.connections.accepted} / {@code .connected} / {@code .closed}
 *       ({@code _total})</td><td>counter</td><td>connections accepted by listening ports,
 *       established by {@code connectTCP}/{@code connectUNIX}, closed</td></tr>
 *   <tr><td>{@code spindle.reactor.bytes} {@code direction=read|written}
 *       ({@code spindle_reactor_bytes_total})</td><td>counter, base unit bytes</td><td>bytes read
 *       from and handed to stream connections</td></tr>
 *   <tr><td>{@code spindle.reactor.queue.depth}</td><td>gauge</td><td>{@code callFromThread} tasks
 *       queued and not yet run</td></tr>
 *   <tr><td>{@code spindle.reactor.timers.pending}</td><td>gauge</td><td>{@code callLater} calls
 *       pending</td></tr>
 *   <tr><td>{@code spindle.reactor.turns} {@code le=SECONDS|+Inf}
 *       ({@code spindle_reactor_turns_total})</td><td>counter</td><td>loop turns that took at most
 *       {@code le} seconds: the turn-time histogram's buckets, cumulative</td></tr>
 * </table>
 * <table>
 *   <caption>Pool meters, from {@link PoolStats}</caption>
 *   <tr><th>meter</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code spindle.pool.connections.open} / {@code .in.use} / {@code .idle} /
 *       {@code .peak} / {@code .max}</td><td>gauge</td><td>connections open, running a call, open
 *       and idle; the most ever open at once; the pool's bound</td></tr>
 *   <tr><td>{@code spindle.pool.calls.waiting}</td><td>gauge</td><td>calls waiting for a
 *       connection now</td></tr>
 *   <tr><td>{@code spindle.pool.calls} {@code outcome=succeeded|failed|acquire.timeout|refused}
 *       ({@code spindle_pool_calls_total})</td><td>counter</td><td>calls by how they ended; the
 *       outcomes are disjoint, so their sum is every call</td></tr>
 *   <tr><td>{@code spindle.pool.query.timeouts}</td><td>counter</td><td>calls that ran past their
 *       query timeout (also counted as {@code outcome=failed})</td></tr>
 * </table>
 *
 * <h2>Why the turn-time histogram is a set of cumulative counters</h2>
 * {@link TurnTimeHistogram} already is a histogram: fixed buckets (1,024 ns, doubling) whose
 * counts only grow. Exposing each bucket, cumulated, as a counter tagged {@code le} (its upper
 * bound in seconds, {@code +Inf} for the last) gives exactly the series a Prometheus histogram has,
 * so {@code histogram_quantile(0.99, sum by (le) (rate(spindle_reactor_turns_total[5m])))} reads
 * p99 over any window, and it costs nothing between reads. A Micrometer
 * {@code DistributionSummary} fed from the deltas would have to record every turn again (a busy
 * reactor turns hundreds of thousands of times a second), would only know each turn's bucket,
 * not its duration, and would replace the library's buckets with its own. A bucket counts turns
 * shorter than its bound, where Prometheus's {@code le} means "at most": the same thing at
 * nanosecond resolution.
 *
 * <h2>Threads</h2>
 * The {@code bind...} methods may be called on any thread, once per reactor or pool and registry.
 * The meters are read on whatever thread the registry reads them (a scrape's): both
 * {@code counters()} and {@code stats()} are documented safe from any thread and never block, so
 * no read waits for the reactor or touches its thread. The meters of one reactor (or one pool)
 * share one snapshot for {@value #SNAPSHOT_REUSE_MILLIS} ms, so the meters of one scrape agree with
 * each other (the histogram's buckets stay cumulative) and a scrape takes one snapshot, not thirty.
 *
 * <p>Micrometer holds the object a meter reads weakly: keep the reactor and the pool referenced
 * (a running program does) or the meters read NaN.
 */
public final class SpindleMetrics {
    /** How long the meters of one reactor or pool reuse one snapshot: longer than a scrape takes. */
    static final long SNAPSHOT_REUSE_MILLIS = 100;

    private SpindleMetrics() {}

    /**
     * Binds one reactor's meters (tagged {@code reactor=reactorName}) and one pool's (tagged
     * {@code pool=} the pool's name). Any thread.
     *
     * @param registry where the meters go
     * @param reactor the reactor whose counters are read
     * @param reactorName the value of the {@code reactor} tag
     * @param pool the pool whose stats are read
     */
    public static void bindTo(MeterRegistry registry, ReactorMetrics reactor, String reactorName, ConnectionPool pool) {
        bindReactor(registry, reactor, Tags.of("reactor", reactorName));
        bindPool(registry, pool, Tags.of("pool", pool.options().name()));
    }

    /**
     * Registers the reactor meters of the class description. Any thread.
     *
     * @param registry where the meters go
     * @param reactor the reactor (or any {@link ReactorMetrics}) whose counters are read
     * @param tags the tags every meter carries; give each reactor of one registry its own
     *     (Prometheus needs the same tag keys on every reactor, for example {@code reactor=NAME})
     * @throws IllegalArgumentException if a tag key is one the meters use ({@code direction},
     *     {@code le})
     */
    public static void bindReactor(MeterRegistry registry, ReactorMetrics reactor, Iterable<Tag> tags) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(reactor, "reactor");
        Tags common = Tags.of(tags);
        refuseKeys(common, "direction", "le");
        Supplier<ReactorCounters> counters = reusing(reactor::counters);

        gauge(registry, "spindle.reactor.connections.open", "stream connections (TCP and UNIX) open now",
                reactor, counters, ReactorCounters::connectionsOpen, common);
        counter(registry, "spindle.reactor.connections.accepted", "stream connections accepted by listening ports",
                null, reactor, counters, ReactorCounters::connectionsAccepted, common);
        counter(registry, "spindle.reactor.connections.connected",
                "client connections this reactor established (connectTCP, connectUNIX)",
                null, reactor, counters, ReactorCounters::connectionsConnected, common);
        counter(registry, "spindle.reactor.connections.closed", "stream connections closed",
                null, reactor, counters, ReactorCounters::connectionsClosed, common);
        byDirection(registry, "spindle.reactor.bytes", "bytes read from stream connections (direction=read) and"
                        + " handed to their write (direction=written; bytes dropped unsent at a close excluded)",
                "bytes", reactor, counters, common, "read", ReactorCounters::bytesRead,
                "written", ReactorCounters::bytesWritten);
        byDirection(registry, "spindle.reactor.datagrams", "datagrams received by UDP ports (direction=received) and"
                        + " sent by them (direction=sent)",
                null, reactor, counters, common, "received", ReactorCounters::datagramsReceived,
                "sent", ReactorCounters::datagramsSent);
        byDirection(registry, "spindle.reactor.datagram.bytes", "bytes of the datagrams UDP ports received"
                        + " (direction=received) and sent (direction=sent)",
                "bytes", reactor, counters, common, "received", ReactorCounters::datagramBytesReceived,
                "sent", ReactorCounters::datagramBytesSent);
        counter(registry, "spindle.reactor.datagrams.dropped", "datagrams a UDP port's write dropped (send buffer"
                        + " full, or the connected peer refused an earlier one)",
                null, reactor, counters, ReactorCounters::datagramsDropped, common);
        gauge(registry, "spindle.reactor.queue.depth", "callFromThread tasks queued and not yet run",
                reactor, counters, ReactorCounters::callFromThreadQueued, common);
        gauge(registry, "spindle.reactor.timers.pending", "callLater calls neither run nor cancelled",
                reactor, counters, ReactorCounters::delayedCallsPending, common);
        for (int bucket = 0; bucket < TurnTimeHistogram.BUCKETS; bucket++) {
            int upTo = bucket;
            counter(registry, "spindle.reactor.turns",
                    "loop turns that took at most le seconds (cumulative histogram buckets; le=+Inf counts every turn)",
                    null, reactor, counters, c -> cumulative(c.turnTimes(), upTo), common.and("le", le(bucket)));
        }
    }

    /**
     * Registers the pool meters of the class description. Any thread.
     *
     * @param registry where the meters go
     * @param pool the pool whose stats are read
     * @param tags the tags every meter carries, for example {@code pool=NAME}
     * @throws IllegalArgumentException if a tag key is {@code outcome}, which the meters use
     */
    public static void bindPool(MeterRegistry registry, ConnectionPool pool, Iterable<Tag> tags) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(pool, "pool");
        Tags common = Tags.of(tags);
        refuseKeys(common, "outcome");
        Supplier<PoolStats> stats = reusing(pool::stats);

        gauge(registry, "spindle.pool.connections.open", "connections open now", pool, stats,
                PoolStats::openConnections, common);
        gauge(registry, "spindle.pool.connections.in.use", "connections running a call now", pool, stats,
                PoolStats::busyConnections, common);
        gauge(registry, "spindle.pool.connections.idle", "connections open and not running a call", pool, stats,
                PoolStats::idleConnections, common);
        gauge(registry, "spindle.pool.connections.peak", "the most connections ever open at once", pool, stats,
                PoolStats::peakOpenConnections, common);
        gauge(registry, "spindle.pool.connections.max", "the pool's bound on connections", pool, stats,
                PoolStats::maxConnections, common);
        gauge(registry, "spindle.pool.calls.waiting", "calls waiting for a connection now", pool, stats,
                PoolStats::waitingCalls, common);
        String calls = "calls by outcome: ran and succeeded, ran and failed (query timeouts included), gave up"
                + " waiting for a connection (acquire.timeout), refused at once (queue full or pool closed)";
        counter(registry, "spindle.pool.calls", calls, null, pool, stats, PoolStats::succeededCalls,
                common.and("outcome", "succeeded"));
        counter(registry, "spindle.pool.calls", calls, null, pool, stats, PoolStats::failedCalls,
                common.and("outcome", "failed"));
        counter(registry, "spindle.pool.calls", calls, null, pool, stats, PoolStats::acquireTimeouts,
                common.and("outcome", "acquire.timeout"));
        counter(registry, "spindle.pool.calls", calls, null, pool, stats, PoolStats::refusedCalls,
                common.and("outcome", "refused"));
        counter(registry, "spindle.pool.query.timeouts",
                "calls that ran past their query timeout (also counted as outcome=failed)", null, pool, stats,
                PoolStats::queryTimeouts, common);
    }

    /**
     * The {@code le} tag of a turn-time bucket: its upper bound in seconds, exact
     * ({@code 0.000001024} for bucket 0), or {@code +Inf} for the last bucket.
     *
     * @param bucket a bucket index
     * @return the tag's value
     */
    static String le(int bucket) {
        if (bucket == TurnTimeHistogram.BUCKETS - 1) {
            return "+Inf";
        }
        return BigDecimal.valueOf(TurnTimeHistogram.upperBound(bucket).toNanos()).movePointLeft(9).toPlainString();
    }

    /**
     * The turns in buckets 0 to {@code upTo}: the count a Prometheus bucket {@code le=le(upTo)} has.
     *
     * @param turns a histogram
     * @param upTo the last bucket counted
     * @return the sum of the counts of buckets 0 to {@code upTo}
     */
    static long cumulative(TurnTimeHistogram turns, int upTo) {
        long sum = 0;
        for (int i = 0; i <= upTo; i++) {
            sum += turns.count(i);
        }
        return sum;
    }

    /** {@link #reusing(Supplier, LongSupplier, long)} on {@code System.nanoTime} for {@link #SNAPSHOT_REUSE_MILLIS}. */
    private static <T> Supplier<T> reusing(Supplier<T> read) {
        return reusing(read, System::nanoTime, SNAPSHOT_REUSE_MILLIS * 1_000_000);
    }

    /**
     * A supplier that calls {@code read} again only once {@code reuseNanos} have passed on
     * {@code clock} since its last call, and otherwise answers the value that call returned. Any
     * thread: two threads may both read a fresh value at once, which is harmless (each is whole).
     *
     * @param read what is read, such as {@code reactor::counters}
     * @param clock a monotonic clock in nanoseconds
     * @param reuseNanos how long a value is answered again
     * @param <T> the value's type
     * @return the reusing supplier
     */
    static <T> Supplier<T> reusing(Supplier<T> read, LongSupplier clock, long reuseNanos) {
        record Stamped<T>(long nanos, T value) {}
        AtomicReference<@Nullable Stamped<T>> last = new AtomicReference<>();
        return () -> {
            long now = clock.getAsLong();
            Stamped<T> s = last.get();
            if (s == null || now - s.nanos() >= reuseNanos) {
                s = new Stamped<>(now, read.get());
                last.set(s);
            }
            return s.value();
        };
    }

    private static void refuseKeys(Tags tags, String... reserved) {
        for (Tag tag : tags) {
            for (String key : reserved) {
                if (tag.getKey().equals(key)) {
                    throw new IllegalArgumentException("the tag key " + key + " is used by the meters themselves");
                }
            }
        }
    }

    // The meter's object is the reactor or pool itself (Micrometer holds it weakly; the program
    // holds it strongly); the function reads through the shared snapshot, which the function,
    // held strongly by the meter, keeps alive.
    private static <O, S> void gauge(MeterRegistry registry, String name, String description, O owner,
            Supplier<S> snapshot, ToDoubleFunction<S> figure, Tags tags) {
        Gauge.builder(name, owner, o -> figure.applyAsDouble(snapshot.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** One counter, two series: the same figure in and out, told apart by a {@code direction} tag. */
    private static <O, S> void byDirection(MeterRegistry registry, String name, String description,
            @Nullable String baseUnit, O owner, Supplier<S> snapshot, Tags tags,
            String in, ToDoubleFunction<S> inFigure, String out, ToDoubleFunction<S> outFigure) {
        counter(registry, name, description, baseUnit, owner, snapshot, inFigure, tags.and("direction", in));
        counter(registry, name, description, baseUnit, owner, snapshot, outFigure, tags.and("direction", out));
    }

    private static <O, S> void counter(MeterRegistry registry, String name, String description,
            @Nullable String baseUnit, O owner, Supplier<S> snapshot,
            ToDoubleFunction<S> figure, Tags tags) {
        FunctionCounter.Builder<O> b = FunctionCounter.builder(name, owner, o -> figure.applyAsDouble(snapshot.get()))
                .description(description)
                .tags(tags);
        if (baseUnit != null) {
            b.baseUnit(baseUnit);
        }
        b.register(registry);
    }
}
