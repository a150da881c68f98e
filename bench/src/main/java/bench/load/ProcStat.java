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
