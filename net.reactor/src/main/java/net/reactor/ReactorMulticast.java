package net.reactor;

/**
 * IP multicast: UDP ports that can join groups (Twisted's {@code IReactorMulticast}).
 *
 * {@snippet :
 * MulticastTransport port = reactor.listenMulticast(8005, protocol, "", true);
 * port.joinGroup("228.0.0.5").addCallback(ignored -> port.write(data, new IPv4Address(SocketType.UDP, "228.0.0.5", 8005)));
 * }
 *
 * <p><b>Threading:</b> the reactor thread, or, before the reactor runs, the thread that created
 * it; any other thread gets {@link WrongThreadException}.
 */
public interface ReactorMulticast {

    /**
     * Listens for datagrams on {@code port} on every IPv4 interface, as a port that may join
     * multicast groups; the port is not shared ({@code listenMultiple} false).
     *
     * @param port the port, 0 for any free one
     * @param protocol receives the datagrams; its {@code startProtocol} runs before this returns
     * @return the port, which is also the protocol's transport
     * @throws CannotListenException if the port cannot be bound
     */
    default MulticastTransport listenMulticast(int port, DatagramProtocol protocol) {
        return listenMulticast(port, protocol, "", false);
    }

    /**
     * Listens for datagrams on {@code port} as a port that may join multicast groups, with
     * {@link ReactorUDP#DEFAULT_MAX_PACKET_SIZE}.
     *
     * @param port the port, 0 for any free one
     * @param protocol receives the datagrams; its {@code startProtocol} runs before this returns
     * @param interfaceAddress the local address to bind, {@code ""} for every IPv4 interface (the
     *     usual choice: a port bound to a unicast address does not receive group datagrams on Linux)
     * @param listenMultiple whether other sockets (in this process or others) may bind the same
     *     port too, so that several receivers on one machine each get the group's datagrams
     *     ({@code SO_REUSEADDR}, as Twisted sets)
     * @return the port, which is also the protocol's transport
     * @throws CannotListenException if the port cannot be bound
     */
    default MulticastTransport listenMulticast(
            int port, DatagramProtocol protocol, String interfaceAddress, boolean listenMultiple) {
        return listenMulticast(port, protocol, interfaceAddress, ReactorUDP.DEFAULT_MAX_PACKET_SIZE, listenMultiple);
    }

    /**
     * Listens for datagrams on {@code port} as a port that may join multicast groups.
     *
     * @param port the port, 0 for any free one
     * @param protocol receives the datagrams; its {@code startProtocol} runs before this returns
     * @param interfaceAddress the local address to bind, {@code ""} for every IPv4 interface
     * @param maxPacketSize the longest datagram delivered whole, 1 to 65,535
     * @param listenMultiple whether other sockets may bind the same port too
     * @return the port, which is also the protocol's transport
     * @throws CannotListenException if the port cannot be bound or the interface is not numeric
     * @throws IllegalArgumentException if the port or the size is out of range
     * @throws IllegalStateException if the protocol is already attached to a port
     */
    MulticastTransport listenMulticast(
            int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize, boolean listenMultiple);
}
