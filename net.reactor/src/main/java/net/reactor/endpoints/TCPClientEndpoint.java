package net.reactor.endpoints;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.ReactorTCP;
import org.jspecify.annotations.Nullable;

/**
 * A TCP client endpoint, IPv4 or IPv6 (Twisted's {@code TCP4ClientEndpoint} and
 * {@code TCP6ClientEndpoint} in one class): the host may be a name or a literal of either family,
 * and the reactor resolves names off its thread.
 *
 * {@snippet :
 * ClientEndpoint endpoint = new TCPClientEndpoint(reactor, "example.org", 80);
 * endpoint.connect(Factory.forProtocol(HttpClientProtocol::new));
 * }
 *
 * <p><b>Threading:</b> {@link #connect} on the reactor thread (or, before the reactor runs, on
 * the thread that created it); the Deferred fires there.
 *
 * @param reactor the reactor to connect with
 * @param host a host name, or an IPv4 or IPv6 literal
 * @param port the port, 1 to 65535
 * @param timeout how long an attempt may take before it fails with
 *     {@link net.reactor.ConnectTimeoutException}
 * @param bindAddress the local address to bind first, or null for any
 */
public record TCPClientEndpoint(
        ReactorTCP reactor, String host, int port, Duration timeout, @Nullable InetSocketAddress bindAddress)
        implements ClientEndpoint {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the host is empty, the port outside 1..65535 or the
     *     timeout negative
     */
    public TCPClientEndpoint {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /**
     * An endpoint with Twisted's default timeout of 30 s and no bind address.
     *
     * @param reactor the reactor to connect with
     * @param host a host name, or an IPv4 or IPv6 literal
     * @param port the port, 1 to 65535
     */
    public TCPClientEndpoint(ReactorTCP reactor, String host, int port) {
        this(reactor, host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Connects with {@link ReactorTCP#connectTCP}.
     *
     * @param factory builds the connection's protocol
     * @return fires with the protocol once connected; fails with the reason the attempt failed;
     *     cancelling it stops the attempt
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        return ClientEndpoint.connecting(factory, attempt -> reactor.connectTCP(host, port, attempt, timeout, bindAddress));
    }

    @Override
    public String toString() {
        return "TCPClientEndpoint[" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
                + ", timeout=" + timeout + (bindAddress == null ? "" : ", bind=" + bindAddress) + "]";
    }
}
