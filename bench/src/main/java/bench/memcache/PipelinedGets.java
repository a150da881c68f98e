package bench.memcache;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.deferred.Deferred;
import net.protocols.memcache.MemcacheProtocol;
import net.reactor.Reactor;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.GetFuture;

/**
 * Pipelined gets against one memcached, Spindle's {@link MemcacheProtocol} (one connection, its
 * reactor thread) against spymemcached (one connection, its I/O thread), each keeping the same
 * number of gets in flight. Reports gets per second and per client CPU-second (this process's
 * CPU time, which is all client work: the server is another process), in interleaved rounds,
 * medians and the Spindle/spymemcached ratio.
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.memcache.PipelinedGets \
 *     [--port 21211] [--seconds 5] [--rounds 3] [--window 256]
 * </pre>
 */
public final class PipelinedGets {
    private static final int KEYS = 1000;
    private static final int VALUE_SIZE = 100;

    private PipelinedGets() {}

    /** One round's figures. */
    private record Round(long gets, double seconds, double cpuSeconds) {
        double perSecond() {
            return gets / seconds;
        }

        double perCpuSecond() {
            return gets / cpuSeconds;
        }
    }

    /**
     * Runs the comparison.
     *
     * @param args the options above
     * @throws Exception if memcached cannot be reached
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(option(args, "--port", System.getenv().getOrDefault("SPINDLE_MEMCACHED_PORT", "21211")));
        int seconds = Integer.parseInt(option(args, "--seconds", "5"));
        int rounds = Integer.parseInt(option(args, "--rounds", "3"));
        int window = Integer.parseInt(option(args, "--window", "256"));

        MemcachedClient spy = new MemcachedClient(new InetSocketAddress("127.0.0.1", port));
        byte[] value = new byte[VALUE_SIZE];
        for (int i = 0; i < KEYS; i++) {
            spy.set(key(i), 0, value).get(10, TimeUnit.SECONDS);
        }
        Reactor reactor = Reactor.create();
        Thread loop = reactor.start("bench-memcache");
        MemcacheProtocol spindle = reactor.blockingCallFromThread(() -> Endpoints.connectProtocol(
                new TCPClientEndpoint(reactor, "127.0.0.1", port), new MemcacheProtocol(reactor)));

        // A warm-up round each, not counted.
        runSpindle(reactor, spindle, window, 1);
        runSpy(spy, window, 1);
        List<Round> s = new ArrayList<>();
        List<Round> p = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            s.add(runSpindle(reactor, spindle, window, seconds));
            p.add(runSpy(spy, window, seconds));
        }
        spy.shutdown(5, TimeUnit.SECONDS);
        reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        loop.join();

        System.out.printf("pipelined gets, %d keys of %d bytes, window %d, %d rounds of %d s, memcached on port %d%n",
                KEYS, VALUE_SIZE, window, rounds, seconds, port);
        report("spindle MemcacheProtocol", s);
        report("spymemcached 2.12.3", p);
        System.out.printf("ratio spindle/spymemcached: gets/s %.2f, gets per client CPU-second %.2f%n",
                median(s, Round::perSecond) / median(p, Round::perSecond),
                median(s, Round::perCpuSecond) / median(p, Round::perCpuSecond));
    }

    private static Round runSpindle(Reactor reactor, MemcacheProtocol client, int window, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch drained = new CountDownLatch(window);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        reactor.callFromThread(() -> {
            for (int i = 0; i < window; i++) {
                spindleGet(client, i, done, stop, drained);
            }
        });
        Thread.sleep(Duration.ofSeconds(seconds));
        stop.set(true);
        long t1 = System.nanoTime();
        long cpu1 = cpu();
        long gets = done.get();
        drained.await(30, TimeUnit.SECONDS);
        return new Round(gets, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
    }

    private static void spindleGet(MemcacheProtocol client, int i, AtomicLong done, AtomicBoolean stop,
            CountDownLatch drained) {
        Deferred<?> d = client.get(key(i % KEYS)).addCallback(item -> {
            if (item == null || item.value().length != VALUE_SIZE) {
                throw new IllegalStateException("wrong answer for " + key(i % KEYS));
            }
            done.incrementAndGet();
            if (stop.get()) {
                drained.countDown();
            } else {
                spindleGet(client, i + 1, done, stop, drained);
            }
            return null;
        });
        d.addErrback(f -> {
            f.value().printStackTrace();
            System.exit(1);
            return null;
        });
    }

    private static Round runSpy(MemcachedClient client, int window, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch drained = new CountDownLatch(window);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        for (int i = 0; i < window; i++) {
            spyGet(client, i, done, stop, drained);
        }
        Thread.sleep(Duration.ofSeconds(seconds));
        stop.set(true);
        long t1 = System.nanoTime();
        long cpu1 = cpu();
        long gets = done.get();
        drained.await(30, TimeUnit.SECONDS);
        return new Round(gets, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
    }

    private static void spyGet(MemcachedClient client, int i, AtomicLong done, AtomicBoolean stop, CountDownLatch drained) {
        GetFuture<Object> f = client.asyncGet(key(i % KEYS));
        f.addListener(future -> {
            Object v = future.get();
            if (!(v instanceof byte[] b) || b.length != VALUE_SIZE) {
                System.err.println("wrong answer for " + key(i % KEYS));
                System.exit(1);
            }
            done.incrementAndGet();
            if (stop.get()) {
                drained.countDown();
            } else {
                spyGet(client, i + 1, done, stop, drained);
            }
        });
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String key(int i) {
        return "bench-memcache-" + i;
    }

    private static void report(String name, List<Round> rounds) {
        System.out.printf("%-26s gets/s median %,.0f (min %,.0f max %,.0f); gets per client CPU-second median %,.0f%n",
                name, median(rounds, Round::perSecond), min(rounds, Round::perSecond), max(rounds, Round::perSecond),
                median(rounds, Round::perCpuSecond));
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        List<Double> v = new ArrayList<>(rounds.stream().map(f::applyAsDouble).toList());
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    private static double min(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        return rounds.stream().mapToDouble(f).min().orElse(0);
    }

    private static double max(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
        return rounds.stream().mapToDouble(f).max().orElse(0);
    }

    private static String option(String[] args, String name, String defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    static {
        // spymemcached logs every connection at INFO through its own logger; quiet it.
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
        java.util.logging.Logger.getLogger("net.spy.memcached").setLevel(java.util.logging.Level.WARNING);
    }
}
