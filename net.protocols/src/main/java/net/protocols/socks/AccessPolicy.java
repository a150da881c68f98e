package net.protocols.socks;

import java.net.InetAddress;

/**
 * Decides which SOCKS requests a server carries out. It sees the destination after resolution,
 * so a host-name request is judged by the address it would really connect to.
 *
 * <p><b>Threading:</b> called on the reactor thread; it must not block.
 */
@FunctionalInterface
public interface AccessPolicy {

    /**
     * Whether to carry out a request.
     *
     * @param command CONNECT, or BIND (then the destination is the peer expected to connect)
     * @param destination the destination address, after resolution
     * @param port the destination port
     * @param userId the user id the client sent
     * @return true to allow it
     */
    boolean permits(SOCKSCommand command, InetAddress destination, int port, String userId);

    /**
     * The closed policy: refuses everything.
     *
     * @return a policy that permits nothing
     */
    static AccessPolicy denyAll() {
        return (command, destination, port, userId) -> false;
    }
}
