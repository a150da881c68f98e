package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.module.ResolvedModule;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With {@code installSignalHandlers}, SIGTERM stops the reactor gracefully: the shutdown triggers
 * run (a "before" trigger's Deferred is awaited), connections get connectionLost, what the stop
 * logs is seen with the JDK's default logging, and the JVM exits as SIGTERM makes it exit.
 */
class SignalShutdownTest {

    @Test
    void sigtermShutdownIsLoggedWithTheJdkDefaultLogging() throws Exception {
        // The child runs on the module path as a modular application would (so net.reactor's own
        // descriptor must make sun.misc.Signal available), with no logging configuration at all.
        Process child = new ProcessBuilder(java(), "--module-path", reactorModulePath(),
                "--patch-module", "net.reactor=" + testClasses(),
                "--module", "net.reactor/" + ShutdownLogChild.class.getName())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = readLines(child);
        try {
            assertThat(lines.poll(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ready");
            child.toHandle().destroy(); // SIGTERM
            assertThat(child.waitFor(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            List<String> out = untilEnd(lines);
            assertThat(out).anyMatch(l -> l.contains("reactor shutdown-log-child: received SIGTERM; stopping"));
            assertThat(out).anyMatch(l -> l.startsWith("WARNING:") && l.contains("is still running after shutdown")
                    && l.contains("it ignores cancellation"));
            assertThat(out).as("the JVM exits as the loop ends, before run() returns").doesNotContain("run returned");
            assertThat(child.exitValue()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aSecondSigtermExitsWithoutWaitingForTheStop() throws Exception {
        Process child = new ProcessBuilder(java(), "--module-path", reactorModulePath(),
                "--patch-module", "net.reactor=" + testClasses(),
                "--module", "net.reactor/" + ShutdownLogChild.class.getName(), "stuck")
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = readLines(child);
        try {
            assertThat(lines.poll(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ready");
            child.toHandle().destroy();
            // The "before shutdown" trigger runs and never finishes: the shutdown timeout is an hour.
            String line;
            do {
                line = lines.poll(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            } while (line != null && !line.equals("stopping"));
            assertThat(line).isEqualTo("stopping");
            child.toHandle().destroy();
            assertThat(child.waitFor(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            List<String> out = untilEnd(lines);
            assertThat(out).anyMatch(l -> l.contains("SIGTERM again while stopping; exiting without waiting"));
            assertThat(child.exitValue()).isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The modules net.reactor needs, as this JVM resolved them (and nothing else: no logging back end). */
    private static String reactorModulePath() {
        java.lang.module.Configuration boot = ModuleLayer.boot().configuration();
        java.util.Set<ResolvedModule> seen = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<ResolvedModule> todo = new java.util.ArrayDeque<>();
        todo.add(boot.findModule("net.reactor").orElseThrow());
        while (!todo.isEmpty()) {
            ResolvedModule m = todo.poll();
            if (seen.add(m)) {
                todo.addAll(m.reads());
            }
        }
        List<String> path = new ArrayList<>();
        for (ResolvedModule m : seen) {
            java.net.URI location = m.reference().location().orElseThrow();
            if (location.getScheme().equals("file")) { // not the JDK's own (jrt:) modules
                path.add(Path.of(location).toString());
            }
        }
        return String.join(File.pathSeparator, path);
    }

    /** Where the test classes are: patched into net.reactor, they are a directory of their own. */
    private static String testClasses() throws Exception {
        return Path.of(ShutdownLogChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The remaining lines of the child's output, up to its end. */
    private static List<String> untilEnd(BlockingQueue<String> lines) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String line = lines.poll(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS); line != null
                && !line.equals("<eof>"); line = lines.poll(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)) {
            out.add(line);
        }
        return out;
    }

    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
            lines.add("<eof>");
        });
        return lines;
    }

    @Test
    void sigtermRunsTheShutdownTriggers() throws Exception {
        List<String> cp = new ArrayList<>();
        for (String module : List.of("net.reactor", "net.deferred", "net.threadpool", "org.jctools.core")) {
            ResolvedModule m = ModuleLayer.boot().configuration().findModule(module).orElseThrow();
            cp.add(Path.of(m.reference().location().orElseThrow()).toString());
        }
        cp.add(Path.of(SignalShutdownTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, cp), SignalChild.class.getName())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
            lines.add("<eof>");
        });
        try {
            String ready = lines.poll(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(ready).startsWith("ready ");
            int port = Integer.parseInt(ready.substring(6));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(1); // make sure the child has accepted it
                s.getOutputStream().flush();
                child.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                assertThat(child.waitFor(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
            reader.join();
            List<String> out = new ArrayList<>();
            lines.drainTo(out);
            assertThat(out).containsSubsequence("before shutdown trigger", "connectionLost ConnectionLostException",
                    "after shutdown trigger", "<eof>");
            assertThat(child.exitValue()).isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
    }
}
