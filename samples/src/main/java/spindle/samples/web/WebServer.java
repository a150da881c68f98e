package spindle.samples.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.protocols.tls.TLS;
import net.protocols.web.FileResource;
import net.protocols.web.Site;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.ServerTLS;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run web}: serves the files under one directory over HTTP/1.1 (a directory through
 * its {@code index.html}, or a listing with {@code --list}); ETag/Last-Modified, conditional GET
 * and byte ranges come with {@link FileResource}; with {@code --tls}, over HTTPS through
 * {@link TLS#listenSSL}.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * reactor.listenTCP(8080, new Site(new FileResource(Path.of("/srv/www")), reactor));
 * reactor.run();
 * }
 */
public final class WebServer {
    private static final String USAGE = """
            usage: samples/run web --root DIR [--port P] [--interface HOST] [--list] [--tls [--key FILE --cert FILE] [--data-dir DIR]]
              --root DIR         the directory served at /
              --list             list directories that have no index.html (default: 403)
              --port P           port to listen on (default 8080; 0 picks a free one)
              --interface HOST   address to listen on (default 127.0.0.1)
              --tls              serve HTTPS (ALPN http/1.1); without --key/--cert, a self-signed certificate
                                 for localhost and 127.0.0.1 is generated on first start and kept in DIR/tls
              --key FILE         PEM private key (with --tls)
              --cert FILE        PEM certificate chain (with --tls)
              --data-dir DIR     where the generated certificate is kept (default spindle-data)
            try: curl http://127.0.0.1:8080/
                 curl --cacert spindle-data/tls/web-cert.pem https://localhost:8080/   (with --tls)""";

    private WebServer() {}

    /**
     * Runs the server until SIGINT or SIGTERM.
     *
     * @param args the options
     * @return the exit status
     * @throws IOException if the root cannot be resolved
     */
    public static int run(String[] args) throws IOException {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 8080);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        String rootText = options.valueOrNull("--root");
        boolean tls = options.flag("--tls");
        boolean list = options.flag("--list");
        String key = options.valueOrNull("--key");
        String certificate = options.valueOrNull("--cert");
        Path dataDir = Path.of(options.value("--data-dir", System.getProperty("spindle.samples.data", "spindle-data")));
        options.finish();
        if (!tls && (key != null || certificate != null)) {
            throw new UsageException("--key and --cert need --tls");
        }
        if (rootText == null) {
            throw new UsageException("--root DIR is required");
        }
        if (!Files.isDirectory(Path.of(rootText))) {
            throw new UsageException("--root " + rootText + " is not a directory");
        }
        Reactor reactor = Programs.reactor("web");
        Site site = new Site(new FileResource(Path.of(rootText), list), reactor);
        // HTTPS is the same Site under the TLS layer; ALPN offers only http/1.1 (no HTTP/2 here).
        ListeningPort listening = tls
                ? TLS.listenSSL(reactor, port, site, ServerTLS.serverOptions(key, certificate, dataDir.resolve("tls"), "web")
                        .withApplicationProtocols("http/1.1"), host)
                : reactor.listenTCP(port, site, ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
