package spindle.samples.udp;

import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.Reactor;
import net.reactor.ReactorUDP;
import net.reactor.UDPTransport;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;

/**
 * The UDP echo server ({@code samples/run udp-echo}): every datagram comes back, whole, to its
 * sender, from the port the server listens on. The port accepts datagrams up to UDP's IPv4
 * maximum (65,507 bytes), so none is cut.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * reactor.listenUDP(9999, new DatagramProtocol() {
 *     @Override
 *     public void datagramReceived(byte[] data, Address from) {
 *         transport().write(data, from);
 *     }
 * }, "127.0.0.1", ReactorUDP.MAX_UDP_PAYLOAD);
 * reactor.run();
 * }
 */
public final class UdpEchoServer {
    private static final String USAGE = """
            usage: samples/run udp-echo [--port P] [--interface HOST]
              --port P          UDP port to listen on (default 9999; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1; "::1" or "::" for IPv6)""";

    private UdpEchoServer() {}

    /** Returns each datagram to whoever sent it. */
    static final class Echo extends DatagramProtocol {
        @Override
        public void datagramReceived(byte[] data, Address from) {
            // A full send buffer drops the echo, as UDP may; the client retries.
            transport().write(data, from);
        }

        @Override
        public void datagramTruncated(byte[] head, Address from) {
            // Cannot happen below the IPv4 maximum; an IPv6 datagram longer than that is not echoed.
            super.datagramTruncated(head, from);
        }
    }

    /**
     * Runs the server until SIGINT or SIGTERM.
     *
     * @param args the command-line options (see {@code --help})
     * @return 0 after a clean stop
     * @throws spindle.samples.support.UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 9999);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        options.finish();

        Reactor reactor = Programs.reactor("udp-echo");
        UDPTransport listening = reactor.listenUDP(port, new Echo(), host, ReactorUDP.MAX_UDP_PAYLOAD);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
