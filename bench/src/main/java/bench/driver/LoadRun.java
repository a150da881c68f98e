package bench.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the load generator once, in its own pinned JVM, and reads its {@code RESULT} line. */
final class LoadRun {

    private LoadRun() {}

    /**
     * Runs one workload against one server.
     *
     * @return the figures the load generator printed (numbers by name)
     * @throws IOException if the load generator failed or printed no result; the message holds its output
     */
    static Map<String, Double> run(Jvm jvm, ServerProcess server, List<String> workloadArgs, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(workloadArgs);
        args.addAll(List.of("--port", Integer.toString(server.port()), "--server-pid", Long.toString(server.pid())));
        Process process = new ProcessBuilder(jvm.command(jvm.loadCores(), "bench.load.LoadGenerator", args))
                .redirectErrorStream(true)
                .start();
        byte[] bytes = readWithTimeout(process, timeoutSeconds);
        String output = new String(bytes, StandardCharsets.UTF_8);
        Files.writeString(log, "$ load " + String.join(" ", args) + "\n" + output,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                return parse(line);
            }
        }
        throw new IOException("load generator printed no result (status "
                + (process.isAlive() ? "timed out" : process.exitValue()) + "): " + output.strip());
    }

    /** Reads the load generator's output, killing it if it runs past the timeout. */
    private static byte[] readWithTimeout(Process process, long timeoutSeconds) throws InterruptedException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process was killed: what was read so far is reported
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return output.toByteArray();
    }

    static Map<String, Double> parse(String line) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : line.substring("RESULT ".length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1);
            try {
                values.put(pair.substring(0, eq), Double.parseDouble(value));
            } catch (NumberFormatException notNumeric) {
                // names such as workload=pingpong: the driver knows them already
            }
        }
        return values;
    }
}
