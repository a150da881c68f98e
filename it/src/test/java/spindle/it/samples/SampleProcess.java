package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample running in its own JVM, started as a user would start it:
 * {@code java --module-path samples/target/modules --module spindle.samples/spindle.samples.Main NAME ...}.
 * Its standard output is read line by line; its standard error goes to a file that failure
 * messages quote. {@link #close()} kills it if it is still alive and waits for it, so no test
 * leaves a process behind.
 */
final class SampleProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)(?: .*)?");
    private static final String EOF = "\u0000EOF";

    private final String name;
    private final Process process;
    private final Path stderr;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final CountDownLatch outputEnded = new CountDownLatch(1);

    private SampleProcess(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        Thread.ofVirtual().name("stdout-" + name).start(this::pump);
    }

    /** The directory holding the samples' jar and every module it needs. */
    static Path modulePath() {
        Path modules = Path.of(Objects.requireNonNull(System.getProperty("spindle.samples.modules"),
                "system property spindle.samples.modules (set by it/pom.xml)"));
        assertThat(modules.resolve("samples-0.1.0-SNAPSHOT.jar")).as("the samples' module path was built").exists();
        return modules;
    }

    /**
     * Starts {@code java --module-path ... --module spindle.samples/spindle.samples.Main args...}.
     *
     * @param workDir the process's working directory; its stderr is written there too
     */
    static SampleProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /**
     * Starts a sample as {@link #start(Path, String...)} does, with extra JVM options.
     *
     * @param jvmOptions options for the JVM, before {@code --module-path}
     */
    static SampleProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        return start(workDir, List.of(), jvmOptions, args);
    }

    /**
     * Starts a sample as {@link #start(Path, String...)} does, in a JVM that may open at most
     * {@code maxDescriptors} files and sockets ({@code bash -c 'ulimit -n N; exec java ...'}).
     */
    static SampleProcess startWithDescriptorLimit(Path workDir, int maxDescriptors, String... args) throws IOException {
        return start(workDir, List.of("bash", "-c", "ulimit -n " + maxDescriptors + " && exec \"$@\"", "bash"),
                List.of(), args);
    }

    /** {@code launcher}: words put before the java command (it receives the command as arguments). */
    private static SampleProcess start(Path workDir, List<String> launcher, List<String> jvmOptions, String... args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(java, "-Dspindle.samples.data=" + workDir.resolve("data")));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "--module-path", modulePath().toString(),
                "--module", "spindle.samples/spindle.samples.Main"));
        command.addAll(List.of(args));
        String name = String.join("-", args).replaceAll("[^A-Za-z0-9.-]", "_");
        Path stderr = Files.createTempFile(workDir, "stderr-" + (name.length() > 40 ? name.substring(0, 40) : name), ".txt");
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        return new SampleProcess(String.join(" ", args), p, stderr);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // The process went away; EOF below tells the waiters.
        } finally {
            lines.add(EOF);
            outputEnded.countDown();
        }
    }

    /** The next line of standard output matching {@code pattern}, waiting at most {@code timeout}. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                if (line != null) {
                    lines.add(EOF);
                }
                throw new AssertionError((line == null ? "timed out" : "output ended") + " waiting for /" + pattern
                        + "/ from `" + name + "`" + diagnostics());
            }
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                return m;
            }
        }
    }

    /** Waits for the {@code listening on HOST:PORT} line and returns that address. */
    InetSocketAddress awaitListening() throws InterruptedException {
        Matcher m = awaitLine(LISTENING, START_TIMEOUT);
        return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux and macOS). */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to exit and returns its status; fails if it does not exit in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("`" + name + "` did not exit within " + timeout + diagnostics());
        }
        outputEnded.await(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Everything printed on standard output so far (wait for exit first to get all of it). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Standard error so far. */
    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Output and error, for failure messages. */
    String diagnostics() {
        return "\n--- stdout of `" + name + "`:\n" + String.join("\n", output()) + "\n--- stderr:\n" + stderr();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
