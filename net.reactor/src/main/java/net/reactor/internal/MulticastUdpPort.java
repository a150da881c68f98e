package net.reactor.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.DatagramProtocol;
import net.reactor.MulticastJoinException;
import net.reactor.MulticastTransport;
import org.jspecify.annotations.Nullable;

/**
 * A UDP port that joins multicast groups through {@link DatagramChannel#join}. The look-ups a
 * group operation needs (a group name, the interface that owns an address, the interface list)
 * run on a virtual thread; the join itself, a system call that does not wait, runs on the loop.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class MulticastUdpPort extends UdpPort implements MulticastTransport {
    /** Memberships by group and interface, to leave them and to refuse a second join. */
    private final Map<Membership, MembershipKey> memberships = new HashMap<>();
    private @Nullable NetworkInterface outgoing;
    private String outgoingAddress = "";

    private record Membership(InetAddress group, NetworkInterface networkInterface) {}

    MulticastUdpPort(ConnectionLoop loop, DatagramChannel channel, DatagramProtocol protocol, int maxPacketSize,
            boolean v6) throws IOException {
        super(loop, channel, protocol, maxPacketSize, v6);
    }

    @Override
    public Deferred<Void> joinGroup(String group, String interfaceAddress) {
        loop.checkThread("MulticastTransport.joinGroup");
        return lookUp("join", group, interfaceAddress).addCallback(m -> {
            if (!isListening()) {
                throw new MulticastJoinException(this + " stopped listening before joining " + group, null);
            }
            if (memberships.containsKey(m)) {
                throw new MulticastJoinException(this + " has already joined " + group + " on "
                        + m.networkInterface().getName(), null);
            }
            try {
                memberships.put(m, channel.join(m.group(), m.networkInterface()));
            } catch (IOException | RuntimeException e) {
                throw new MulticastJoinException(this + ": cannot join " + group + " on "
                        + m.networkInterface().getName() + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    public Deferred<Void> leaveGroup(String group, String interfaceAddress) {
        loop.checkThread("MulticastTransport.leaveGroup");
        return lookUp("leave", group, interfaceAddress).addCallback(m -> {
            MembershipKey k = memberships.remove(m);
            if (k == null) {
                throw new MulticastJoinException(this + " is not a member of " + group + " on "
                        + m.networkInterface().getName(), null);
            }
            k.drop();
            return null;
        });
    }

    /** Resolves the group and finds the interface, off the loop. */
    private Deferred<Membership> lookUp(String what, String group, String interfaceAddress) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        NetworkInterface chosen = outgoing;
        return OffLoop.call(loop, "multicast-" + what + "-" + group, () -> {
            InetAddress g;
            try {
                g = InetAddress.getByName(group);
            } catch (java.net.UnknownHostException e) {
                throw new net.reactor.DNSLookupException("cannot resolve " + group + ": " + e.getMessage(), e);
            }
            if (!g.isMulticastAddress()) {
                throw new MulticastJoinException(group + " is not a multicast address", null);
            }
            NetworkInterface ni = interfaceAddress.isEmpty() ? defaultInterface(chosen) : interfaceOf(interfaceAddress);
            return new Membership(g, ni);
        });
    }

    /** The interface that has {@code address}. Blocking: call off the loop. */
    private static NetworkInterface interfaceOf(String address) throws IOException {
        NetworkInterface ni = NetworkInterface.getByInetAddress(InetAddress.getByName(address));
        if (ni == null) {
            throw new MulticastJoinException("no network interface has the address " + address, null);
        }
        return ni;
    }

    /**
     * The interface to join on when none is named: the outgoing one if set, else the first that is
     * up, not loopback and multicast-capable, else loopback (a machine with no network). Blocking.
     */
    private static NetworkInterface defaultInterface(@Nullable NetworkInterface chosen) throws SocketException {
        if (chosen != null) {
            return chosen;
        }
        NetworkInterface loopback = null;
        List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
        for (NetworkInterface ni : all) {
            if (!ni.isUp()) {
                continue;
            }
            if (ni.isLoopback()) {
                loopback = ni;
            } else if (ni.supportsMulticast()) {
                return ni;
            }
        }
        if (loopback == null) {
            throw new MulticastJoinException("no network interface is up to join a group on", null);
        }
        return loopback;
    }

    @Override
    public void setLoopbackMode(boolean enabled) {
        loop.checkThread("MulticastTransport.setLoopbackMode");
        setOption(StandardSocketOptions.IP_MULTICAST_LOOP, enabled);
    }

    @Override
    public boolean getLoopbackMode() {
        loop.checkThread("MulticastTransport.getLoopbackMode");
        return getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    @Override
    public void setTTL(int ttl) {
        loop.checkThread("MulticastTransport.setTTL");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL must be 0 to 255: " + ttl);
        }
        setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }

    @Override
    public int getTTL() {
        loop.checkThread("MulticastTransport.getTTL");
        return getOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    @Override
    public Deferred<Void> setOutgoingInterface(String interfaceAddress) {
        loop.checkThread("MulticastTransport.setOutgoingInterface");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        return OffLoop.call(loop, "multicast-if-" + interfaceAddress, () -> interfaceOf(interfaceAddress))
                .addCallback(ni -> {
                    try {
                        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
                    } catch (IOException | RuntimeException e) {
                        throw new MulticastJoinException(this + ": cannot send from interface " + ni.getName() + ": "
                                + e.getMessage(), e);
                    }
                    outgoing = ni;
                    outgoingAddress = interfaceAddress;
                    return null;
                });
    }

    @Override
    public String getOutgoingInterface() {
        loop.checkThread("MulticastTransport.getOutgoingInterface");
        return outgoingAddress;
    }

    private <T> void setOption(java.net.SocketOption<T> option, T value) {
        try {
            channel.setOption(option, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(this + ": cannot set " + option.name() + ": " + e.getMessage(), e);
        }
    }

    private <T> T getOption(java.net.SocketOption<T> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(this + ": cannot read " + option.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "multicast " + super.toString();
    }
}
