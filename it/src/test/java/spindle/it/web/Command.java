package spindle.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import spindle.it.support.RequiredPeer;

/** Runs a real peer's command line (curl, python3) and collects what it printed. */
public record Command(int exit, String stdout, String stderr) {

    /**
     * Runs a command to its end (at most two minutes).
     *
     * @param command the program and its arguments
     * @return its exit status and output
     * @throws Exception if it cannot be started or does not end
     */
    public static Command run(List<String> command) throws Exception {
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
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        assertThat(ended).as("%s finished", command.getFirst()).isTrue();
        errReader.join();
        return new Command(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
