package net.reactor.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.MulticastJoinException;
import net.reactor.MulticastTransport;
import net.reactor.SocketType;
import org.jspecify.annotations.Nullable;

/**
 * The UDP (and multicast) port that {@link MemoryReactor#listenUDP} and
 * {@link MemoryReactor#listenMulticast} return: nothing is sent or received. It records what the
 * protocol writes ({@link #written()}), the group memberships and socket settings, and lets the
 * test play incoming datagrams ({@link #deliver}) and an ICMP refusal ({@link #refuse()}).
 *
 * {@snippet :
 * MemoryReactor reactor = new MemoryReactor();
 * MemoryDatagramTransport port = (MemoryDatagramTransport) reactor.listenUDP(53, new Resolver());
 * port.deliver(query, new IPv4Address(SocketType.UDP, "10.0.0.7", 40000));
 * assertThat(port.written().getFirst().to().port()).isEqualTo(40000);
 * }
 *
 * <p>Unlike the real port, {@link #connect} never resolves: the host is recorded as given and the
 * Deferred has fired when it returns; joins and the outgoing interface take effect at once too.
 * {@link #write} always succeeds (returns true) unless {@link #setDropWrites(boolean)} says the
 * send buffer is full.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread.
 */
public final class MemoryDatagramTransport implements MulticastTransport {

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
    private final Set<String> groups = new LinkedHashSet<>();
    private boolean listening = true;
    private boolean dropWrites;
    private long dropped;
    private @Nullable Address peer;
    private boolean loopback = true;
    private int ttl = 1;
    private String outgoingInterface = "";

    MemoryDatagramTransport(Address host, DatagramProtocol protocol, int maxPacketSize, boolean multicast) {
        this.host = host;
        this.protocol = protocol;
        this.maxPacketSize = maxPacketSize;
        this.multicast = multicast;
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
     * The groups joined and not left, as {@code "group"} or {@code "group%interface"}.
     *
     * @return a snapshot, in join order
     */
    public Set<String> groups() {
        return Set.copyOf(groups);
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

    // ---- MulticastTransport ---------------------------------------------------------------

    private static String membership(String group, String interfaceAddress) {
        return interfaceAddress.isEmpty() ? group : group + "%" + interfaceAddress;
    }

    /**
     * Records the membership.
     *
     * @return an already-fired Deferred; failed with {@link MulticastJoinException} if already joined
     */
    @Override
    public Deferred<Void> joinGroup(String group, String interfaceAddress) {
        if (!groups.add(membership(group, interfaceAddress))) {
            return Deferred.fail(new MulticastJoinException("already joined " + group, null));
        }
        return Deferred.succeed(null);
    }

    /**
     * Forgets the membership.
     *
     * @return an already-fired Deferred; failed with {@link MulticastJoinException} if not a member
     */
    @Override
    public Deferred<Void> leaveGroup(String group, String interfaceAddress) {
        if (!groups.remove(membership(group, interfaceAddress))) {
            return Deferred.fail(new MulticastJoinException("not a member of " + group, null));
        }
        return Deferred.succeed(null);
    }

    @Override
    public void setLoopbackMode(boolean enabled) {
        loopback = enabled;
    }

    @Override
    public boolean getLoopbackMode() {
        return loopback;
    }

    @Override
    public void setTTL(int ttl) {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL must be 0 to 255: " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public int getTTL() {
        return ttl;
    }

    /**
     * Records the interface.
     *
     * @return an already-fired Deferred
     */
    @Override
    public Deferred<Void> setOutgoingInterface(String interfaceAddress) {
        outgoingInterface = Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        return Deferred.succeed(null);
    }

    @Override
    public String getOutgoingInterface() {
        return outgoingInterface;
    }

    @Override
    public String toString() {
        return "MemoryDatagramTransport[" + host + (multicast ? ", multicast" : "") + "]";
    }
}
