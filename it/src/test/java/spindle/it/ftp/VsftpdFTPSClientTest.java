package spindle.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.protocols.ftp.FTPClient;
import net.protocols.ftp.FTPReplyException;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.Trust;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spindle's {@link FTPClient} with explicit FTPS against vsftpd configured to require TLS for the
 * login and the data ({@code force_local_logins_ssl}, {@code force_local_data_ssl}): AUTH TLS,
 * PBSZ, PROT P, then uploads, downloads and listings in passive and in active mode. vsftpd refuses
 * a clear-text login, so a login proves the control connection is protected, and a transfer that
 * the data connections are.
 */
class VsftpdFTPSClientTest {
    @TempDir
    static Path temp;

    private static Path root;
    private static Vsftpd vsftpd;
    private static RunningReactor running;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start() throws Exception {
        Vsftpd.require();
        root = Files.createDirectory(temp.resolve("home"));
        Path work = Files.createDirectory(temp.resolve("vsftpd"));
        certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        certificate.write(work.resolve("key.pem"), work.resolve("cert.pem"));
        vsftpd = Vsftpd.start(root, work, List.of(
                "ssl_enable=YES",
                "rsa_cert_file=" + work.resolve("cert.pem"),
                "rsa_private_key_file=" + work.resolve("key.pem"),
                "force_local_logins_ssl=YES",
                "force_local_data_ssl=YES",
                // The JDK does not resume the control connection's TLS session on data
                // connections; vsftpd's default would refuse them.
                "require_ssl_reuse=NO"));
        running = RunningReactor.start(ReactorOptions.defaults().withName("vsftpd-ftps-it"));
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

    @Test
    void aClearTextLoginIsRefused() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", vsftpd.port()));
        assertThatThrownBy(() -> running.await(() -> ftp.login(Vsftpd.USER, Vsftpd.PASSWORD)))
                .isInstanceOfSatisfying(FTPReplyException.class, e -> assertThat(e.code()).isEqualTo(530));
    }

    @Test
    void transfersInBothModesOverTls() throws Exception {
        FTPClient ftp = running.await(() -> FTPClient.connect(running.reactor(), "127.0.0.1", vsftpd.port()));
        TLSClientOptions trust = TLSClientOptions.trusting(Trust.certificates(certificate.certificate()));
        assertThat(running.await(() -> ftp.startTLS(trust)).code()).isEqualTo(200);
        assertThat(running.await(() -> ftp.login(Vsftpd.USER, Vsftpd.PASSWORD)).code()).isEqualTo(230);

        byte[] content = new byte[4 * 1024 * 1024 + 11];
        new SplittableRandom(31).nextBytes(content);
        Path source = Files.write(temp.resolve("source.bin"), content);
        for (boolean passive : new boolean[] {true, false}) {
            ftp.setPassive(passive);
            String name = passive ? "passive.bin" : "active.bin";
            assertThat(running.await(() -> ftp.storeFile(name, source))).isEqualTo((long) content.length);
            assertThat(root.resolve(name)).hasBinaryContent(content);
            Path copy = temp.resolve("copy-" + name);
            assertThat(running.await(() -> ftp.retrieveFile(name, copy))).isEqualTo((long) content.length);
            assertThat(copy).hasBinaryContent(content);
            assertThat(running.await(() -> ftp.nlst(""))).contains(name);
        }
        running.await(ftp::quit);
    }
}
