package spindle.it.protocols;


import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import spindle.it.support.RequiredPeer;

/**
 * A real Twisted process ({@code src/test/python/twisted_peer.py}) on 127.0.0.1: started by a
 * test, read line by line, and killed by {@link #close()}.
 *
 * <p>Twisted comes from Debian's {@code python3-twisted}; the interpreter is the first
 * {@code python3} on the PATH (or {@code /usr/bin/python3}) that can import it. Without one, the
 * tests are skipped with a message, unless {@code SPINDLE_REQUIRE_SERVERS=1}, which makes them
 * fail.
 */
final class TwistedPeer implements AutoCloseable {
    static final long WAIT_SECONDS = 30;
    private static final Path SCRIPT = Path.of("src", "test", "python", "twisted_peer.py");
    private static Optional<String> python;

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private TwistedPeer(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = Thread.ofVirtual().name("twisted-peer-reader").start(this::read);
    }

    /** Skips (or, with SPINDLE_REQUIRE_SERVERS=1, fails) the calling tests when Twisted is missing. */
    static synchronized String requirePython() {
        if (python == null) {
            python = findPython();
        }
        if (python.isEmpty()) {
            throw RequiredPeer.missing("Twisted interop tests need a python3 that can `import twisted`; none found",
                    "apt-get install -y python3-twisted");
        }
        return python.get();
    }

    private static Optional<String> findPython() {
        Set<String> candidates = new LinkedHashSet<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                candidates.add(p.toString());
            }
        }
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import twisted")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not runnable: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Starts a one-connection Twisted server and waits until it listens. */
    static TwistedPeer server(String framing, String... options) throws Exception {
        TwistedPeer peer = start("server", framing, options);
        peer.port();
        return peer;
    }

    /** Starts a Twisted client that connects to {@code port}. */
    static TwistedPeer client(String framing, int port, String... options) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port)));
        all.addAll(List.of(options));
        return start("client", framing, all.toArray(String[]::new));
    }

    private static TwistedPeer start(String role, String framing, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(requirePython(), "-u", SCRIPT.toString(), role, framing));
        command.addAll(List.of(options));
        return new TwistedPeer(command);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    /** Waits for the server's {@code PORT} line. */
    int port() throws Exception {
        return Integer.parseInt(await("PORT ").substring(5));
    }

    /** Waits for the first output line starting with {@code prefix}. */
    String await(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (output) {
            while (true) {
                for (String line : output) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new TimeoutException("Twisted peer never printed '" + prefix + "'; output: " + output);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.SECONDS.toNanos(1)))));
            }
        }
    }

    /** Waits for the process to end by itself (it stops after its connection is lost). */
    List<String> finish() throws Exception {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException("Twisted peer did not exit; output: " + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return output();
    }

    /** The frames the peer received, decoded. */
    List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (String line : output()) {
            if (line.startsWith("FRAME")) {
                String hex = line.length() > 6 ? line.substring(6) : "";
                frames.add(new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1));
            }
        }
        return frames;
    }

    /** Everything the peer printed so far. */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    static String hex(String text) {
        return text.isEmpty() ? "-" : HexFormat.of().formatHex(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
