package spindle.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.protocols.ftp.FTPFactory;
import net.protocols.ftp.FTPServerOptions;
import net.protocols.ftp.FileSystemShell;
import net.protocols.ftp.PasswordChecker;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSServerOptions;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.RequiredPeer;

/**
 * lftp (Debian's) against Spindle's FTP server: {@code mirror -R} uploads a directory tree and
 * {@code mirror} downloads it again, in passive mode, in active mode and over explicit FTPS, each
 * file compared by SHA-256; and a wrong password is refused.
 */
class LftpFTPTest {
    @TempDir
    static Path root;

    @TempDir
    static Path client;

    private static RunningReactor running;
    private static int port;
    private static TreeMap<String, String> tree;

    @BeforeAll
    static void start() throws Exception {
        requireLftp();
        Path up = Files.createDirectories(client.resolve("tree"));
        Files.createDirectories(up.resolve("a/b/c"));
        Files.createDirectories(up.resolve("empty dir"));
        SplittableRandom random = new SplittableRandom(23);
        int[] sizes = {0, 1, 4095, 100_000, 1_048_576, 5 * 1024 * 1024 + 17};
        String[] dirs = {"", "a/", "a/b/", "a/b/c/"};
        for (int i = 0; i < sizes.length; i++) {
            byte[] content = new byte[sizes[i]];
            random.nextBytes(content);
            Files.write(up.resolve(dirs[i % dirs.length] + "file " + i + ".bin"), content);
        }
        Checksums.writeRandom(up.resolve("a/big.bin"), 32L * 1024 * 1024, 29);
        tree = snapshot(up);

        running = RunningReactor.start(ReactorOptions.defaults().withName("lftp-it"));
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        FileSystemShell files = FileSystemShell.create(running.reactor(), root, false);
        PasswordChecker users = PasswordChecker.builder().user("alice", "secret", files).build();
        FTPServerOptions options = FTPServerOptions.defaults().withTLS(TLSServerOptions.of(certificate.key()));
        ListeningPort listening = running.call(() -> running.reactor().listenTCP(0,
                new FTPFactory(running.reactor(), users, options), "127.0.0.1"));
        port = ((IPv4Address) listening.getHost()).port();

        // Up once, for every test to download.
        Result r = lftp("set ftp:ssl-allow no", open("secret"), "mirror -R " + up + " /tree");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(snapshot(root.resolve("tree"))).isEqualTo(tree);
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void mirrorDownInPassiveMode() throws Exception {
        Path down = client.resolve("passive");
        Result r = lftp("set ftp:ssl-allow no", "set ftp:passive-mode on", open("secret"), "mirror /tree " + down);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(snapshot(down)).isEqualTo(tree);
    }

    @Test
    void mirrorDownAndUpInActiveMode() throws Exception {
        Path down = client.resolve("active");
        Result r = lftp("set ftp:ssl-allow no", "set ftp:passive-mode off", open("secret"), "mirror /tree " + down,
                "mirror -R " + down + " /active-up");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(snapshot(down)).isEqualTo(tree);
        assertThat(snapshot(root.resolve("active-up"))).isEqualTo(tree);
    }

    @Test
    void mirrorOverExplicitFtps() throws Exception {
        Path down = client.resolve("tls");
        Result r = lftp("set ftp:ssl-force yes", "set ftp:ssl-protect-data yes", "set ssl:verify-certificate no",
                open("secret"), "mirror /tree " + down, "mirror -R " + down + " /tls-up");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(snapshot(down)).isEqualTo(tree);
        assertThat(snapshot(root.resolve("tls-up"))).isEqualTo(tree);
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Result r = lftp("set ftp:ssl-allow no", "set net:max-retries 1", open("guess"), "ls /");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("Login failed").contains("530");
    }

    // ---------------------------------------------------------------------------------------

    private static String open(String password) {
        return "open -u alice," + password + " ftp://127.0.0.1:" + port;
    }

    /** Relative path of every file and directory → its SHA-256 (or "dir"). */
    private static TreeMap<String, String> snapshot(Path dir) throws Exception {
        TreeMap<String, String> result = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (p.equals(dir)) {
                    continue;
                }
                result.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Checksums.sha256(p));
            }
        }
        return result;
    }

    record Result(int exit, String output) {}

    private static Result lftp(String... commands) throws Exception {
        List<String> all = new ArrayList<>(List.of("set cmd:fail-exit yes", "set net:timeout 20",
                "set net:max-retries 2", "set net:reconnect-interval-base 1"));
        all.addAll(List.of(commands));
        Process p = new ProcessBuilder("lftp", "-c", String.join("; ", all)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // lftp ended
            }
        });
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        reader.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static void requireLftp() {
        try {
            Process p = new ProcessBuilder("lftp", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // fall through
        }
        throw RequiredPeer.missing("lftp is not installed", "apt-get install -y lftp, or run .ci/run");
    }
}
