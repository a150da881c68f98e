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
 * run (a "before" trigger's Deferred is awaited) and connections get connectionLost.
 */
class SignalShutdownTest {

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
