package spindle.it.tls;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import spindle.it.support.RequiredPeer;

/** Running external peers (Debian's openssl), skipping visibly when they are missing. */
final class Peers {
    private Peers() {}

    static boolean required() {
        return RequiredPeer.required();
    }

    /** Skips the test (or fails it, when SPINDLE_REQUIRE_SERVERS=1) if openssl cannot run. */
    static void requireOpenSSL() {
        String problem = null;
        try {
            Result r = run(Path.of("."), List.of("openssl", "version"), null, 30);
            if (r.exit() != 0) {
                problem = "openssl version exited with " + r.exit();
            }
        } catch (IOException e) {
            problem = "openssl is not installed (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw RequiredPeer.missing(problem, "apt-get install openssl, to run the TLS interoperability tests");
        }
    }

    record Result(int exit, String stdout, String stderr) {}

    /** Runs a command to completion, feeding {@code stdin}, within a time bound. */
    static Result run(Path dir, List<String> command, String stdin, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = Thread.ofVirtual().start(() -> {
                try {
                    process.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
            }
            errReader.join();
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** A long-running peer (openssl s_server), stopped by {@link #close()}. */
    static final class Server implements AutoCloseable {
        final Process process;
        final ByteArrayOutputStream output = new ByteArrayOutputStream();

        /** Starts {@code command} and waits until it prints a line containing {@code ready}. */
        Server(Path dir, List<String> command, String ready) throws Exception {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            CompletableFuture<Void> up = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        synchronized (output) {
                            output.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                        if (line.contains(ready)) {
                            up.complete(null);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                up.completeExceptionally(new AssertionError(command + " ended before it was ready:\n" + output()));
            });
            up.get(30, TimeUnit.SECONDS);
        }

        String output() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A port that was free a moment ago (for peers that cannot report the port they chose). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
