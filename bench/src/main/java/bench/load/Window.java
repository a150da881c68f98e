package bench.load;

import java.util.function.LongSupplier;

/**
 * The timed window of a run: load flows during a warm-up, then for the measured duration. At the
 * window's start and end it reads the CPU time of the server and of this process, so the result
 * can say how much work each side did per operation.
 *
 * <p>The clock starts when the workload has set up its connections ({@link #start()}), so slow
 * set-up never eats the window. A window that has seen no operation at its planned end stays open
 * up to {@link #GRACE_NANOS} longer: on a starved machine a short run still measures something,
 * while a server that completes nothing still ends with zero.
 */
final class Window {

    private final long serverPid;
    private final Runnable onOpen;
    private final LongSupplier progress;
    private final long warmupNanos;
    private final long durationNanos;
    private long warmupEnd = Long.MAX_VALUE;
    private long end = Long.MAX_VALUE;
    private boolean measuring;
    private long startNanos;
    private long stopNanos;
    private double serverCpuStart;
    private double serverCpuStop;
    private double ownCpuStart;
    private double ownCpuStop;

    /** How long a window that has counted nothing may stay open past its planned end. */
    static final long GRACE_NANOS = 10_000_000_000L;

    /**
     * @param onOpen runs once, when the timed window opens: the workload resets its counters
     * @param progress the operations counted so far in the window
     */
    Window(Options options, Runnable onOpen, LongSupplier progress) {
        this.serverPid = options.serverPid();
        this.onOpen = onOpen;
        this.progress = progress;
        this.warmupNanos = options.warmupNanos();
        this.durationNanos = options.durationNanos();
    }

    /** Starts the warm-up: the workload's connections are set up and load begins now. */
    void start() {
        long now = System.nanoTime();
        warmupEnd = now + warmupNanos;
        end = warmupEnd + durationNanos;
    }

    /**
     * Opens the timed window if {@code now} is past the warm-up; call it before counting an event.
     *
     * @return true exactly once: when the window opens (after {@code onOpen} has run)
     */
    boolean opened(long now) {
        if (measuring || now < warmupEnd) {
            return false;
        }
        measuring = true;
        onOpen.run();
        serverCpuStart = serverPid == 0 ? 0 : ProcStat.cpuSeconds(serverPid);
        ownCpuStart = ProcStat.cpuSeconds(0);
        startNanos = System.nanoTime();
        return true;
    }

    boolean measuring() {
        return measuring;
    }

    /**
     * Whether the timed window is over; the first true answer closes it. Loops call it at least
     * every 100 ms, so the window also opens on time when no event arrives.
     */
    boolean closed(long now) {
        opened(now);
        if (now < end || (progress.getAsLong() == 0 && now < end + GRACE_NANOS)) {
            return false;
        }
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
            serverCpuStop = serverPid == 0 ? 0 : ProcStat.cpuSeconds(serverPid);
            ownCpuStop = ProcStat.cpuSeconds(0);
        }
        return true;
    }

    /** Adds the window's length and CPU figures to {@code result}, and per-operation rates for {@code ops}. */
    void report(Result result, long ops) {
        double seconds = (stopNanos - startNanos) / 1e9;
        double serverCpu = serverCpuStop - serverCpuStart;
        double ownCpu = ownCpuStop - ownCpuStart;
        result.put("ops", ops);
        result.put("seconds", seconds);
        result.put("ops_per_s", ops / seconds);
        if (serverPid != 0) {
            result.put("server_cpu_s", serverCpu);
            result.put("server_cpu_util", serverCpu / seconds);
            result.put("ops_per_server_cpu_s", serverCpu > 0 ? ops / serverCpu : 0);
        }
        result.put("loadgen_cpu_s", ownCpu);
        result.put("loadgen_cpu_util", ownCpu / seconds);
    }

    double seconds() {
        return (stopNanos - startNanos) / 1e9;
    }

    double serverCpuSeconds() {
        return serverCpuStop - serverCpuStart;
    }
}
