package spindle.samples.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The samples' console logger escapes control characters a peer may have put in a message. */
class ConsoleLoggerFinderTest {

    private static String logged(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            action.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static System.Logger logger() {
        return new ConsoleLoggerFinder().getLogger("test", ConsoleLoggerFinderTest.class.getModule());
    }

    @Test
    void crEscNulAndLfInAMessageAreEscaped() {
        String out = logged(() -> logger().log(Level.INFO, "IAMAT from {0}",
                "kiwi\r12:00:00.000 ERROR forged\u001b[31m\u0000\n"));
        assertThat(out).endsWith("IAMAT from kiwi\\r12:00:00.000 ERROR forged\\u001b[31m\\u0000\\n" + System.lineSeparator());
        assertThat(out.chars().filter(c -> c < 0x20).toArray())
                .as("the only control characters are the line ending")
                .containsOnly(System.lineSeparator().chars().toArray());
    }

    @Test
    void aThrowablesMessageCannotForgeALine() {
        String out = logged(() -> logger().log(Level.ERROR, "failed",
                new IllegalStateException("bad name\n12:00:00.000 ERROR forged\u001b[0m")));
        List<String> lines = Arrays.asList(out.split(System.lineSeparator()));
        assertThat(lines.get(0)).endsWith(" ERROR failed");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith("\t"));
        assertThat(out).contains("\\u001b[0m").doesNotContain("\u001b");
    }
}
