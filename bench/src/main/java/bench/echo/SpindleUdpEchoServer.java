package bench.echo;

import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.IPv4Address;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.ReactorUDP;
import net.reactor.UDPTransport;

/**
 * Spindle's UDP echo: a reactor with its default options and a {@link DatagramProtocol} whose
 * {@code datagramReceived} writes each datagram (a fresh {@code byte[]}) back to its sender.
 */
public final class SpindleUdpEchoServer {

    private SpindleUdpEchoServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("udp-echo").withInstallSignalHandlers(true));
        UDPTransport listening = reactor.listenUDP(port, new Echo(), "127.0.0.1", ReactorUDP.MAX_UDP_PAYLOAD);
        ServerMain.announce(((IPv4Address) listening.getHost()).port());
        reactor.run();
    }

    private static final class Echo extends DatagramProtocol {
        @Override
        public void datagramReceived(byte[] data, Address from) {
            transport().write(data, from);
        }
    }
}
