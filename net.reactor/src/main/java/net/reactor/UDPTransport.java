package net.reactor;

import net.deferred.Deferred;
import org.jspecify.annotations.Nullable;

/**
 * A UDP port, and the transport of its {@link DatagramProtocol} (Twisted's {@code IUDPTransport}
 * and UDP {@code Port}): it sends datagrams, may be connected to one peer, and stops listening.
 *
 * <p><b>Sending:</b> a datagram is handed to the system whole or not at all. When the socket's
 * send buffer is full, UDP drops: {@link #write} returns {@code false}, the datagram is gone and
 * {@link #droppedWrites()} counts it; the loop never blocks and never queues datagrams without
 * bound. (Twisted's {@code write} raises the system's {@code EWOULDBLOCK} there instead; a
 * datagram that cannot be sent right now is the normal fate of UDP under load, so Spindle reports
 * it in the result rather than as an exception.) A datagram too long for UDP fails with
 * {@link MessageLengthException}; an address that is not an IP literal, or an IPv6 address on
 * an IPv4 port, fails with {@link IllegalArgumentException}; an address the system refuses to send
 * to fails with {@link java.io.UncheckedIOException} naming it.
 *
 * <p><b>Threading:</b> reactor thread only (before the reactor runs, its creating thread);
 * other threads get {@link WrongThreadException}.
 */
public interface UDPTransport extends ListeningPort {

    /**
     * Sends one datagram to {@code to}.
     *
     * @param data the datagram, at most 65,507 bytes over IPv4 (65,527 over IPv6); copied before
     *     this returns, so the array may be reused
     * @param to the receiver: an {@link IPv4Address} or {@link IPv6Address} with a numeric host
     *     (an address a {@link DatagramProtocol} was handed is one); on a connected port, null or
     *     the connected address
     * @return true if the system took the datagram, false if it was dropped because the socket's
     *     send buffer is full (or, on a connected port, because the system reported the peer's
     *     refusal of an earlier datagram instead of sending this one; the protocol hears
     *     {@link DatagramProtocol#connectionRefused()})
     * @throws IllegalArgumentException if {@code to} is a host name, a UNIX address, an IPv6
     *     address on an IPv4 port, or not the connected peer (an IPv4 address on an IPv6 port is
     *     sent as an IPv4-mapped address)
     * @throws MessageLengthException if the datagram is longer than UDP allows
     * @throws IllegalStateException if the port has stopped listening, or {@code to} is null on a
     *     port that is not connected
     */
    boolean write(byte[] data, @Nullable Address to);

    /**
     * Sends one datagram to the connected peer; the same as {@code write(data, null)}.
     *
     * @param data the datagram; copied before this returns
     * @return true if the system took the datagram, false if it was dropped (send buffer full,
     *     or the peer's refusal of an earlier datagram reported instead)
     * @throws IllegalStateException if the port is not connected (yet) or has stopped listening
     * @throws MessageLengthException if the datagram is longer than UDP allows
     */
    default boolean write(byte[] data) {
        return write(data, null);
    }

    /**
     * Connects the port to one peer (connected UDP): it then receives datagrams from that peer
     * only, {@link #write(byte[])} needs no address, and an ICMP "port unreachable" answer
     * reaches the protocol as {@link DatagramProtocol#connectionRefused()}. A host name is
     * resolved on a virtual thread, never on the reactor thread, so the connection takes effect
     * when the returned Deferred fires, not at once; an IP literal connects before this returns.
     * A port connects once: reconnecting is not supported (as in Twisted).
     *
     * @param host a host name or IPv4/IPv6 literal
     * @param port the peer's port, 1 to 65,535
     * @return fires on the reactor thread with the peer's resolved address once connected; fails
     *     with {@link DNSLookupException} if the name does not resolve, or with
     *     {@link ConnectFailedException} if the system refuses the connect (for example a peer of
     *     the other address family)
     * @throws IllegalStateException if the port is already connected (or connecting), or stopped
     * @throws IllegalArgumentException if the port number is out of range
     */
    Deferred<Address> connect(String host, int port);

    /**
     * The connected peer.
     *
     * @return the peer's address once {@link #connect} has taken effect, otherwise null
     */
    @Nullable Address getPeer();

    /**
     * The local address the port is bound to; with port 0 it tells which port the system chose.
     *
     * @return an {@link IPv4Address} or {@link IPv6Address} of type {@link SocketType#UDP}
     */
    @Override
    Address getHost();

    /**
     * The longest datagram this port delivers whole.
     *
     * @return the {@code maxPacketSize} the port was opened with
     */
    int maxPacketSize();

    /**
     * How many datagrams {@link #write} dropped (returned {@code false} for). The reactor's
     * {@link ReactorCounters#datagramsDropped()} adds up every port's count.
     *
     * @return the count since the port opened
     */
    long droppedWrites();

    /**
     * Closes the socket. No event reaches the protocol after this call but
     * {@link DatagramProtocol#stopProtocol()}, which runs in the next turn of the loop, just
     * before the returned Deferred fires; the port number is free for a new bind by then.
     * Calling it again returns the same Deferred.
     *
     * @return fires on the reactor thread once the port is closed and the protocol stopped
     */
    @Override
    Deferred<Void> stopListening();
}
