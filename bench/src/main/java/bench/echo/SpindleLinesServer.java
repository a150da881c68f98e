package bench.echo;

import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.TCPTransport;

/**
 * Spindle's {@code lines10} server: a plain {@link Protocol} that answers each request line with
 * ten {@code transport().write(line)} calls, the way a protocol written line by line does
 * (compare {@link NettyLinesServer}: ten {@code write}s and one {@code flush}).
 */
public final class SpindleLinesServer {

    private SpindleLinesServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and answers until killed.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("lines").withInstallSignalHandlers(true));
        ListeningPort listening = reactor.listenTCP(port, Factory.forProtocol(Lines::new), ServerMain.BACKLOG, "127.0.0.1");
        ServerMain.announce(((IPv4Address) listening.getHost()).port());
        reactor.run();
    }

    /** Ten lines per request; a request is counted by its {@code '\n'}, wherever the reads split it. */
    private static final class Lines extends Protocol {
        /**
         * Turns Nagle's algorithm off, as every peer server does ({@code TCP_NODELAY}): with it on,
         * the second to tenth writes of an answer wait for the client's acknowledgement of the
         * first, and the workload would time delayed acknowledgements, not the server.
         */
        @Override
        public void connectionMade() {
            ((TCPTransport) transport()).setTcpNoDelay(true);
        }

        @Override
        public void dataReceived(byte[] data) {
            for (int r = TenLines.requests(data, 0, data.length); r > 0; r--) {
                for (int k = 0; k < TenLines.LINES; k++) {
                    transport().write(TenLines.line(k)); // shared, never modified: the transport may keep it
                }
            }
        }
    }
}
