package bench.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running echo server JVM. Its output goes to a log file, where the driver waits for the
 * {@code LISTENING <port>} line.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server and waits until it listens.
     *
     * @throws IOException if it does not start, or exits, or stays silent for 60 seconds
     */
    static ServerProcess start(Jvm jvm, ServerSpec spec, List<String> firstArgs, Path log)
            throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(firstArgs);
        args.addAll(spec.args());
        List<String> command = spec.python() != null
                ? jvm.nativeCommand(jvm.serverCores(), concat(List.of(python(), "-u",
                        Path.of(System.getProperty("bench.dir", "bench")).resolve(spec.python()).toString()), args))
                : jvm.command(jvm.serverCores(), spec.mainClass(), args);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long size = Files.size(log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String output = tail(log, size);
            for (String line : output.split("\n")) {
                if (line.startsWith("LISTENING ")) {
                    return new ServerProcess(process, Integer.parseInt(line.substring(10).trim()));
                }
            }
            if (!process.isAlive()) {
                throw new IOException(spec.id() + " exited with status " + process.exitValue() + ": see " + log);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IOException(spec.id() + " did not announce its port within 60 s: see " + log);
    }

    /**
     * Why the Twisted AMP peer cannot run, or null if it can: its interpreter must import Twisted.
     */
    static @org.jspecify.annotations.Nullable String twistedMissing() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python(), "-c", "import twisted")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python() + " did not answer within 60 s";
            }
            return p.exitValue() == 0 ? null : python() + " cannot import twisted";
        } catch (IOException e) {
            return python() + " cannot run: " + e.getMessage();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Debian's interpreter, where python3-twisted installs, unless {@code BENCH_PYTHON} names another. */
    private static String python() {
        return System.getenv().getOrDefault("BENCH_PYTHON", "/usr/bin/python3");
    }

    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Stops the server: SIGTERM, then SIGKILL if it is still there after 10 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
