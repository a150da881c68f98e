package net.reactor;

/**
 * UDP: datagram ports (Twisted's {@code IReactorUDP}).
 *
 * {@snippet :
 * UDPTransport port = reactor.listenUDP(9999, new DatagramProtocol() {
 *     @Override
 *     public void datagramReceived(byte[] data, Address from) {
 *         transport().write(data, from); // echo
 *     }
 * }, "127.0.0.1");
 * }
 *
 * <p><b>Threading:</b> the reactor thread, or, before the reactor runs, the thread that created
 * it; any other thread gets {@link WrongThreadException} and should go through
 * {@code callFromThread} (or {@code blockingCallFromThread}, to get the port back).
 */
public interface ReactorUDP {

    /** Twisted's default maximum datagram size, in bytes: longer datagrams arrive truncated. */
    int DEFAULT_MAX_PACKET_SIZE = 8192;

    /** The largest UDP payload over IPv4 (65,535 less the IPv4 and UDP headers). */
    int MAX_UDP_PAYLOAD = 65_507;

    /**
     * Listens for datagrams on {@code port} on every IPv4 interface, with
     * {@link #DEFAULT_MAX_PACKET_SIZE}.
     *
     * @param port the port, 0 for any free one ({@link UDPTransport#getHost()} tells which)
     * @param protocol receives the datagrams; its {@code startProtocol} runs before this returns
     * @return the port, which is also the protocol's transport
     * @throws CannotListenException if the port cannot be bound
     */
    default UDPTransport listenUDP(int port, DatagramProtocol protocol) {
        return listenUDP(port, protocol, "", DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * Listens for datagrams on {@code port} on one interface, with {@link #DEFAULT_MAX_PACKET_SIZE}.
     *
     * @param port the port, 0 for any free one
     * @param protocol receives the datagrams; its {@code startProtocol} runs before this returns
     * @param interfaceAddress a numeric address of this machine: {@code ""} or {@code "0.0.0.0"}
     *     for every IPv4 interface, {@code "::"} for every interface over IPv6 (IPv4 peers then
     *     appear as IPv4-mapped IPv6 addresses), {@code "127.0.0.1"} or {@code "::1"} for loopback
     * @return the port, which is also the protocol's transport
     * @throws CannotListenException if the port cannot be bound or the interface is not numeric
     */
    default UDPTransport listenUDP(int port, DatagramProtocol protocol, String interfaceAddress) {
        return listenUDP(port, protocol, interfaceAddress, DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * Listens for datagrams on {@code port} on one interface.
     *
     * <p>Each read delivers one whole datagram of at most {@code maxPacketSize} bytes to
     * {@link DatagramProtocol#datagramReceived}; a longer one is never cut silently: its first
     * {@code maxPacketSize} bytes go to {@link DatagramProtocol#datagramTruncated} instead.
     *
     * @param port the port, 0 for any free one
     * @param protocol receives the datagrams; its {@code startProtocol} runs before this returns
     * @param interfaceAddress the local address to bind (see {@link #listenUDP(int, DatagramProtocol, String)})
     * @param maxPacketSize the longest datagram delivered whole, 1 to 65,535
     * @return the port, which is also the protocol's transport
     * @throws CannotListenException if the port cannot be bound or the interface is not numeric
     * @throws IllegalArgumentException if the port or the size is out of range
     * @throws IllegalStateException if the protocol is already attached to a port
     */
    UDPTransport listenUDP(int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize);
}
