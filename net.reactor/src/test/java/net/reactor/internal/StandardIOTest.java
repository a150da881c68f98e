package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.reactor.process.ProcessDoneException;
import net.reactor.process.ProcessTransport;
import org.junit.jupiter.api.Test;

/**
 * StandardIO driven from outside, as a user's console would be: a child JVM runs
 * {@link StdioChild} on its own stdin and stdout, and this test talks to it through
 * spawnProcess.
 */
class StandardIOTest {

    private static List<String> childCommand(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return List.of(java, "--module-path", reactorModulePath(), "--patch-module", "net.reactor=" + testClasses(),
                "--module", "net.reactor/" + StdioChild.class.getName(), mode);
    }

    @Test
    void aConsoleProtocolAnswersLinesAndClosesOnItsOwnRequest() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe();
            List<String> cmd = childCommand("lines");
            ProcessTransport t = f.call(() -> f.reactor.spawnProcess(p, cmd.getFirst(), cmd, null, null));
            f.run(() -> t.write("hello\nworld\nquit\nignored\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(p.ended.get(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ProcessDoneException.class);
            f.run(() -> {
                assertThat(p.out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO\nWORLD\nbye\n");
                assertThat(p.err.toString(StandardCharsets.UTF_8)).contains("lost ConnectionDoneException");
            });
        }
    }

    @Test
    void endOfInputEndsTheConnectionAfterEverythingIsEchoedWithFlowControl() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe();
            p.keepOut = false;
            ProcessProbe.Feeder feeder = new ProcessProbe.Feeder(p, 32L * 1024 * 1024);
            List<String> cmd = childCommand("echo");
            f.call(() -> f.reactor.spawnProcess(p, cmd.getFirst(), cmd, null, null));
            f.run(feeder::start); // closes our side of its stdin at the end: the child's EOF
            assertThat(p.ended.get(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ProcessDoneException.class);
            f.run(() -> {
                assertThat(p.outBytes).isEqualTo(feeder.total);
                assertThat(p.outCrc.getValue()).isEqualTo(feeder.crc.getValue());
                assertThat(p.err.toString(StandardCharsets.UTF_8)).contains("lost ConnectionDoneException");
            });
        }
    }

    /** The modules net.reactor needs, as this JVM resolved them. */
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
            if (location.getScheme().equals("file")) {
                path.add(Path.of(location).toString());
            }
        }
        return String.join(File.pathSeparator, path);
    }

    private static String testClasses() throws Exception {
        return Path.of(StdioChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
