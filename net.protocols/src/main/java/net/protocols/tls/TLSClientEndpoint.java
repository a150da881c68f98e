package net.protocols.tls;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.ClientEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * A TLS client endpoint (Twisted's {@code SSL4ClientEndpoint}): {@link TLS#connectSSL} as a
 * {@link ClientEndpoint}. The string form is {@code ssl:host=example.com:port=443} (see
 * {@link net.reactor.endpoints.Endpoints#clientFromString}).
 *
 * <p><b>Threading:</b> {@link #connect} on the reactor thread (or, before the reactor runs, on
 * the thread that created it); the Deferred fires there.
 *
 * @param reactor the reactor to connect with
 * @param host a host name (verified against the certificate unless the options name another) or
 *     an IP literal
 * @param port the port, 1 to 65535
 * @param options trust, host name verification and the other client settings
 * @param timeout how long the TCP connection attempt may take
 * @param bindAddress the local address to bind first, or null for any
 */
public record TLSClientEndpoint(
        Reactor reactor,
        String host,
        int port,
        TLSClientOptions options,
        Duration timeout,
        @Nullable InetSocketAddress bindAddress)
        implements ClientEndpoint {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the host is empty, the port outside 1..65535 or the
     *     timeout negative
     */
    public TLSClientEndpoint {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
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
     * An endpoint with the default connect timeout and no bind address.
     *
     * @param reactor the reactor to connect with
     * @param host a host name or IP literal
     * @param port the port
     * @param options the client settings
     */
    public TLSClientEndpoint(Reactor reactor, String host, int port, TLSClientOptions options) {
        this(reactor, host, port, options, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Connects with {@link TLS#connectSSL}.
     *
     * @param factory builds the connection's protocol
     * @return fires with the protocol once the handshake has completed and its
     *     {@code connectionMade} has run; fails with a {@link TLSException} if the handshake
     *     failed, or with the reason the TCP attempt failed
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        return ClientEndpoint.connecting(factory,
                attempt -> TLS.connectSSL(reactor, host, port, attempt, options, timeout, bindAddress));
    }

    @Override
    public String toString() {
        return "TLSClientEndpoint[" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "]";
    }
}
