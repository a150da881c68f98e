package net.protocols.socks;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed SOCKSv4 or SOCKSv4a request.
 *
 * @param command CONNECT or BIND
 * @param port the destination port, 0 to 65535
 * @param address the destination IPv4 address as four bytes; for SOCKSv4a, the placeholder
 *     {@code 0.0.0.x} the client sent
 * @param userId the client's user id (may be empty), decoded as ISO-8859-1
 * @param hostName the SOCKSv4a destination host name, or null for plain SOCKSv4
 */
public record SOCKSv4Request(SOCKSCommand command, int port, byte[] address, String userId, @Nullable String hostName) {

    /**
     * Checks the fields and copies the address.
     *
     * @param command CONNECT or BIND
     * @param port the destination port
     * @param address four bytes
     * @param userId the user id
     * @param hostName the host name, or null
     */
    public SOCKSv4Request {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(userId, "userId");
        if (address.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has four bytes, not " + address.length);
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        address = address.clone();
    }

    /**
     * The destination address's bytes.
     *
     * @return a copy of the four bytes
     */
    @Override
    public byte[] address() {
        return address.clone();
    }

    /**
     * The destination as text: the host name for SOCKSv4a, else the dotted address.
     *
     * @return the destination host
     */
    public String destination() {
        return hostName != null ? hostName : dotted(address);
    }

    static String dotted(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /** Value semantics for the address bytes. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SOCKSv4Request that
                && command == that.command
                && port == that.port
                && java.util.Arrays.equals(address, that.address)
                && userId.equals(that.userId)
                && Objects.equals(hostName, that.hostName);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(command, port, java.util.Arrays.hashCode(address), userId, hostName);
    }

    /** The request as {@code CONNECT host:port user=...}. */
    @Override
    public String toString() {
        return command + " " + destination() + ":" + port + " user=" + userId;
    }
}
