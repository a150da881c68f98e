package spindle.it.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import spindle.it.support.PeerCommand;

/**
 * A Python server ({@code src/test/python/http_peer.py}: {@code http.server},
 * {@code SimpleXMLRPCServer}) on 127.0.0.1, run by Debian's {@code /usr/bin/python3}: started by a
 * test, its {@code PORT} and {@code CONN} lines read, killed by {@link #close()}.
 */
final class PythonPeer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("src", "test", "python", "http_peer.py");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private PythonPeer(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = Thread.ofVirtual().name("python-peer-reader").start(this::read);
    }

    /** Starts the script in a mode and waits until it listens. */
    static PythonPeer start(String... args) throws Exception {
        PeerCommand.require("Python 3 (Debian's)", "apt-get install python3", PYTHON, "-c", "import http.server");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-u", SCRIPT.toString()));
        command.addAll(List.of(args));
        PythonPeer peer = new PythonPeer(command);
        peer.port();
        return peer;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // killed
        }
    }

    /** The port the server printed. */
    int port() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (l.startsWith("PORT ")) {
                        return Integer.parseInt(l.substring(5).strip());
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new TimeoutException("the Python peer never listened; output: " + lines);
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            }
        }
    }

    /** How many connections the server has accepted so far. */
    long connections() {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith("CONN ")).count();
        }
    }

    /** Every line the server printed that starts with {@code prefix}. */
    List<String> lines(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }
}
