package net.protocols.policies;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.Protocol;
import net.reactor.UNIXAddress;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a connection when its peer host already has {@code maxConnectionsPerPeer}
 * connections up (Twisted's {@code LimitConnectionsByPeer}, default 5).
 *
 * <p>Connections are counted by peer <em>host</em> (the port does not matter) for IPv4 and IPv6
 * addresses, and by the whole address for UNIX sockets. Twisted's version looks the host up one
 * way when counting and another way when uncounting, which only worked with its old tuple
 * addresses; here the key a connection was counted under is remembered and released with it.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class LimitConnectionsByPeer extends WrappingFactory {

    /** Twisted's default: five connections per peer host. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_PEER = 5;

    private final int maxConnectionsPerPeer;
    private final Map<Object, Integer> peerConnections = new HashMap<>();
    private final Map<ProtocolWrapper, Object> keys = new IdentityHashMap<>();

    /**
     * Creates a factory allowing five connections per peer host.
     *
     * @param wrappedFactory builds the protocols
     */
    public LimitConnectionsByPeer(Factory wrappedFactory) {
        this(wrappedFactory, DEFAULT_MAX_CONNECTIONS_PER_PEER);
    }

    /**
     * Creates a factory.
     *
     * @param wrappedFactory builds the protocols
     * @param maxConnectionsPerPeer how many connections one peer host may have up at once
     * @throws IllegalArgumentException if negative
     */
    public LimitConnectionsByPeer(Factory wrappedFactory, int maxConnectionsPerPeer) {
        super(wrappedFactory);
        if (maxConnectionsPerPeer < 0) {
            throw new IllegalArgumentException("maxConnectionsPerPeer must not be negative: " + maxConnectionsPerPeer);
        }
        this.maxConnectionsPerPeer = maxConnectionsPerPeer;
    }

    /**
     * How many connections from {@code address}'s host are up.
     *
     * @param address a peer address (its port is ignored)
     * @return the count, 0 if none
     */
    public int connectionCount(Address address) {
        return peerConnections.getOrDefault(peerKey(address), 0);
    }

    /**
     * Builds a protocol unless the peer host is at its limit.
     *
     * @param address the peer's address
     * @return the wrapper, or null to refuse
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Object key = peerKey(address);
        int count = peerConnections.getOrDefault(key, 0);
        if (count >= maxConnectionsPerPeer) {
            return null;
        }
        Protocol built = super.buildProtocol(address);
        if (built instanceof ProtocolWrapper wrapper) {
            peerConnections.put(key, count + 1);
            keys.put(wrapper, key);
        }
        return built;
    }

    @Override
    protected void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        Object key = keys.remove(wrapper);
        if (key != null) {
            peerConnections.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    private static Object peerKey(Address address) {
        return switch (address) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            case UNIXAddress a -> a;
        };
    }
}
