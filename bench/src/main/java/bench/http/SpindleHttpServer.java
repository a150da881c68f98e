package bench.http;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Set;
import net.protocols.web.Render;
import net.protocols.web.Request;
import net.protocols.web.Resource;
import net.protocols.web.Site;
import net.protocols.web.XMLRPC;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * Spindle's HTTP server for the benchmark: one reactor, a {@link Site} whose root has
 * {@code plaintext} (answers {@code hello}, {@code text/plain}) and {@code RPC2} (the XML-RPC
 * adder, {@code add(a, b)}), default server options, the access log off (the peers write none).
 */
public final class SpindleHttpServer {
    private static final byte[] HELLO = "hello".getBytes(US_ASCII);

    private SpindleHttpServer() {}

    /**
     * Listens on 127.0.0.1, prints {@code LISTENING <port>} and serves until killed.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("http").withInstallSignalHandlers(true));
        Resource root = new Resource();
        root.putChild("plaintext", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                request.setHeader("Content-Type", "text/plain");
                return Render.bytes(HELLO);
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("GET", "HEAD");
            }
        });
        root.putChild("RPC2", new XMLRPC().register("add",
                params -> ((Number) params.get(0)).intValue() + ((Number) params.get(1)).intValue()));
        Site site = new Site(root, reactor) {
            @Override
            protected void log(Request request) {
                // No access log: none of the compared servers writes one per request.
            }
        };
        ListeningPort listening = reactor.listenTCP(port, site, 1024, "127.0.0.1");
        System.out.println("LISTENING " + ((IPv4Address) listening.getHost()).port());
        System.out.flush();
        reactor.run();
    }
}
