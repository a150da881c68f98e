package spindle.samples.socks;

import java.util.List;
import net.protocols.socks.AllowList;
import net.protocols.socks.SOCKSv4Factory;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run socks}: a SOCKSv4/4a server (SOCKSv5 CONNECT too) whose destinations are an allow-list of hosts and
 * CIDR networks. Without {@code --allow} it refuses every request (reply 91), so that starting it
 * never opens a proxy to the world by accident.
 */
public final class SocksServer {
    private static final String USAGE = """
            usage: samples/run socks [--port P] [--interface HOST] [--allow HOST|CIDR[:PORTS]]...
              --port P          port to listen on (default 1080; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
              --allow ENTRY     a destination to serve, repeatable: 127.0.0.1, localhost, 10.0.0.0/8,
                                192.168.1.5:80, 10.0.0.0/8:8000-8080; none: every request is refused
            try: curl --socks4a 127.0.0.1:1080 http://localhost:8000/""";

    private SocksServer() {}

    /**
     * Runs the server until interrupted.
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
        int port = options.port("--port", 1080);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        List<String> allow = options.values("--allow");
        options.finish();
        AllowList policy;
        try {
            policy = AllowList.of(allow);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        System.Logger log = System.getLogger("spindle.samples.socks");
        log.log(System.Logger.Level.INFO, allow.isEmpty()
                ? "no --allow given: every request will be refused" : "allowing " + String.join(", ", allow));

        Reactor reactor = Programs.reactor("socks");
        ListeningPort listening = reactor.listenTCP(port, new SOCKSv4Factory(reactor, policy),
                ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
