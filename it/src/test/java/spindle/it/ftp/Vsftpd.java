package spindle.it.ftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import spindle.it.support.RequiredPeer;

/**
 * Debian's vsftpd, started by a test as its own child process: in the foreground
 * ({@code background=NO}), with a configuration file the test writes, on a free port of
 * 127.0.0.1, serving one local user ({@code spindleftp}, made by {@code .ci/run}) chrooted into a
 * directory of the test's. Never the system's service. {@link #close} stops it and every session
 * process it forked.
 *
 * <p>vsftpd needs root (it changes to the user after PAM logs them in), so on a developer's
 * machine without root, vsftpd or the user the tests are skipped with the reason.
 */
final class Vsftpd implements AutoCloseable {
    static final String USER = env("SPINDLE_VSFTPD_USER", "spindleftp");
    static final String PASSWORD = env("SPINDLE_VSFTPD_PASSWORD", "spindle-ftp-test");
    private static final Path BINARY = Path.of("/usr/sbin/vsftpd");

    private final Process process;
    private final int port;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private Vsftpd(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(log);
            } catch (IOException ignored) {
                // vsftpd ended
            }
        });
    }

    /**
     * Skips (or fails under {@code SPINDLE_REQUIRE_SERVERS=1}) unless vsftpd can be run here.
     */
    static void require() {
        if (!Files.isExecutable(BINARY)) {
            throw RequiredPeer.missing("vsftpd is not installed", "apt-get install -y vsftpd, or run .ci/run");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw RequiredPeer.missing("vsftpd needs root to log local users in", "run the tests as root, as .ci/run does");
        }
        try {
            Process id = new ProcessBuilder("id", USER).redirectErrorStream(true).start();
            id.getInputStream().readAllBytes();
            if (id.waitFor() != 0) {
                throw RequiredPeer.missing("the local user " + USER + " does not exist",
                        "useradd -m -s /bin/bash " + USER + " && echo " + USER + ":" + PASSWORD + " | chpasswd");
            }
        } catch (IOException | InterruptedException e) {
            throw RequiredPeer.missing("cannot run id: " + e, "install coreutils");
        }
    }

    /**
     * Starts vsftpd serving {@code root} (made the user's, so it may write there).
     *
     * @param root the user's chroot, read and written through FTP
     * @param work a directory for the configuration and vsftpd's empty secure-chroot directory
     * @param extra more configuration lines (e.g. TLS settings)
     * @return the running server, accepting connections
     */
    static Vsftpd start(Path root, Path work, List<String> extra) throws Exception {
        UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, owner);
            }
        }
        // vsftpd refuses a chroot the user cannot enter: the JUnit temp dir above it is 0700.
        for (Path p = root.getParent(); p != null && p.startsWith(System.getProperty("java.io.tmpdir")); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        Path empty = Files.createDirectories(work.resolve("empty"));
        int port = freePort();
        int passive = 40_000 + ThreadLocalRandom.current().nextInt(200) * 100;
        List<String> config = new ArrayList<>(List.of(
                "listen=YES",
                "listen_ipv6=NO",
                "listen_address=127.0.0.1",
                "listen_port=" + port,
                "background=NO",
                "anonymous_enable=NO",
                "local_enable=YES",
                "write_enable=YES",
                "local_umask=022",
                "local_root=" + root,
                "chroot_local_user=YES",
                "allow_writeable_chroot=YES",
                "secure_chroot_dir=" + empty,
                "pam_service_name=vsftpd",
                "pasv_enable=YES",
                "pasv_min_port=" + passive,
                "pasv_max_port=" + (passive + 99),
                "connect_from_port_20=NO",
                "seccomp_sandbox=NO",
                "xferlog_enable=NO",
                "max_per_ip=0",
                "delay_failed_login=1",
                "ftpd_banner=vsftpd for Spindle's tests"));
        config.addAll(extra);
        Path file = work.resolve("vsftpd.conf");
        Files.write(file, config);
        Process process = new ProcessBuilder(BINARY.toString(), file.toString()).redirectErrorStream(true).start();
        Vsftpd server = new Vsftpd(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("vsftpd did not start: " + server.log());
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    /** Stops the session processes vsftpd forked, then vsftpd itself, and waits for them. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
                child.destroyForcibly();
                return child;
            }).join();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
