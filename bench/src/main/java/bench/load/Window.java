package bench.load;

import java.util.function.LongSupplier;

/**
 * The timed window of a run: load flows during a warm-up, then for the measured duration. At the
 * window's start and end it reads the CPU time of the server and of this process, so the result
 * can say how much work each side did per operation.
 *
 * <p>The clock starts when the workload has set up its connections ({@link #start()}), so slow
 * set-up never eats the window. The warm-up lasts at least {@link Options#warmupNanos()}; past
 * that it runs on, up to {@link Options#warmupMaxNanos()}, while a JIT compiler is still at work
 * in the server or in this process (their compiler threads gained CPU time over the last
 * {@link #JIT_QUIET_NANOS}): a short warm-up is enough where the JIT is done, and where it is not
 * the window waits for it. The JIT CPU time inside the timed window is reported beside the totals,
 * so a result shows whether compilation was part of what it measured.
 *
 * <p>A window that has seen no operation at its planned end stays open
 * up to {@link #GRACE_NANOS} longer: on a starved machine a short run still measures something,
 * while a server that completes nothing still ends with zero.
 */
final class Window {

    private final long serverPid;
    private final Runnable onOpen;
    private final LongSupplier progress;
    private final long warmupNanos;
    private final long warmupMaxNanos;
    private final long durationNanos;
    private long warmupStart;
    private long warmupLimit = Long.MAX_VALUE;
    /** When {@link #opened} next looks at the JIT: one quiet period before the minimum warm-up ends, then every period. */
    private long nextLook = Long.MAX_VALUE;
    private double jitSample;
    private long warmupEnd = Long.MAX_VALUE;
    private long end = Long.MAX_VALUE;
    private boolean measuring;
    private long startNanos;
    private long stopNanos;
    private double serverCpuStart;
    private double serverCpuStop;
    private double ownCpuStart;
    private double ownCpuStop;
    private double serverJitStart;
    private double serverJitStop;
    private double ownJitStart;
    private double ownJitStop;

    /** How long a window that has counted nothing may stay open past its planned end. */
    static final long GRACE_NANOS = 10_000_000_000L;

    /** How long both JIT compilers must have gained no CPU time before the warm-up may end. */
    static final long JIT_QUIET_NANOS = 200_000_000L;

    /**
     * @param onOpen runs once, when the timed window opens: the workload resets its counters
     * @param progress the operations counted so far in the window
     */
    Window(Options options, Runnable onOpen, LongSupplier progress) {
        this.serverPid = options.serverPid();
        this.onOpen = onOpen;
        this.progress = progress;
        this.warmupNanos = options.warmupNanos();
        this.warmupMaxNanos = Math.max(options.warmupMaxNanos(), options.warmupNanos());
        this.durationNanos = options.durationNanos();
    }

    /** Starts the warm-up: the workload's connections are set up and load begins now. */
    void start() {
        long now = System.nanoTime();
        warmupStart = now;
        warmupEnd = now + warmupNanos;
        warmupLimit = now + warmupMaxNanos;
        nextLook = Math.max(now, warmupEnd - JIT_QUIET_NANOS);
        end = warmupEnd + durationNanos;
    }

    /** Whether a JIT compiler gained CPU time since the last sample; takes a new sample. */
    private boolean jitBusy() {
        double jit = jitCpu();
        boolean busy = jit > jitSample;
        jitSample = jit;
        return busy;
    }

    private double jitCpu() {
        return (serverPid == 0 ? 0 : ProcStat.jitCpuSeconds(serverPid)) + ProcStat.jitCpuSeconds(0);
    }

    /**
     * Opens the timed window if {@code now} is past the warm-up; call it before counting an event.
     *
     * @return true exactly once: when the window opens (after {@code onOpen} has run)
     */
    boolean opened(long now) {
        if (measuring || now < nextLook) {
            return false;
        }
        if (now < warmupEnd) {
            // The first look, a quiet period before the minimum ends: a JIT that is done by then
            // lets the window open right at the minimum.
            jitSample = jitCpu();
            nextLook = warmupEnd;
            return false;
        }
        if (now + JIT_QUIET_NANOS <= warmupLimit && jitBusy()) {
            nextLook = now + JIT_QUIET_NANOS; // look again after a quiet period's length
            return false;
        }
        measuring = true;
        onOpen.run();
        serverCpuStart = serverPid == 0 ? 0 : ProcStat.cpuSeconds(serverPid);
        ownCpuStart = ProcStat.cpuSeconds(0);
        serverJitStart = serverPid == 0 ? 0 : ProcStat.jitCpuSeconds(serverPid);
        ownJitStart = ProcStat.jitCpuSeconds(0);
        startNanos = System.nanoTime();
        end = startNanos + durationNanos;
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
        if (!measuring) {
            return false; // the warm-up runs on, at most until its limit
        }
        if (now < end || (progress.getAsLong() == 0 && now < end + GRACE_NANOS)) {
            return false;
        }
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
            serverCpuStop = serverPid == 0 ? 0 : ProcStat.cpuSeconds(serverPid);
            ownCpuStop = ProcStat.cpuSeconds(0);
            serverJitStop = serverPid == 0 ? 0 : ProcStat.jitCpuSeconds(serverPid);
            ownJitStop = ProcStat.jitCpuSeconds(0);
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
        // How long the warm-up really ran, and how much JIT work the timed window still held.
        result.put("warmup_s", (startNanos - warmupStart) / 1e9);
        if (serverPid != 0) {
            result.put("server_jit_cpu_s", serverJitStop - serverJitStart);
        }
        result.put("loadgen_jit_cpu_s", ownJitStop - ownJitStart);
    }

    double seconds() {
        return (stopNanos - startNanos) / 1e9;
    }

    double serverCpuSeconds() {
        return serverCpuStop - serverCpuStart;
    }
}
