package spindle.samples.web;

import java.io.IOException;
import java.nio.file.Path;
import net.protocols.tls.TLS;
import net.protocols.web.Site;
import net.protocols.web.XMLRPC;
import net.protocols.web.XMLRPCFault;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.ServerTLS;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run xmlrpc}: the Twisted paper's XML-RPC adder. {@code add(a, b)} answers
 * {@code a + b}; the resource is served at {@code /} and every path below it, so Python's
 * default {@code /RPC2} works too.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * XMLRPC adder = new XMLRPC().register("add", params -> (Integer) params.get(0) + (Integer) params.get(1));
 * reactor.listenTCP(7080, new Site(adder, reactor));
 * reactor.run();
 * }
 */
public final class XmlRpcServer {
    private static final String USAGE = """
            usage: samples/run xmlrpc [--port P] [--interface HOST] [--tls [--key FILE --cert FILE] [--data-dir DIR]]
              --port P           port to listen on (default 7080; 0 picks a free one)
              --interface HOST   address to listen on (default 127.0.0.1)
              --tls              serve HTTPS (ALPN http/1.1); without --key/--cert, a self-signed certificate
                                 for localhost and 127.0.0.1 is generated on first start and kept in DIR/tls
                                 (xmlrpc-cert.pem)
              --key FILE         PEM private key (with --tls)
              --cert FILE        PEM certificate chain (with --tls)
              --data-dir DIR     where the generated certificate is kept (default spindle-data)
            try: python3 -c 'import xmlrpc.client as x; print(x.ServerProxy("http://127.0.0.1:7080/RPC2").add(1, 2))'""";

    private XmlRpcServer() {}

    /**
     * Runs the server until SIGINT or SIGTERM.
     *
     * @param args the options
     * @return the exit status
     * @throws IOException if the TLS key or certificate cannot be read or written
     */
    public static int run(String[] args) throws IOException {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 7080);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        boolean tls = options.flag("--tls");
        String key = options.valueOrNull("--key");
        String certificate = options.valueOrNull("--cert");
        Path dataDir = Path.of(options.value("--data-dir", System.getProperty("spindle.samples.data", "spindle-data")));
        options.finish();
        if (!tls && (key != null || certificate != null)) {
            throw new UsageException("--key and --cert need --tls");
        }

        Reactor reactor = Programs.reactor("xmlrpc");
        XMLRPC adder = new XMLRPC().register("add", params -> {
            if (params.size() != 2 || !(params.get(0) instanceof Integer a) || !(params.get(1) instanceof Integer b)) {
                throw new XMLRPCFault(XMLRPC.FAILURE, "add takes two ints");
            }
            return Math.addExact(a, b);
        });
        Site site = new Site(adder, reactor);
        ListeningPort listening = tls
                ? TLS.listenSSL(reactor, port, site, ServerTLS.serverOptions(key, certificate, dataDir.resolve("tls"),
                        "xmlrpc").withApplicationProtocols("http/1.1"), host)
                : reactor.listenTCP(port, site, ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
