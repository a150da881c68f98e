package net.reactor.testing;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.MulticastJoinException;
import net.reactor.MulticastTransport;

/**
 * The multicast port that {@link MemoryReactor#listenMulticast} returns: a
 * {@link MemoryDatagramTransport} that also records group memberships ({@link #groups()}) and the
 * multicast settings. Joins, leaves and the outgoing interface take effect at once (their
 * Deferreds have fired when the call returns); nothing is resolved.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread.
 */
public final class MemoryMulticastTransport extends MemoryDatagramTransport implements MulticastTransport {
    private final Set<String> groups = new LinkedHashSet<>();
    private boolean loopback = true;
    private int ttl = 1;
    private String outgoingInterface = "";

    MemoryMulticastTransport(Address host, DatagramProtocol protocol, int maxPacketSize) {
        super(host, protocol, maxPacketSize, true);
    }

    /**
     * The groups joined and not left, as {@code "group"} or {@code "group%interface"}.
     *
     * @return a snapshot, in join order
     */
    public Set<String> groups() {
        return Set.copyOf(groups);
    }

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

}
