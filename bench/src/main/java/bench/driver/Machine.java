package bench.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the facts about the machine and the run that results.md shows beside the figures. */
final class Machine {

    private Machine() {}

    static void write(Settings settings, Jvm jvm, Path file, String arguments) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("started", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.put("command", ("bench/run " + arguments).strip());
        facts.put("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("cpu", firstValue("/proc/cpuinfo", "model name"));
        facts.put("memory", firstValue("/proc/meminfo", "MemTotal"));
        facts.put("kernel", read("/proc/sys/kernel/osrelease"));
        facts.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        facts.put("jvm_flags", String.join(" ", Jvm.FLAGS));
        facts.put("pinning", jvm.pinningNote());
        facts.put("load_average_at_start", read("/proc/loadavg"));
        facts.put("quick", Boolean.toString(settings.quick()));
        facts.put("mode", settings.quick() ? "quick" : settings.full() ? "full" : "default");
        facts.put("repetitions", Integer.toString(settings.repetitions()));
        facts.put("warmup_seconds", Double.toString(settings.warmupSeconds()));
        facts.put("warmup_max_seconds", Double.toString(settings.warmupMaxSeconds()));
        facts.put("duration_seconds", Double.toString(settings.durationSeconds()));
        facts.put("idle_connections", Integer.toString(settings.idleConnections()));
        StringBuilder text = new StringBuilder();
        facts.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text);
    }

    static void appendEnd(Path file) throws IOException {
        Files.writeString(file, "finished=" + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "\nload_average_at_end=" + read("/proc/loadavg") + "\n", StandardOpenOption.APPEND);
    }

    private static String firstValue(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    /**
     * The load average line of /proc/loadavg, as every driver records it before and after a run.
     *
     * @return the line, or "unknown" where it cannot be read
     */
    static String loadAverage() {
        return read("/proc/loadavg");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
