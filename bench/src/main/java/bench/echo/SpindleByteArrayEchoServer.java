package bench.echo;

import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * Spindle's echo server on the default API, with all its layers: a reactor with its default options, listening with
 * {@code Factory.forProtocol} of a protocol whose {@code dataReceived} writes the bytes back.
 */
public final class SpindleByteArrayEchoServer {

    private SpindleByteArrayEchoServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("echo").withInstallSignalHandlers(true));
        ListeningPort listening = reactor.listenTCP(port, Factory.forProtocol(Echo::new), ServerMain.BACKLOG, "127.0.0.1");
        ServerMain.announce(((IPv4Address) listening.getHost()).port());
        reactor.run();
    }

    /** Twisted's Echo: every byte received is written back. */
    private static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }
}
