package net.reactor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.UDPTransport;
import net.reactor.SocketType;
import org.jspecify.annotations.Nullable;

/**
 * The UDP port that {@link MemoryReactor#listenUDP} returns (and, as a
 * {@link MemoryMulticastTransport}, {@link MemoryReactor#listenMulticast}): nothing is sent or
 * received. It records what the protocol writes ({@link #written()}) and lets the test play
 * incoming datagrams ({@link #deliver}) and an ICMP refusal ({@link #refuse()}).
 *
 * {@snippet :
 * MemoryReactor reactor = new MemoryReactor();
 * MemoryDatagramTransport port = (MemoryDatagramTransport) reactor.listenUDP(53, new Resolver());
 * port.deliver(query, new IPv4Address(SocketType.UDP, "10.0.0.7", 40000));
 * assertThat(port.written().getFirst().to().port()).isEqualTo(40000);
 * }
 *
 * <p>Unlike the real port, {@link #connect} never resolves: the host is recorded as given and the
 * Deferred has fired when it returns.
 * {@link #write} always succeeds (returns true) unless {@link #setDropWrites(boolean)} says the
 * send buffer is full.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread.
 */
public class MemoryDatagramTransport implements UDPTransport {

    /**
     * One datagram the protocol wrote.
     *
     * @param data the bytes, a copy
     * @param to the address written to, or null on a connected port
     */
    public record Datagram(byte[] data, @Nullable Address to) {}

    private final Address host;
    private final DatagramProtocol protocol;
    private final int maxPacketSize;
    private final boolean multicast;
    private final List<Datagram> written = new ArrayList<>();
    private boolean listening = true;
    private boolean dropWrites;
    private long dropped;
    private @Nullable Address peer;

    MemoryDatagramTransport(Address host, DatagramProtocol protocol, int maxPacketSize, boolean multicast) {
        this.host = host;
        this.protocol = protocol;
        this.maxPacketSize = maxPacketSize;
        this.multicast = multicast;
    }

    /** Attaches the protocol (its startProtocol runs), once the subclass is fully built. */
    final void start() {
        protocol.makeConnection(this);
    }

    // ---- test side ------------------------------------------------------------------------

    /**
     * Plays one incoming datagram: {@code datagramReceived}, or {@code datagramTruncated} with the
     * first {@link #maxPacketSize()} bytes if it is longer, as the real port does.
     *
     * @param data the datagram (copied)
     * @param from the sender
     * @throws IllegalStateException if the port has stopped listening
     */
    public void deliver(byte[] data, Address from) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(from, "from");
        if (!listening) {
            throw new IllegalStateException("the port has stopped listening");
        }
        if (data.length > maxPacketSize) {
            protocol.datagramTruncated(java.util.Arrays.copyOf(data, maxPacketSize), from);
        } else {
            protocol.datagramReceived(data.clone(), from);
        }
    }

    /** Plays an ICMP port-unreachable answer: {@code connectionRefused}, on a connected port only. */
    public void refuse() {
        if (peer != null) {
            protocol.connectionRefused();
        }
    }

    /**
     * Every datagram written so far, in order.
     *
     * @return a snapshot
     */
    public List<Datagram> written() {
        return List.copyOf(written);
    }

    /**
     * Forgets the datagrams written so far.
     */
    public void clearWritten() {
        written.clear();
    }

    /**
     * Makes {@link #write} drop (return false and count) as a real port does when its send buffer
     * is full.
     *
     * @param drop true to drop every write from now on
     */
    public void setDropWrites(boolean drop) {
        dropWrites = drop;
    }

    /**
     * Whether {@link #stopListening()} has not been called yet.
     *
     * @return true while listening
     */
    public boolean isListening() {
        return listening;
    }

    /**
     * Whether this port came from {@code listenMulticast}.
     *
     * @return true for a multicast port
     */
    public boolean isMulticast() {
        return multicast;
    }

    // ---- UDPTransport ---------------------------------------------------------------------

    /**
     * Records the datagram.
     *
     * @param data the datagram (copied)
     * @param to the receiver, or null on a connected port
     * @return true, or false while {@link #setDropWrites(boolean)} is on
     * @throws IllegalStateException after {@link #stopListening()}, or with no address on a port
     *     that is not connected
     */
    @Override
    public boolean write(byte[] data, @Nullable Address to) {
        Objects.requireNonNull(data, "data");
        if (!listening) {
            throw new IllegalStateException("the port has stopped listening; cannot write");
        }
        if (to == null && peer == null) {
            throw new IllegalStateException("the port is not connected: give the address to write to");
        }
        if (dropWrites) {
            dropped++;
            return false;
        }
        written.add(new Datagram(data.clone(), to));
        return true;
    }

    /**
     * Records the peer as given, without resolving it.
     *
     * @param peerHost the host, recorded as given
     * @param peerPort the port
     * @return an already-fired Deferred with the peer's address
     * @throws IllegalStateException if already connected
     */
    @Override
    public Deferred<Address> connect(String peerHost, int peerPort) {
        Objects.requireNonNull(peerHost, "host");
        if (peer != null) {
            throw new IllegalStateException("already connected to " + peer);
        }
        Address a = peerHost.indexOf(':') >= 0 ? new IPv6Address(SocketType.UDP, peerHost, peerPort)
                : new IPv4Address(SocketType.UDP, peerHost, peerPort);
        peer = a;
        return Deferred.succeed(a);
    }

    @Override
    public @Nullable Address getPeer() {
        return peer;
    }

    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public int maxPacketSize() {
        return maxPacketSize;
    }

    @Override
    public long droppedWrites() {
        return dropped;
    }

    /**
     * Stops "listening" and the protocol ({@code stopProtocol}) the first time.
     *
     * @return an already-fired Deferred
     */
    @Override
    public Deferred<Void> stopListening() {
        if (listening) {
            listening = false;
            protocol.doStop();
        }
        return Deferred.succeed(null);
    }

    @Override
    public String toString() {
        return "MemoryDatagramTransport[" + host + (multicast ? ", multicast" : "") + "]";
    }
}
