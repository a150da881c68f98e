package spindle.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import spindle.it.support.RequiredPeer;

/**
 * Runs a real peer's command line (curl, python3, lftp) to its end and keeps what it printed:
 * the one way the it/ tests run such a peer.
 *
 * @param exit its exit status
 * @param stdout what it wrote to standard output, as bytes (a download may be binary)
 * @param stderr what it wrote to standard error
 */
public record PeerCommand(int exit, byte[] stdout, String stderr) {

    /** How long a peer may run before the test fails: longer than any curl {@code --max-time} the tests give. */
    private static final long LIMIT_SECONDS = 150;

    /**
     * Standard output as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /**
     * Runs a command to its end (at most 150 seconds), its standard input empty.
     *
     * @param command the program and its arguments
     * @return its exit status and output
     * @throws Exception if it cannot be started or does not end
     */
    public static PeerCommand run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        assertThat(ended).as("%s finished", command.getFirst()).isTrue();
        errReader.join();
        return new PeerCommand(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Fails (or skips, on a machine not set up for it) unless a program runs.
     *
     * @param what a description of the peer
     * @param howToGetIt how to install it
     * @param command a harmless invocation that exits 0 when the peer is usable
     */
    public static void require(String what, String howToGetIt, String... command) {
        String problem = null;
        try {
            if (run(List.of(command)).exit() != 0) {
                problem = what + " does not run";
            }
        } catch (Exception | AssertionError e) {
            problem = what + " is not installed (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw RequiredPeer.missing(problem, howToGetIt);
        }
    }
}
