package bench.measure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.protocols.ftp.FTPFactory;
import net.protocols.ftp.FTPServerOptions;
import net.protocols.ftp.FileSystemShell;
import net.protocols.ftp.PasswordChecker;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;

/**
 * Spindle's FTP server against vsftpd on the same transfer: curl downloads an N MiB file (to
 * /dev/null) and uploads it again, from each server in turn, alternating rounds. For each server
 * and direction it reports MB per wall second and MB per server CPU-second, the server's CPU read
 * from {@code /proc/PID/stat} (utime + stime) before and after; vsftpd serves each session in
 * processes it forks, whose CPU is sampled every 5 ms while they live and added (the last ≤ 5 ms of
 * each may be missed; cutime is not used because a session process can be reaped by init rather
 * than by the listener). Spindle's server runs in a child JVM of its own, so the numbers are the
 * server's alone. vsftpd sends downloads with sendfile(2) (no copy through user space), which
 * Spindle's reactor cannot.
 *
 * <p>{@code bench/run --ftp [--mib N] [--rounds R] [--vsftpd-no-sendfile]} (defaults 256 MiB and 3
 * rounds, after one warm-up round for each server that is not counted; the last option sets
 * vsftpd's {@code use_sendfile=NO}, so that both copy downloads through user space). Needs root, Debian's vsftpd, curl and the
 * local user {@code spindleftp} (password {@code spindle-ftp-test}) that {@code .ci/run} makes.
 */
public final class FtpBench {
    private static final String USER = "spindleftp";
    private static final String PASSWORD = "spindle-ftp-test";
    private static final double CLOCK_TICKS = 100.0; // USER_HZ: 100 on every Linux this runs on

    private FtpBench() {}

    /**
     * Runs the comparison and prints a table; with {@code --serve ROOT}, is Spindle's server.
     *
     * @param args {@code --mib N}, {@code --rounds R}; or {@code --serve ROOT}
     * @throws Exception if a server or transfer fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--serve")) {
            serve(Path.of(args[1]));
            return;
        }
        long mib = 256;
        int rounds = 3;
        boolean sendfile = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vsftpd-no-sendfile" -> sendfile = false;
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: --ftp [--mib N] [--rounds R] [--vsftpd-no-sendfile])");
            }
        }
        Path work = Files.createTempDirectory("ftp-bench");
        Path root = Files.createDirectory(work.resolve("home"));
        try {
            run(work, root, mib, rounds, sendfile);
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(Path work, Path root, long mib, int rounds, boolean sendfile) throws Exception {
        Path big = root.resolve("big.bin");
        byte[] block = new byte[1024 * 1024];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(big)) {
            for (long i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Path source = work.resolve("source.bin");
        Files.copy(big, source);
        UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(root, owner);
        Files.setOwner(big, owner);
        work.toFile().setExecutable(true, false);

        Server spindle = startSpindle(root);
        Server vsftpd = startVsftpd(work, root, sendfile);
        try {
            List<double[]> results = new ArrayList<>(); // server, direction, mb/s, mb/cpu-s
            double mb = mib * 1024.0 * 1024.0 / 1e6;
            for (int round = 0; round <= rounds; round++) {
                for (Server server : List.of(spindle, vsftpd)) {
                    for (int direction = 0; direction < 2; direction++) {
                        double[] m = transfer(server, direction == 0, source, root);
                        String what = server.name() + (direction == 0 ? " download" : " upload");
                        System.out.printf(Locale.ROOT, "round %d%s %-18s %7.1f MB/s  %7.1f MB/CPU-s (%.2f CPU-s)%n",
                                round, round == 0 ? " (warm-up)" : "", what, mb / m[0], mb / m[1], m[1]);
                        if (round > 0) {
                            results.add(new double[] {server == spindle ? 0 : 1, direction, mb / m[0], mb / m[1]});
                        }
                    }
                }
            }
            StringBuilder table = new StringBuilder();
            table.append(String.format(Locale.ROOT, "%n%d MiB through curl, median of %d rounds, vsftpd %s sendfile%n%n",
                    mib, rounds, sendfile ? "with" : "without"));
            table.append("| direction | Spindle MB/s | vsftpd MB/s | Spindle MB/CPU-s | vsftpd MB/CPU-s | ratio (CPU) |\n");
            table.append("|---|---|---|---|---|---|\n");
            for (int direction = 0; direction < 2; direction++) {
                double[] s = medians(results, 0, direction);
                double[] v = medians(results, 1, direction);
                table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f× |%n",
                        direction == 0 ? "download (RETR)" : "upload (STOR)", s[0], v[0], s[1], v[1], s[1] / v[1]));
            }
            System.out.print(table);
        } finally {
            spindle.stop();
            vsftpd.stop();
        }
    }

    private static double[] medians(List<double[]> results, int server, int direction) {
        List<double[]> rows = results.stream().filter(r -> r[0] == server && r[1] == direction).toList();
        return new double[] {median(rows.stream().mapToDouble(r -> r[2]).toArray()),
            median(rows.stream().mapToDouble(r -> r[3]).toArray())};
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One curl transfer; returns wall seconds and server CPU seconds. */
    private static double[] transfer(Server server, boolean download, Path source, Path root) throws Exception {
        String url = "ftp://127.0.0.1:" + server.port() + "/";
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "-u", USER + ":" + PASSWORD));
        if (download) {
            command.addAll(List.of(url + "big.bin", "-o", "/dev/null"));
        } else {
            command.addAll(List.of("-T", source.toString(), url + "up.bin"));
        }
        long cpuBefore = server.cpuTicks();
        // vsftpd serves each session in processes it forks; their CPU is sampled while they live
        // (the last sample of each counts), because reaping order makes cutime unreliable.
        java.util.Map<Long, Long> sessions = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                server.process().descendants().forEach(h -> {
                    long t = ticks(h.pid(), false);
                    if (t >= 0) {
                        sessions.merge(h.pid(), t, Math::max);
                    }
                });
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        Process curl = new ProcessBuilder(command).inheritIO().start();
        if (curl.waitFor() != 0) {
            throw new IllegalStateException(server.name() + ": curl exited " + curl.exitValue());
        }
        double wall = (System.nanoTime() - start) / 1e9;
        server.settle();
        sampling.set(false);
        sampler.join();
        long cpuAfter = server.cpuTicks() + sessions.values().stream().mapToLong(Long::longValue).sum();
        if (!download) {
            if (Files.size(root.resolve("up.bin")) != Files.size(source)) {
                throw new IllegalStateException(server.name() + ": the upload is incomplete");
            }
            Files.delete(root.resolve("up.bin"));
        }
        return new double[] {wall, (cpuAfter - cpuBefore) / CLOCK_TICKS};
    }

    /** A server process whose CPU time is read from /proc. */
    private record Server(String name, Process process, int port, boolean forksSessions) {
        /** The server process's own CPU (all its threads), not counting its children's. */
        long cpuTicks() {
            return ticks(process.pid(), false);
        }

        /** Waits until the session is over: vsftpd's session processes have ended. */
        void settle() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (forksSessions && process.descendants().findAny().isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(100); // Spindle: the session's last replies and closes
        }

        void stop() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** utime + stime (+ cutime + cstime) of a process in clock ticks, or -1 once it is gone. */
    private static long ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may hold spaces) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            if (withChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Server startSpindle(Path root) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                FtpBench.class.getName(), "--serve", root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IllegalStateException("Spindle's server did not start: " + line);
        }
        return new Server("Spindle", p, Integer.parseInt(line.substring(5).strip()), false);
    }

    private static Server startVsftpd(Path work, Path root, boolean sendfile) throws Exception {
        Path empty = Files.createDirectory(work.resolve("empty"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = work.resolve("vsftpd.conf");
        Files.write(conf, List.of("listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "anonymous_enable=NO", "local_enable=YES", "write_enable=YES", "local_umask=022",
                "local_root=" + root, "chroot_local_user=YES", "allow_writeable_chroot=YES",
                "secure_chroot_dir=" + empty, "pam_service_name=vsftpd", "pasv_enable=YES",
                "connect_from_port_20=NO", "seccomp_sandbox=NO", "xferlog_enable=NO", "max_per_ip=0",
                "use_sendfile=" + (sendfile ? "YES" : "NO")));
        Process p = new ProcessBuilder("/usr/sbin/vsftpd", conf.toString()).inheritIO().start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new Server("vsftpd", p, port, true);
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("vsftpd did not start (root, vsftpd and the user " + USER
                            + " are needed: .ci/run makes them)");
                }
                Thread.sleep(50);
            }
        }
    }

    /** The child JVM: Spindle's server over {@code root}, with the same user as vsftpd. */
    private static void serve(Path root) {
        Reactor reactor = Reactor.create();
        FileSystemShell files = FileSystemShell.create(reactor, root, false);
        PasswordChecker users = PasswordChecker.builder().user(USER, PASSWORD, files).build();
        ListeningPort listening = reactor.listenTCP(0, new FTPFactory(reactor, users, FTPServerOptions.defaults()),
                "127.0.0.1");
        reactor.callWhenRunning(() -> {
            System.out.println("PORT " + ((IPv4Address) listening.getHost()).port());
            System.out.flush();
        });
        reactor.run();
    }
}
