package net.reactor;

import net.deferred.Deferred;

/**
 * A UDP port that can join IP multicast groups (Twisted's {@code IMulticastTransport}). Groups
 * and interfaces are given as IP literals or host names; a name is resolved on a virtual thread,
 * so these calls return Deferreds.
 *
 * <p>An {@code interfaceAddress} names a network interface by one of its addresses, for example
 * {@code "127.0.0.1"} for the loopback interface; {@code ""} lets the system choose (for joining,
 * the interface set by {@link #setOutgoingInterface}, or else the first interface that is up and
 * supports multicast, or else loopback).
 *
 * <p><b>Threading:</b> reactor thread only (before the reactor runs, its creating thread).
 */
public interface MulticastTransport extends UDPTransport {

    /**
     * Joins a multicast group on the interface the system chooses.
     *
     * @param group the group's address, for example {@code "239.255.1.1"}
     * @return fires on the reactor thread once joined; fails with {@link MulticastJoinException}
     *     if the system refuses (not a multicast address, already joined, no such interface) or
     *     {@link DNSLookupException} if a name does not resolve
     */
    default Deferred<Void> joinGroup(String group) {
        return joinGroup(group, "");
    }

    /**
     * Joins a multicast group on one interface.
     *
     * @param group the group's address
     * @param interfaceAddress an address of the interface to join on, {@code ""} for the default
     * @return fires on the reactor thread once joined; fails with {@link MulticastJoinException}
     *     or {@link DNSLookupException}
     */
    Deferred<Void> joinGroup(String group, String interfaceAddress);

    /**
     * Leaves a multicast group joined on the interface the system chose.
     *
     * @param group the group's address
     * @return fires on the reactor thread once left; fails with {@link MulticastJoinException}
     *     if the port is not a member there
     */
    default Deferred<Void> leaveGroup(String group) {
        return leaveGroup(group, "");
    }

    /**
     * Leaves a multicast group joined on one interface.
     *
     * @param group the group's address
     * @param interfaceAddress the interface given to {@link #joinGroup(String, String)}
     * @return fires on the reactor thread once left; fails with {@link MulticastJoinException}
     *     if the port is not a member there
     */
    Deferred<Void> leaveGroup(String group, String interfaceAddress);

    /**
     * Whether datagrams this port sends to a group are also delivered to members on this machine
     * ({@code IP_MULTICAST_LOOP}); on by default.
     *
     * @param enabled true to loop them back
     */
    void setLoopbackMode(boolean enabled);

    /**
     * Whether datagrams sent to a group are looped back to members on this machine.
     *
     * @return the current setting
     */
    boolean getLoopbackMode();

    /**
     * The time-to-live of datagrams sent to a group ({@code IP_MULTICAST_TTL}): 1, the default,
     * keeps them on the local network.
     *
     * @param ttl 0 to 255
     * @throws IllegalArgumentException if out of range
     */
    void setTTL(int ttl);

    /**
     * The time-to-live of datagrams sent to a group.
     *
     * @return the current setting
     */
    int getTTL();

    /**
     * Chooses the interface datagrams to a group leave from ({@code IP_MULTICAST_IF}).
     *
     * @param interfaceAddress an address of the interface, for example {@code "127.0.0.1"}
     * @return fires on the reactor thread once set; fails with {@link MulticastJoinException} if no
     *     interface has that address, or {@link DNSLookupException}
     */
    Deferred<Void> setOutgoingInterface(String interfaceAddress);

    /**
     * The interface datagrams to a group leave from.
     *
     * @return an address of that interface, or {@code ""} if the system chooses
     */
    String getOutgoingInterface();
}
