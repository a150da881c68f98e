package bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The raw results of a run, one CSV file per kind, written as the run goes (so an interrupted run
 * keeps what it measured) and read back by {@link Report}. Tables and chart are generated only
 * from these files.
 *
 * <ul>
 *   <li>{@code servers.csv}: {@code id,label,role,group} with role {@code ours} or {@code peer}
 *       and group {@code tcp}, {@code tls} or {@code amp} (each group is compared within itself);
 *   <li>{@code network.csv}: {@code rep,server,workload,metric,value}, one row per figure;
 *   <li>{@code status.csv}: {@code rep,server,workload,status,detail}, status {@code ok} or
 *       {@code failed};
 *   <li>{@code jmh.csv}: {@code benchmark,threads,params,iteration,score,unit}, one row per
 *       measured JMH iteration;
 *   <li>{@code machine.properties}: machine facts and the run's settings.
 * </ul>
 */
public final class RawResults {

    /** Servers file name. */
    public static final String SERVERS = "servers.csv";
    /** Network figures file name. */
    public static final String NETWORK = "network.csv";
    /** Per-run status file name. */
    public static final String STATUS = "status.csv";
    /** JMH iterations file name. */
    public static final String JMH = "jmh.csv";
    /** Machine facts file name. */
    public static final String MACHINE = "machine.properties";

    private final Path directory;

    /**
     * Starts (or restarts) the raw files of a run in {@code directory}, with their header rows.
     *
     * @param directory the run's results directory, created if missing
     * @param network whether this run measures the network workloads (their files are reset)
     * @param jmh whether this run measures the microbenchmarks (their file is reset)
     * @throws UncheckedIOException if the files cannot be written
     */
    public RawResults(Path directory, boolean network, boolean jmh) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            if (network) {
                Files.writeString(directory.resolve(SERVERS), "id,label,role,group\n");
                Files.writeString(directory.resolve(NETWORK), "rep,server,workload,metric,value\n");
                Files.writeString(directory.resolve(STATUS), "rep,server,workload,status,detail\n");
            }
            if (jmh) {
                Files.writeString(directory.resolve(JMH), "benchmark,threads,params,iteration,score,unit\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records a server taking part in the network workloads.
     *
     * @param id its short name
     * @param label its name in tables
     * @param ours whether it is Spindle's
     * @param group the servers it is compared with: {@code tcp}, {@code lines}, {@code tls} or {@code amp}
     * @throws IllegalArgumentException if a field holds a comma (the file is comma-separated)
     */
    public void server(String id, String label, boolean ours, String group) {
        if ((id + label + group).indexOf(',') >= 0) {
            throw new IllegalArgumentException("no commas in a server's id, label or group: " + label);
        }
        append(SERVERS, id + "," + label + "," + (ours ? "ours" : "peer") + "," + group);
    }

    /**
     * Records one figure of one network run.
     *
     * @param rep the repetition, from 1
     * @param server the server's id
     * @param workload the workload's id
     * @param metric the figure's name
     * @param value its value
     */
    public void network(int rep, String server, String workload, String metric, double value) {
        append(NETWORK, rep + "," + server + "," + workload + "," + metric + "," + number(value));
    }

    /**
     * Records how a network run ended.
     *
     * @param rep the repetition, from 1
     * @param server the server's id
     * @param workload the workload's id
     * @param status {@code ok} or {@code failed}
     * @param detail why, for failures; empty otherwise
     */
    public void status(int rep, String server, String workload, String status, String detail) {
        append(STATUS, rep + "," + server + "," + workload + "," + status + "," + clean(detail));
    }

    /**
     * Records one measured JMH iteration.
     *
     * @param benchmark the benchmark method's full name
     * @param threads the number of benchmark threads
     * @param params the parameters, as {@code name=value} joined by {@code ;}
     * @param iteration the iteration's number, from 1
     * @param score its score
     * @param unit the score's unit
     */
    public void jmh(String benchmark, int threads, String params, int iteration, double score, String unit) {
        append(JMH, benchmark + "," + threads + "," + params + "," + iteration + "," + number(score) + "," + unit);
    }

    /**
     * The directory the files are in.
     *
     * @return the run's results directory
     */
    public Path directory() {
        return directory;
    }

    static List<String[]> read(Path directory, String file) throws IOException {
        Path path = directory.resolve(file);
        List<String[]> rows = new ArrayList<>();
        if (!Files.exists(path)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

    private void append(String file, String line) {
        try {
            Files.writeString(directory.resolve(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static String clean(String text) {
        return text.replace(',', ';').replace('\n', ' ').replace('\r', ' ');
    }
}
