package net.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessExitedAlreadyException;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTerminatedException;
import org.junit.jupiter.api.Test;

/** MemoryReactor records spawnProcess calls and lets a test play the child. */
class MemoryReactorProcessTest {

    @Test
    void spawnProcessIsRecordedAndTheTestPlaysTheChild() {
        MemoryReactor reactor = new MemoryReactor();
        List<String> events = new ArrayList<>();
        ProcessProtocol protocol = new ProcessProtocol() {
            @Override
            public void connectionMade() {
                transport().write("input".getBytes(StandardCharsets.UTF_8));
                transport().closeStdin();
            }

            @Override
            public void outReceived(byte[] data) {
                events.add("out " + new String(data, StandardCharsets.UTF_8));
            }

            @Override
            public void errReceived(byte[] data) {
                events.add("err " + new String(data, StandardCharsets.UTF_8));
            }

            @Override
            public void processEnded(ProcessExitException reason) {
                events.add("ended " + ((ProcessTerminatedException) reason).signal().orElse(-1));
            }
        };
        reactor.spawnProcess(protocol, "/bin/tool", List.of("tool", "-v"), Map.of("A", "1"), Path.of("/tmp"));

        MemoryReactor.ProcessSpawn spawn = reactor.processes().getFirst();
        assertThat(spawn.executable()).isEqualTo("/bin/tool");
        assertThat(spawn.args()).containsExactly("tool", "-v");
        assertThat(spawn.env()).isEqualTo(Map.of("A", "1"));
        assertThat(spawn.path()).isEqualTo(Path.of("/tmp"));
        MemoryProcessTransport child = spawn.transport();
        assertThat(new String(child.stdinBytes(), StandardCharsets.UTF_8)).isEqualTo("input");
        assertThat(child.stdinClosed()).isTrue();

        child.childWritesOut("o".getBytes(StandardCharsets.UTF_8));
        child.childWritesErr("e".getBytes(StandardCharsets.UTF_8));
        spawn.transport().signalProcess("TERM");
        assertThat(child.signals()).containsExactly("TERM");
        child.childExits(128 + 15);
        assertThat(events).containsExactly("out o", "err e", "ended 15");
        assertThatThrownBy(() -> child.signalProcess("KILL")).isInstanceOf(ProcessExitedAlreadyException.class);
        assertThatThrownBy(() -> reactor.spawnProcess(protocol, "x", List.of("x"), null, null, true, null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
