package bench.echo;

import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.ReactorGroup;
import net.reactor.ReactorOptions;

/**
 * Spindle's echo server on a reactor group ({@code bench/run --group}): N reactors, one thread
 * each, listening on one port together (SO_REUSEPORT on Linux, else hand-off), the same protocol
 * as {@link SpindleEchoServer}.
 */
public final class SpindleGroupEchoServer {

    private SpindleGroupEchoServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args the number of reactors, then optionally the port (none: any free port) and
     *     {@code hand-off} to force the one-acceptor path
     */
    public static void main(String[] args) {
        int reactors = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        ReactorGroup.Balancing balancing = args.length > 2 && args[2].equals("hand-off")
                ? ReactorGroup.Balancing.HAND_OFF : ReactorGroup.Balancing.AUTO;
        ReactorGroup group = ReactorGroup.create(reactors,
                ReactorOptions.defaults().withName("echo").withInstallSignalHandlers(true), balancing);
        ListeningPort listening = group.listenTCP(port, member -> Factory.forProtocol(Echo::new), ServerMain.BACKLOG,
                "127.0.0.1");
        System.out.println("REACTORS " + reactors + " " + group.balancing());
        ServerMain.announce(((IPv4Address) listening.getHost()).port());
        group.run();
    }

    /** Twisted's Echo: every byte received is written back. */
    private static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }
}
