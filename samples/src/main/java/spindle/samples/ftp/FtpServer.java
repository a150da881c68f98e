package spindle.samples.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.protocols.ftp.FTPFactory;
import net.protocols.ftp.FTPServerOptions;
import net.protocols.ftp.FileSystemShell;
import net.protocols.ftp.PasswordChecker;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSServerOptions;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run ftp-server}: an FTP server over one directory. Users are given on the command
 * line ({@code --user NAME:PASSWORD}, repeatable); with none, every login is refused. Anonymous
 * access is off unless {@code --anonymous} (read-only); {@code --tls} offers explicit FTPS (AUTH
 * TLS) with a self-signed certificate kept in the data directory.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * FileSystemShell files = FileSystemShell.create(reactor, Path.of("/srv/ftp"), false);
 * reactor.listenTCP(2121, new FTPFactory(reactor,
 *         PasswordChecker.builder().user("alice", "secret", files).build(), FTPServerOptions.defaults()));
 * reactor.run();
 * }
 */
public final class FtpServer {
    private static final String USAGE = """
            usage: samples/run ftp-server --root DIR [--port P] [--interface HOST] [--user NAME:PASSWORD]...
                                          [--anonymous] [--passive-ports MIN-MAX] [--tls [--require-tls]]
              --root DIR             the directory served; users see it as /
              --port P               port to listen on (default 2121; 0 picks a free one)
              --interface HOST       address to listen on (default 127.0.0.1)
              --user NAME:PASSWORD   a user with read-write access, repeatable; none: every login is refused
              --anonymous            also let USER anonymous (any password) in, read-only
              --passive-ports A-B    passive data ports (default: any free port)
              --tls                  offer AUTH TLS with a self-signed certificate (generated on first start
                                     and kept in DIR2/tls, DIR2 being --data-dir)
              --require-tls          refuse logins before AUTH TLS
              --data-dir DIR2        where the certificate is kept (default: $spindle.samples.data, else
                                     ./spindle-data)
            try: curl -u NAME:PASSWORD ftp://127.0.0.1:2121/   (with --tls: curl --ssl-reqd -k ...)""";

    private FtpServer() {}

    /**
     * Runs the server until SIGINT or SIGTERM.
     *
     * @param args the options
     * @return the exit status
     * @throws IOException if the certificate cannot be written
     */
    public static int run(String[] args) throws IOException {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 2121);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        String rootText = options.valueOrNull("--root");
        List<String> users = options.values("--user");
        boolean anonymous = options.flag("--anonymous");
        String passivePorts = options.valueOrNull("--passive-ports");
        boolean tls = options.flag("--tls");
        boolean requireTls = options.flag("--require-tls");
        Path dataDir = Path.of(options.value("--data-dir", System.getProperty("spindle.samples.data", "spindle-data")));
        options.finish();
        if (rootText == null) {
            throw new UsageException("--root DIR is required");
        }
        Path root = Path.of(rootText);
        if (!Files.isDirectory(root)) {
            throw new UsageException("--root " + rootText + " is not a directory");
        }
        if (requireTls && !tls) {
            throw new UsageException("--require-tls needs --tls");
        }

        Reactor reactor = Programs.reactor("ftp-server");
        FileSystemShell readWrite = FileSystemShell.create(reactor, root, false);
        PasswordChecker.Builder checker = PasswordChecker.builder();
        for (String u : users) {
            int colon = u.indexOf(':');
            if (colon <= 0) {
                throw new UsageException("--user wants NAME:PASSWORD, got " + u);
            }
            try {
                checker.user(u.substring(0, colon), u.substring(colon + 1), readWrite);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (anonymous) {
            checker.anonymous(FileSystemShell.create(reactor, root, true));
        }
        FTPServerOptions ftpOptions = FTPServerOptions.defaults();
        if (passivePorts != null) {
            String[] range = passivePorts.split("-", -1);
            try {
                ftpOptions = ftpOptions.withPassivePorts(Integer.parseInt(range[0].strip()),
                        Integer.parseInt(range[range.length - 1].strip()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--passive-ports wants MIN-MAX, got " + passivePorts);
            }
        }
        if (tls) {
            ftpOptions = ftpOptions.withTLS(certificate(dataDir.resolve("tls"))).withTLSRequired(requireTls);
        }
        System.Logger log = System.getLogger("spindle.samples.ftp");
        log.log(System.Logger.Level.INFO, "serving {0}; {1}{2}{3}", root.toAbsolutePath(),
                users.isEmpty() ? "no --user given: every password login will be refused"
                        : users.size() + " user(s)",
                anonymous ? "; anonymous read-only access" : "",
                tls ? "; AUTH TLS offered" + (requireTls ? " and required" : "") : "");

        ListeningPort listening = reactor.listenTCP(port, new FTPFactory(reactor, checker.build(), ftpOptions),
                ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }

    private static TLSServerOptions certificate(Path tlsDir) throws IOException {
        Path key = tlsDir.resolve("ftp-key.pem");
        Path certificate = tlsDir.resolve("ftp-cert.pem");
        if (!Files.exists(key) || !Files.exists(certificate)) {
            Files.createDirectories(tlsDir);
            SelfSignedCertificate.generate("localhost", "127.0.0.1").write(key, certificate);
        }
        return TLSServerOptions.fromPem(key, certificate);
    }
}
