package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.RequiredPeer;

/**
 * {@code samples/run echo --unix PATH} as a user runs it, with Python's {@code socket} module
 * (AF_UNIX) as the outside peer: it echoes, a second server on the same path exits at once with
 * one line naming it, a server killed with SIGKILL leaves its socket behind and the next one
 * takes it over, and a clean stop removes the socket and lock files.
 */
class UnixEchoSampleTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int SIGTERM_STATUS = 143;
    /** An echo client: connects to argv[1], sends its stdin, half-closes, prints everything that comes back. */
    private static final String PEER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(20)
            s.connect(sys.argv[1])
            message = sys.stdin.buffer.read()
            s.sendall(message)
            s.shutdown(socket.SHUT_WR)
            got = b''
            while len(got) < len(message):
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            s.close()
            sys.stdout.buffer.write(got)
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final SampleProcesses samples = new SampleProcesses();

    private SampleProcess start(String... args) throws Exception {
        return samples.start(dir, args);
    }

    private static void awaitListeningOn(SampleProcess server, Path socket) throws InterruptedException {
        server.awaitLine(Pattern.compile("listening on " + Pattern.quote(socket.toString())), SampleProcess.START_TIMEOUT);
    }

    /** What Python's AF_UNIX client gets back for {@code message}. */
    private String pythonEcho(Path socket, String message) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw RequiredPeer.missing("the UNIX socket sample test needs /usr/bin/python3 as its peer",
                    "apt-get install -y python3");
        }
        Process p = new ProcessBuilder(python.toString(), "-c", PEER, socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(message.getBytes(StandardCharsets.UTF_8)); // the peer reads it all before it sends
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("python peer finished").isTrue();
        assertThat(p.exitValue()).as("python peer's exit status").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void echoOnAUnixSocketWithAPythonPeerAndTheStaleSocketRule() throws Exception {
        Path socket = dir.resolve("echo.sock");
        Path lock = dir.resolve("echo.sock.lock");
        SampleProcess first = start("echo", "--unix", socket.toString());
        awaitListeningOn(first, socket);
        assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(first.pid()));
        String big = "unix ".repeat(40_000);
        assertThat(pythonEcho(socket, "hello over AF_UNIX")).isEqualTo("hello over AF_UNIX");
        assertThat(pythonEcho(socket, big)).isEqualTo(big);

        // A second server on the path of a live one: one line naming the path, no stack trace.
        SampleProcess second = start("echo", "--unix", socket.toString());
        assertThat(second.awaitExit(EXIT_TIMEOUT)).as(second.diagnostics()).isEqualTo(1);
        assertThat(second.stderr().strip()).isEqualTo("echo: Couldn't listen on " + socket
                + ": it is in use by the running process " + first.pid() + " (lock file " + lock + ")");
        assertThat(pythonEcho(socket, "first still serves")).isEqualTo("first still serves");

        // Killed: the socket and lock stay behind; the next server takes them over.
        first.kill();
        assertThat(Files.exists(socket)).as("a killed server leaves its socket file").isTrue();
        SampleProcess third = start("echo", "--unix", socket.toString());
        awaitListeningOn(third, socket);
        assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(third.pid()));
        assertThat(pythonEcho(socket, "after the take-over")).isEqualTo("after the take-over");

        third.terminate();
        assertThat(third.awaitExit(EXIT_TIMEOUT)).as(third.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(third.stderr()).doesNotContain("Exception");
        assertThat(socket).as("a clean stop removes the socket file").doesNotExist();
        assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("and the lock").isFalse();
    }
}
