package net.protocols.ftp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import net.protocols.basic.LineTooLongException;
import net.protocols.internal.ftp.FTPCommandLine;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;

/**
 * Whatever a client sends, in whatever chunks: the command parser returns an upper-case verb of
 * at most 8 letters and a one-line argument, or a 500/501; a whole session (logged in or not, on
 * a read-only shell) only ever writes well-formed replies, never throws, connects only back to
 * the client's own address on a port of 1024 or more, and closes only with its documented
 * reasons.
 */
class FTPCommandFuzzTest {
    private static final Path ROOT = fixture();

    private static Path fixture() {
        try {
            Path root = Path.of("target", "ftp-fuzz-root");
            Files.createDirectories(root.resolve("dir"));
            Files.writeString(root.resolve("file.txt"), "fuzz\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesOrAnswers(FuzzedDataProvider data) {
        boolean login = data.consumeBoolean();
        int[] chunks = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 200);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        int start = 0;
        for (int i = 0; i <= stream.length; i++) {
            if (i == stream.length || stream[i] == '\n') {
                check(FTPCommandLine.parse(Arrays.copyOfRange(stream, start, i)));
                start = i + 1;
            }
        }

        MemoryReactor reactor = new MemoryReactor();
        reactor.setImmediateDisconnects(true);
        FileSystemShell shell = FileSystemShell.create(reactor, ROOT, true);
        FTP ftp = new FTP(reactor, PasswordChecker.builder().user("alice", "secret", shell).build(),
                FTPServerOptions.defaults().withMaxLineLength(512));
        StringTransport control = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        control.connect(ftp);
        if (login) {
            ftp.dataReceived("USER alice\r\nPASS secret\r\n".getBytes(UTF_8));
        }
        int at = 0;
        int c = 0;
        while (at < stream.length && !control.isDisconnecting()) {
            int n = Math.min(stream.length - at, chunks[c++ % chunks.length]);
            ftp.dataReceived(Arrays.copyOfRange(stream, at, at + n));
            at += n;
            if (c % 3 == 0) {
                reactor.advance(Duration.ofSeconds(1));
            }
        }
        reactor.advance(Duration.ofSeconds(70));

        for (MemoryReactor.TCPClient client : reactor.tcpClients()) {
            assertThat(client.host()).isEqualTo("192.168.1.1");
            assertThat(client.port()).isGreaterThanOrEqualTo(1024);
        }
        if (control.isDisconnecting()) {
            assertThat(control.closeReason()).isInstanceOfAny(LineTooLongException.class, LoginFailedException.class,
                    CommandFloodException.class, IdleTimeoutException.class, ConnectionDoneException.class);
        }
        String written = control.valueAsString(UTF_8);
        assertThat(written).startsWith("220 ").endsWith("\r\n");
        for (String line : written.substring(0, written.length() - 2).split("\r\n", -1)) {
            assertThat(line).matches("(?s)[1-5][0-5][0-9][ -].*| .*");
        }
        control.deliverConnectionLost(new ConnectionDoneException("fuzz over"));
        assertThat(reactor.clock().getDelayedCalls()).isEmpty();
        assertThat(new String(stream, ISO_8859_1)).isNotNull();
    }

    private static void check(FTPCommandLine parsed) {
        switch (parsed) {
            case FTPCommandLine.Command c -> {
                assertThat(c.verb()).matches("[A-Z]{1,8}");
                assertThat(c.argument()).doesNotContain("\r", "\n");
            }
            case FTPCommandLine.Invalid i -> assertThat(i.reply()).isIn(500, 501);
        }
    }
}
