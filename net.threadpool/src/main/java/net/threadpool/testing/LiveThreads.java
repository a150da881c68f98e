package net.threadpool.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists the live threads whose names start with a prefix, virtual threads included, for tests
 * that check nothing was left running. {@link Thread#getAllStackTraces()} does not see virtual
 * threads, so this takes a JSON thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}) and
 * reads the names from it.
 *
 * {@snippet :
 * try (VirtualThreadPool pool = new VirtualThreadPool("orders", 4)) {
 *     // ... run work on it ...
 * }
 * LiveThreads.assertNoneLeft("orders");   // fails, naming them, if a thread outlived the pool
 * }
 *
 * <p>Needs the {@code jdk.management} module at run time (see the package comment). Each call
 * writes a thread dump to a temporary file and deletes it; that costs milliseconds, which is
 * fine at the end of a test and wrong in a hot loop.
 *
 * <p><b>Threading:</b> any thread.
 */
public final class LiveThreads {
    /** How long {@link #assertNoneLeft(String)} waits for threads that are still unwinding. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

    private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Between two dumps while waiting: a dump is costly, and a thread that is ending needs no hurry. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private LiveThreads() {}

    /**
     * The live threads whose names start with {@code prefix}.
     *
     * @param prefix the start of the names to list; "" lists every thread
     * @return their names, in the dump's order (a name appears once per thread)
     * @throws IllegalStateException if the {@code jdk.management} module is not resolved
     * @throws UncheckedIOException if the dump cannot be written or read
     */
    public static List<String> named(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String dump = dump();
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(dump);
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * Waits until no live thread's name starts with {@code prefix}, at most {@code bound}. A
     * thread that has just delivered its last result may still be unwinding, so a check right
     * after the work is done needs to wait a little; the bound only keeps a leak from hanging the
     * test.
     *
     * @param prefix the start of the names
     * @param bound how long to wait at most
     * @return the names still alive when the bound ran out; empty once none is
     * @throws IllegalStateException if the {@code jdk.management} module is not resolved
     */
    public static List<String> awaitNoneLeft(String prefix, Duration bound) {
        Objects.requireNonNull(bound, "bound");
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> left = named(prefix);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            left = named(prefix);
        }
        return left;
    }

    /**
     * Fails unless every thread whose name starts with {@code prefix} ends within
     * {@link #DEFAULT_BOUND}.
     *
     * @param prefix the start of the names
     * @throws AssertionError naming the threads still alive
     * @throws IllegalStateException if the {@code jdk.management} module is not resolved
     */
    public static void assertNoneLeft(String prefix) {
        List<String> left = awaitNoneLeft(prefix, DEFAULT_BOUND);
        if (!left.isEmpty()) {
            throw new AssertionError("threads named " + prefix + "* still alive after " + DEFAULT_BOUND + ": " + left);
        }
    }

    private static String dump() {
        if (LiveThreads.class.getModule().isNamed()
                && ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            throw new IllegalStateException("LiveThreads reads a thread dump through the jdk.management module,"
                    + " which is not resolved; run with --add-modules jdk.management");
        }
        try {
            Path file = Files.createTempFile("threads", ".json");
            // dumpThreads refuses to overwrite a file.
            Files.delete(file);
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                return Files.readString(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a thread dump", e);
        }
    }
}
