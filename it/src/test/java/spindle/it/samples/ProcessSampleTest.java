package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/run process -- COMMAND [ARGS...]} as a user runs it: the child's output reaches
 * us while it runs, stdout and stderr apart, and the sample exits with the child's status (128 +
 * N for signal N).
 */
class ProcessSampleTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @RegisterExtension
    final SampleProcesses samples = new SampleProcesses();

    private SampleProcess start(String... args) throws Exception {
        return samples.start(dir, args);
    }

    @Test
    void outputArrivesAsTheChildWritesItAndTheExitCodeIsPassedOn() throws Exception {
        SampleProcess p = start("process", "--", "/bin/sh", "-c",
                "echo first; echo to-stderr >&2; sleep 3; echo second; exit 7");
        p.awaitLine(Pattern.compile("first"), SampleProcess.START_TIMEOUT);
        assertThat(p.isAlive()).as("the first line arrived while the child was still running").isTrue();
        assertThat(p.awaitExit(EXIT_TIMEOUT)).as(p.diagnostics()).isEqualTo(7);
        assertThat(p.output()).containsExactly("first", "second");
        assertThat(p.stderr()).contains("to-stderr").doesNotContain("first").doesNotContain("Exception");
    }

    @Test
    void aChildEndedBySignalNGivesStatus128PlusN() throws Exception {
        SampleProcess p = start("process", "--", "/bin/sh", "-c", "echo going; kill -KILL $$");
        assertThat(p.awaitExit(EXIT_TIMEOUT)).as(p.diagnostics()).isEqualTo(128 + 9);
        assertThat(p.output()).containsExactly("going");
    }

    @Test
    void aLargeOutputIsCopiedWhole() throws Exception {
        SampleProcess p = start("process", "--", "/bin/sh", "-c", "seq 1 200000");
        assertThat(p.awaitExit(EXIT_TIMEOUT)).as(p.diagnostics()).isZero();
        List<String> out = p.output();
        assertThat(out).hasSize(200000);
        assertThat(out.getLast()).isEqualTo("200000");
    }

    @Test
    void aCommandThatCannotStartSaysSoInOneLine() throws Exception {
        SampleProcess p = start("process", "--", "/no/such/program");
        assertThat(p.awaitExit(EXIT_TIMEOUT)).as(p.diagnostics()).isEqualTo(127);
        assertThat(p.stderr()).contains("/no/such/program").doesNotContain("\tat ");
    }
}
