package spindle.samples.echo;

import java.io.IOException;
import java.nio.file.Path;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerFactory;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.ReactorTCP;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The echo server ({@code samples/run echo}): every byte a client sends comes back. With
 * {@code --tls} it speaks TLS: the protocol is the same class, only {@code listenTCP} becomes
 * {@code listenSSL}. With {@code --unix PATH} it listens on a UNIX domain socket
 * ({@code listenUNIX}, with a lock file) and prints {@code listening on PATH}.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * reactor.listenTCP(8000, Factory.forProtocol(Echo::new));
 * reactor.run();
 * }
 */
public final class EchoServer {
    private static final String USAGE = """
            usage: samples/run echo [--port P] [--interface HOST] [--reactors N] [--tls [--key FILE --cert FILE] [--data-dir DIR]]
                   samples/run echo --unix PATH [--mode OCTAL] [--tls ...]
              --port P          port to listen on (default 8000; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
              --unix PATH       listen on a UNIX domain socket instead; PATH.lock holds this process's id, so
                                the socket a killed server left behind is taken over, a live server's never
              --mode OCTAL      the socket file's permissions (default 600: only this user may connect)
              --reactors N      serve on a group of N reactors, one thread each (default 1); the connections
                                are spread over them (SO_REUSEPORT on Linux, else one hands them out)
              --tls             speak TLS; without --key/--cert, a self-signed certificate for localhost and
                                127.0.0.1 is generated on first start and kept in DIR/tls
              --key FILE        the private key, PEM (as made by openssl req -newkey rsa:2048 -nodes -keyout ...)
              --cert FILE       its certificate (chain), PEM
              --data-dir DIR    where the generated certificate is kept (default: $spindle.samples.data,
                                else ./spindle-data)""";

    private EchoServer() {}

    /**
     * Runs the echo server until SIGINT or SIGTERM.
     *
     * @param args the command-line options (see {@code --help})
     * @return the exit status: 0 after a clean stop
     * @throws UsageException if the options are not understood
     * @throws IOException if the generated certificate cannot be written
     */
    public static int run(String[] args) throws IOException {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        String unix = options.valueOrNull("--unix");
        String mode = options.valueOrNull("--mode");
        int port = options.port("--port", 8000);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        boolean tls = options.flag("--tls");
        String key = options.valueOrNull("--key");
        String certificate = options.valueOrNull("--cert");
        Path dataDir = Path.of(options.value("--data-dir", System.getProperty("spindle.samples.data", "spindle-data")));
        int reactors = options.intValue("--reactors", 1);
        options.finish();
        if (reactors < 1) {
            throw new UsageException("--reactors needs at least 1, not " + reactors);
        }
        if (reactors > 1 && unix != null) {
            throw new UsageException("--reactors is for TCP: drop --unix");
        }
        if (!tls && (key != null || certificate != null)) {
            throw new UsageException("--key and --cert need --tls");
        }
        if (unix == null && mode != null) {
            throw new UsageException("--mode needs --unix");
        }
        int fileMode = unix == null ? 0 : socketMode(mode);

        if (reactors > 1) {
            return runGroup(reactors, port, host, tls ? EchoTLS.serverOptions(key, certificate, dataDir.resolve("tls")) : null);
        }
        Reactor reactor = Programs.reactor("echo");
        Factory factory = Factory.forProtocol(Echo::new);
        ListeningPort listening;
        if (unix != null) {
            // The same protocol over a UNIX socket; TLS, if asked for, is the same factory wrapper.
            Factory served = tls ? new TLSServerFactory(factory, EchoTLS.serverOptions(key, certificate,
                    dataDir.resolve("tls")), reactor, reactor::callFromThread) : factory;
            listening = reactor.listenUNIX(Path.of(unix), served, ReactorTCP.DEFAULT_BACKLOG, fileMode, true);
        } else {
            listening = tls
                    ? TLS.listenSSL(reactor, port, factory, EchoTLS.serverOptions(key, certificate, dataDir.resolve("tls")),
                            ReactorTCP.DEFAULT_BACKLOG, host)
                    : reactor.listenTCP(port, factory, ReactorTCP.DEFAULT_BACKLOG, host);
        }
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }

    /**
     * {@code --reactors N}: the same echo on a reactor group. Each member builds its own factory
     * (for TLS, its own {@link TLSServerFactory} bound to that member), so every connection lives
     * on the member that accepted it.
     */
    private static int runGroup(int reactors, int port, String host, @Nullable TLSServerOptions tls) {
        ReactorGroup group = Programs.group("echo", reactors);
        ListeningPort listening = group.listenTCP(port, member -> {
            Factory echo = Factory.forProtocol(Echo::new);
            return tls == null ? echo : new TLSServerFactory(echo, tls, member, member::callFromThread);
        }, ReactorTCP.DEFAULT_BACKLOG, host);
        group.member(0).callWhenRunning(() -> {
            Programs.announce(listening);
            System.err.println("echo: " + reactors + " reactors (" + group.balancing() + ")");
        });
        group.run();
        return 0;
    }

    private static int socketMode(@Nullable String text) {
        if (text == null) {
            return 0600;
        }
        try {
            int mode = Integer.parseInt(text, 8);
            if (mode >= 0 && mode <= 0777) {
                return mode;
            }
        } catch (NumberFormatException notOctal) {
            // reported below
        }
        throw new UsageException("--mode must be octal permission bits such as 600 or 660, not " + text);
    }
}
