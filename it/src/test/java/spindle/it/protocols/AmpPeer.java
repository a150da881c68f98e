package spindle.it.protocols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Twisted AMP process ({@code src/test/python/amp_peer.py}) on 127.0.0.1, read line by line and
 * killed by {@link #close()}. Finds Python as {@link TwistedPeer} does, skipping (or with
 * {@code SPINDLE_REQUIRE_SERVERS=1} failing) when Twisted is missing.
 */
final class AmpPeer implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src", "test", "python", "amp_peer.py");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    private AmpPeer(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = Thread.ofVirtual().name("amp-peer-reader").start(this::read);
    }

    /** Starts the Twisted AMP server and waits until it listens. */
    static AmpPeer server() throws Exception {
        AmpPeer peer = new AmpPeer(List.of(TwistedPeer.requirePython(), "-u", SCRIPT.toString(), "server"));
        peer.port();
        return peer;
    }

    /** Starts the Twisted AMP server answering StartTLS with the certificate in these PEM files. */
    static AmpPeer server(Path certificate, Path key) throws Exception {
        AmpPeer peer = new AmpPeer(List.of(TwistedPeer.requirePython(), "-u", SCRIPT.toString(), "server",
                "--cert", certificate.toString(), "--key", key.toString()));
        peer.port();
        return peer;
    }

    /** Starts the Twisted AMP client's StartTLS and protocol-switch run against {@code port}. */
    static AmpPeer tlsClient(int port, Path authority) throws Exception {
        return new AmpPeer(List.of(TwistedPeer.requirePython(), "-u", SCRIPT.toString(), "tls-client",
                "--port", Integer.toString(port), "--ca", authority.toString()));
    }

    /** Starts the Twisted AMP client against {@code port}. */
    static AmpPeer client(int port) throws Exception {
        return new AmpPeer(List.of(TwistedPeer.requirePython(), "-u", SCRIPT.toString(), "client", "--port", Integer.toString(port)));
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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

    int port() throws Exception {
        return Integer.parseInt(await("PORT ").substring(5));
    }

    /** Waits for the first line starting with {@code prefix}. */
    String await(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TwistedPeer.WAIT_SECONDS);
        synchronized (output) {
            while (true) {
                for (String line : output) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new TimeoutException("the Twisted AMP peer never printed '" + prefix + "'; output: " + output);
                }
                output.wait(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** Every line so far. */
    List<String> lines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(TwistedPeer.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(TwistedPeer.WAIT_SECONDS));
    }
}
