package bench.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One run's figures, printed as a single {@code RESULT name=value ...} line for the driver. */
final class Result {

    private final Map<String, String> values = new LinkedHashMap<>();

    Result(Options options) {
        values.put("workload", options.workload());
        values.put("connections", Integer.toString(options.connections()));
    }

    void put(String name, long value) {
        values.put(name, Long.toString(value));
    }

    void put(String name, double value) {
        values.put(name, String.format(Locale.ROOT, "%.6g", value));
    }

    /** A text note (spaces become underscores); the driver keeps it in the log, not the figures. */
    void note(String name, String text) {
        values.put(name, text.replace(' ', '_'));
    }

    String line() {
        StringBuilder line = new StringBuilder("RESULT");
        values.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }
}
