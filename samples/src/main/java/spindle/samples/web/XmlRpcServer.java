package spindle.samples.web;

import net.protocols.web.Site;
import net.protocols.web.XMLRPC;
import net.protocols.web.XMLRPCFault;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;

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
            usage: samples/run xmlrpc [--port P] [--interface HOST]
              --port P           port to listen on (default 7080; 0 picks a free one)
              --interface HOST   address to listen on (default 127.0.0.1)
            try: python3 -c 'import xmlrpc.client as x; print(x.ServerProxy("http://127.0.0.1:7080/RPC2").add(1, 2))'""";

    private XmlRpcServer() {}

    /**
     * Runs the server until SIGINT or SIGTERM.
     *
     * @param args the options
     * @return the exit status
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 7080);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        options.finish();

        Reactor reactor = Programs.reactor("xmlrpc");
        XMLRPC adder = new XMLRPC().register("add", params -> {
            if (params.size() != 2 || !(params.get(0) instanceof Integer a) || !(params.get(1) instanceof Integer b)) {
                throw new XMLRPCFault(XMLRPC.FAILURE, "add takes two ints");
            }
            return Math.addExact(a, b);
        });
        ListeningPort listening = reactor.listenTCP(port, new Site(adder, reactor), ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
