package spindle.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
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
import spindle.it.support.PeerCommand;
import spindle.it.support.RequiredPeer;

/**
 * curl (Debian's) against Spindle's FTP server on loopback: 256 MiB down and up with checksums in
 * passive and active mode, listings, REST resume both ways, directory commands, a wrong
 * password, path escapes, and explicit FTPS ({@code --ssl-reqd}) with TLS on the data
 * connections.
 */
class CurlFTPTest {
    private static final long BIG = 256L * 1024 * 1024;

    @TempDir
    static Path root;

    @TempDir
    static Path client;

    @TempDir
    static Path outside;

    private static RunningReactor running;
    private static int port;
    private static String bigDigest;

    @BeforeAll
    static void start() throws Exception {
        requireCurl();
        bigDigest = writeRandom(root.resolve("big.bin"), BIG, 7);
        Files.writeString(root.resolve("hello.txt"), "hello over FTP\n");
        Files.createDirectory(root.resolve("pub"));
        Files.writeString(outside.resolve("secret.txt"), "not for FTP users\n");
        Files.createSymbolicLink(root.resolve("escape"), outside);

        running = RunningReactor.start(ReactorOptions.defaults().withName("ftp-it"));
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        FileSystemShell files = FileSystemShell.create(running.reactor(), root, false);
        PasswordChecker users = PasswordChecker.builder().user("alice", "secret", files).build();
        FTPServerOptions options = FTPServerOptions.defaults().withTLS(TLSServerOptions.of(certificate.key()));
        ListeningPort listening = running.call(() -> running.reactor().listenTCP(0,
                new FTPFactory(running.reactor(), users, options), "127.0.0.1"));
        port = ((IPv4Address) listening.getHost()).port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    private static String url(String path) {
        return "ftp://127.0.0.1:" + port + "/" + path;
    }

    @Test
    void bigFileDownAndUpInPassiveMode() throws Exception {
        Path down = client.resolve("passive.bin");
        PeerCommand r = curl("-u", "alice:secret", url("big.bin"), "-o", down.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.size(down)).isEqualTo(BIG);
        assertThat(sha256(down)).isEqualTo(bigDigest);

        r = curl("-u", "alice:secret", "-T", down.toString(), url("pub/passive-up.bin"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(root.resolve("pub/passive-up.bin"))).isEqualTo(bigDigest);
        Files.delete(down);
        Files.delete(root.resolve("pub/passive-up.bin"));
    }

    @Test
    void bigFileDownAndUpInActiveMode() throws Exception {
        Path down = client.resolve("active.bin");
        PeerCommand r = curl("-P", "127.0.0.1", "-u", "alice:secret", url("big.bin"), "-o", down.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(down)).isEqualTo(bigDigest);

        r = curl("-P", "127.0.0.1", "-u", "alice:secret", "-T", down.toString(), url("pub/active-up.bin"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(sha256(root.resolve("pub/active-up.bin"))).isEqualTo(bigDigest);
        Files.delete(down);
        Files.delete(root.resolve("pub/active-up.bin"));
    }

    @Test
    void listingsAndSmallFiles() throws Exception {
        // Listings travel in ASCII mode, so curl turns their CRLFs into LFs.
        PeerCommand list = curl("-u", "alice:secret", url(""));
        assertThat(list.exit()).as(list.stderr()).isZero();
        String text = list.text();
        assertThat(text).contains(" big.bin\n", " hello.txt\n", " pub\n").doesNotContain("escape");
        assertThat(text.lines().filter(l -> l.endsWith(" big.bin")).findFirst().orElseThrow())
                .startsWith("-").contains(" " + BIG + " ");

        PeerCommand names = curl("-u", "alice:secret", "-l", url(""));
        assertThat(names.text()).isEqualTo("big.bin\nhello.txt\npub\n");

        PeerCommand hello = curl("-u", "alice:secret", url("hello.txt"));
        assertThat(hello.text()).isEqualTo("hello over FTP\n");
    }

    @Test
    void resumeADownloadAndAnUploadWithRest() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 5];
        new SplittableRandom(3).nextBytes(content);
        Files.write(root.resolve("resume.bin"), content);

        Path partial = client.resolve("resume.bin");
        Files.write(partial, java.util.Arrays.copyOf(content, 1_000_000));
        PeerCommand r = curl("-u", "alice:secret", "-C", "-", url("resume.bin"), "-o", partial.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readAllBytes(partial)).isEqualTo(content);

        Files.write(root.resolve("pub/half.bin"), java.util.Arrays.copyOf(content, 2_000_000));
        r = curl("-u", "alice:secret", "-C", "-", "-T", partial.toString(), url("pub/half.bin"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readAllBytes(root.resolve("pub/half.bin"))).isEqualTo(content);
    }

    @Test
    void directoryCommandsThroughQuote() throws Exception {
        Files.writeString(root.resolve("pub/old.txt"), "rename me");
        PeerCommand r = curl("-u", "alice:secret", "-Q", "MKD /made", "-Q", "RNFR /pub/old.txt", "-Q", "RNTO /made/new.txt",
                url("made/"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).contains(" new.txt\n");
        assertThat(root.resolve("made/new.txt")).hasContent("rename me");

        r = curl("-u", "alice:secret", "-Q", "DELE /made/new.txt", "-Q", "RMD /made", url(""));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(root.resolve("made")).doesNotExist();

        r = curl("-u", "alice:secret", "-Q", "RMD /no-such-dir", url(""));
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("550");
    }

    @Test
    void aWrongPasswordIsRefusedAndOthersAreStillServed() throws Exception {
        PeerCommand wrong = curl("-u", "alice:guess", url("hello.txt"));
        assertThat(wrong.exit()).isEqualTo(67); // CURLE_LOGIN_DENIED
        assertThat(wrong.stdout()).isEmpty();
        PeerCommand anonymous = curl(url("hello.txt"));
        assertThat(anonymous.exit()).isEqualTo(67);
        PeerCommand right = curl("-u", "alice:secret", url("hello.txt"));
        assertThat(right.text()).isEqualTo("hello over FTP\n");
    }

    @Test
    void pathsCannotLeaveTheRoot() throws Exception {
        for (String path : List.of("escape/secret.txt", "%2e%2e/%2e%2e/%2e%2e" + outside + "/secret.txt",
                "%2F" + outside.toString().substring(1).replace("/", "%2F") + "%2Fsecret.txt", "escape/")) {
            PeerCommand r = curl("-u", "alice:secret", url(path));
            assertThat(r.exit()).as(path).isNotZero();
            assertThat(r.text()).as(path).doesNotContain("not for FTP users");
        }
        PeerCommand upload = curl("-u", "alice:secret", "-T", root.resolve("hello.txt").toString(), url("escape/dropped.txt"));
        assertThat(upload.exit()).isNotZero();
        assertThat(outside.resolve("dropped.txt")).doesNotExist();
    }

    @Test
    void explicitFtpsProtectsControlAndData() throws Exception {
        byte[] content = new byte[32 * 1024 * 1024];
        new SplittableRandom(5).nextBytes(content);
        Files.write(root.resolve("pub/tls.bin"), content);

        PeerCommand list = curl("--ssl-reqd", "-k", "-u", "alice:secret", url("pub/"));
        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(list.text()).contains(" tls.bin\n");

        Path down = client.resolve("tls.bin");
        PeerCommand r = curl("--ssl-reqd", "-k", "-u", "alice:secret", url("pub/tls.bin"), "-o", down.toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readAllBytes(down)).isEqualTo(content);

        r = curl("--ssl-reqd", "-k", "-u", "alice:secret", "-T", down.toString(), url("pub/tls-up.bin"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(Files.readAllBytes(root.resolve("pub/tls-up.bin"))).isEqualTo(content);

        // Not tried: active mode with TLS. Debian's curl 7.88.1 accepts the data connection but
        // never starts TLS on it (curl#10666, a 7.87-7.88 regression fixed in curl 8.0).

        // Without -k curl checks the certificate, which is self-signed: refused before the login.
        PeerCommand unverified = curl("--ssl-reqd", "-u", "alice:secret", url("hello.txt"));
        assertThat(unverified.exit()).isNotZero();
    }

    // ---------------------------------------------------------------------------------------

    private static PeerCommand curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "120"));
        command.addAll(List.of(args));
        return PeerCommand.run(command);
    }

    private static void requireCurl() {
        String problem = null;
        try {
            PeerCommand r = curl("--version");
            if (r.exit() != 0 || !r.text().contains("ftp")) {
                problem = "curl --version failed or has no FTP";
            }
        } catch (Exception e) {
            problem = "curl is not installed (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw RequiredPeer.missing(problem, "apt-get install curl");
        }
    }

    private static String writeRandom(Path file, long size, long seed) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
                digest.update(block);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1024 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
