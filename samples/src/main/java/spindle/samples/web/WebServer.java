package spindle.samples.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.protocols.web.FileResource;
import net.protocols.web.Site;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run web}: serves the files under one directory over HTTP/1.1 (a directory through
 * its {@code index.html}).
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * reactor.listenTCP(8080, new Site(new FileResource(Path.of("/srv/www")), reactor));
 * reactor.run();
 * }
 */
public final class WebServer {
    private static final String USAGE = """
            usage: samples/run web --root DIR [--port P] [--interface HOST]
              --root DIR         the directory served at /
              --port P           port to listen on (default 8080; 0 picks a free one)
              --interface HOST   address to listen on (default 127.0.0.1)
            try: curl http://127.0.0.1:8080/""";

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
        options.finish();
        if (rootText == null) {
            throw new UsageException("--root DIR is required");
        }
        if (!Files.isDirectory(Path.of(rootText))) {
            throw new UsageException("--root " + rootText + " is not a directory");
        }
        Reactor reactor = Programs.reactor("web");
        ListeningPort listening = reactor.listenTCP(port, new Site(new FileResource(Path.of(rootText)), reactor),
                ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
