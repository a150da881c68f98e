package spindle.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.protocols.ftp.FTPClient;
import net.protocols.ftp.FTPReplyException;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spindle's {@link FTPClient} against Debian's vsftpd, which the test starts itself (see
 * {@link Vsftpd}): logging in and a wrong password, LIST and NLST, MKD/RMD/DELE/RNFR-RNTO, 256 MiB
 * down and up with a SHA-256 each way, and REST resume of a download and of an upload.
 */
class VsftpdFTPClientTest {
    private static final long BIG = 256L * 1024 * 1024;

    @TempDir
    static Path temp;

    private static Path root;
    private static Path local;
    private static Vsftpd vsftpd;
    private static RunningReactor running;
    private static String bigDigest;

    @BeforeAll
    static void start() throws Exception {
        Vsftpd.require();
        root = Files.createDirectory(temp.resolve("home"));
        local = Files.createDirectory(temp.resolve("local"));
        bigDigest = Checksums.writeRandom(root.resolve("big.bin"), BIG, 17);
        Files.writeString(root.resolve("hello.txt"), "hello from vsftpd\n");
        Files.createDirectory(root.resolve("pub"));
        vsftpd = Vsftpd.start(root, Files.createDirectory(temp.resolve("vsftpd")), List.of());
        running = RunningReactor.start(ReactorOptions.defaults().withName("vsftpd-it"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    private static FTPClient loggedIn() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", vsftpd.port()));
        assertThat(running.await(() -> ftp.login(Vsftpd.USER, Vsftpd.PASSWORD)).code()).isEqualTo(230);
        return ftp;
    }

    /** Waits longer than {@code RunningReactor.await} for a 256 MiB transfer on a busy machine. */
    private static <T> T slow(ThrowingSupplier<Deferred<T>> call) throws Exception {
        return switch (running.outcomeLater(call).get(300, TimeUnit.SECONDS)) {
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failed<T> f -> throw new AssertionError(f.failure().value());
        };
    }

    @Test
    void loginAndAWrongPassword() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", vsftpd.port()));
        assertThat(running.await(ftp::greeting).text()).contains("vsftpd for Spindle's tests");
        assertThatThrownBy(() -> running.await(() -> ftp.login(Vsftpd.USER, "not-the-password")))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(530));
        assertThat(running.await(() -> ftp.login(Vsftpd.USER, Vsftpd.PASSWORD)).code()).isEqualTo(230);
        assertThat(running.await(ftp::pwd)).isEqualTo("/"); // chrooted
        running.await(ftp::quit);
    }

    @Test
    void listingsAndDirectoryCommands() throws Exception {
        FTPClient ftp = loggedIn();
        assertThat(running.await(() -> ftp.nlst(""))).contains("big.bin", "hello.txt", "pub");
        List<String> long_ = running.await(() -> ftp.list(""));
        assertThat(long_.stream().filter(l -> l.endsWith(" big.bin")).findFirst().orElseThrow())
                .startsWith("-").contains(" " + BIG + " ");
        assertThat(running.await(() -> ftp.size("hello.txt"))).isEqualTo(18L);

        assertThat(running.await(() -> ftp.makeDirectory("made")).code()).isEqualTo(257);
        assertThat(running.await(() -> ftp.cwd("made")).code()).isEqualTo(250);
        assertThat(running.await(ftp::pwd)).isEqualTo("/made");
        Path small = Files.writeString(local.resolve("small.txt"), "made by Spindle\n");
        assertThat(running.await(() -> ftp.storeFile("small.txt", small))).isEqualTo(16L);
        assertThat(running.await(() -> ftp.rename("small.txt", "renamed.txt")).code()).isEqualTo(250);
        assertThat(root.resolve("made/renamed.txt")).hasContent("made by Spindle");
        assertThat(running.await(() -> ftp.nlst(""))).containsExactly("renamed.txt");
        assertThat(running.await(() -> ftp.removeFile("renamed.txt")).code()).isEqualTo(250);
        running.await(() -> ftp.cwd("/"));
        assertThat(running.await(() -> ftp.removeDirectory("made")).code()).isEqualTo(250);
        assertThat(root.resolve("made")).doesNotExist();

        assertThatThrownBy(() -> running.await(() -> ftp.removeDirectory("made")))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(550));
        assertThatThrownBy(() -> running.await(() -> ftp.retrieveFile("missing.bin", local.resolve("missing.bin"))))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(550));
        assertThat(running.await(ftp::pwd)).isEqualTo("/"); // still usable
        running.await(ftp::quit);
    }

    @Test
    void bigFileDownAndUpWithChecksums() throws Exception {
        FTPClient ftp = loggedIn();
        Path down = local.resolve("big.bin");
        assertThat(slow(() -> ftp.retrieveFile("big.bin", down))).isEqualTo(BIG);
        assertThat(Checksums.sha256(down)).isEqualTo(bigDigest);

        assertThat(slow(() -> ftp.storeFile("pub/big-up.bin", down))).isEqualTo(BIG);
        assertThat(Checksums.sha256(root.resolve("pub/big-up.bin"))).isEqualTo(bigDigest);
        running.await(ftp::quit);
        Files.delete(down);
        Files.delete(root.resolve("pub/big-up.bin"));
    }

    @Test
    void restResumesADownloadAndAnUpload() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        new SplittableRandom(9).nextBytes(content);
        Path whole = Files.write(local.resolve("whole.bin"), content);
        FTPClient ftp = loggedIn();
        // Upload in two parts: the first 1,000,000 bytes, then the rest with REST 1000000.
        Path head = Files.write(local.resolve("head.bin"), Arrays.copyOf(content, 1_000_000));
        running.await(() -> ftp.storeFile("pub/resumed.bin", head));
        assertThat(running.await(() -> ftp.size("pub/resumed.bin"))).isEqualTo(1_000_000L);
        assertThat(running.await(() -> ftp.storeFile("pub/resumed.bin", whole, 1_000_000)))
                .isEqualTo((long) content.length - 1_000_000);
        assertThat(root.resolve("pub/resumed.bin")).hasBinaryContent(content);

        // Resume a download: the local file has the first 2,500,000 bytes (and junk after them).
        byte[] partial = Arrays.copyOf(content, 2_600_000);
        Arrays.fill(partial, 2_500_000, partial.length, (byte) 0);
        Path resumed = Files.write(local.resolve("resumed.bin"), partial);
        assertThat(running.await(() -> ftp.retrieveFile("pub/resumed.bin", resumed, 2_500_000)))
                .isEqualTo((long) content.length - 2_500_000);
        assertThat(resumed).hasBinaryContent(content);
        running.await(ftp::quit);
        Files.delete(whole);
    }
}
