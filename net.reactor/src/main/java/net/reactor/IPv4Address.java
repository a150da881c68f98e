package net.reactor;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An IPv4 address and port.
 *
 * @param type whether this is a TCP or UDP address
 * @param host the numeric IPv4 address, for example {@code 127.0.0.1}
 * @param port the port, 0 to 65535
 */
public record IPv4Address(SocketType type, String host, int port) implements Address {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the port is out of range
     */
    public IPv4Address {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * This address as a JDK socket address.
     *
     * @return an {@link InetSocketAddress} for {@code host:port}
     */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
