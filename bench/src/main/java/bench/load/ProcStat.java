package bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and resident memory from Linux's /proc. */
final class ProcStat {

    /** Linux reports CPU time in clock ticks of 1/100 s on every mainstream configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {}

    /**
     * CPU time (user + system, all threads, living and dead) of a process.
     *
     * @param pid the process, or 0 for this one
     */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", pid == 0 ? "self" : Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces; fields are counted after its closing ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /**
     * CPU time (user + system) of a process's JIT compiler threads (HotSpot names them
     * {@code C1 CompilerThreadN} and {@code C2 CompilerThreadN}; the kernel keeps the first 15
     * characters), living ones only: the JIT's share of the process's CPU time. A process that is
     * not a HotSpot JVM (the Twisted peer) has none and reads 0.
     *
     * @param pid the process, or 0 for this one
     */
    static double jitCpuSeconds(long pid) {
        Path tasks = Path.of("/proc", pid == 0 ? "self" : Long.toString(pid), "task");
        long ticks = 0;
        try (var threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException exited) {
                    continue; // the thread ended between the listing and the read
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * Resident memory of a process.
     *
     * @param pid the process
     * @return VmRSS in KiB
     */
    static long rssKiB(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
