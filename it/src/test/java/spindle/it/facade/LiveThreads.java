package spindle.it.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists live threads, virtual ones included, by taking a JSON thread dump
 * (Thread.getAllStackTraces does not see virtual threads).
 */
final class LiveThreads {
    private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private LiveThreads() {}

    static List<String> named(String prefix) {
        try {
            Path file = Files.createTempFile("threads", ".json");
            Files.delete(file);
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                String dump = Files.readString(file);
                List<String> names = new ArrayList<>();
                Matcher m = NAME.matcher(dump);
                while (m.find()) {
                    if (m.group(1).startsWith(prefix)) {
                        names.add(m.group(1));
                    }
                }
                return names;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that no thread whose name starts with {@code prefix} is alive. A thread that has
     * just delivered its last result may still be unwinding, so this waits for them to end,
     * bounded (it asserts termination, not timing).
     */
    static void assertNoneLeft(String prefix) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> left = named(prefix);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
            left = named(prefix);
        }
        assertThat(left).as("threads named " + prefix + "* still alive").isEmpty();
    }
}
