package net.reactor;

import java.net.InetSocketAddress;
import java.time.Duration;
import net.reactor.tls.TLSClientFactory;
import net.reactor.tls.TLSClientOptions;
import net.reactor.tls.TLSServerFactory;
import net.reactor.tls.TLSServerOptions;
import org.jspecify.annotations.Nullable;

/**
 * TLS servers and clients over TCP: {@link #listenSSL} and {@link #connectSSL}, as in Twisted.
 * Each is {@code listenTCP}/{@code connectTCP} with a TLS layer between the socket and the
 * protocol ({@link TLSServerFactory}, {@link TLSClientFactory}); the protocol itself is written
 * exactly as for TCP.
 *
 * {@snippet :
 * reactor.listenSSL(8443, Factory.forProtocol(Echo::new),
 *         TLSServerOptions.fromPem(Path.of("domain.key"), Path.of("domain.crt")));
 * reactor.connectSSL("example.com", 443, clientFactory, TLSClientOptions.defaults());
 * }
 *
 * <p>The protocol is connected once the handshake has completed, so its {@code connectionMade}
 * can read the peer's certificate and the ALPN protocol from its
 * {@link net.reactor.tls.TLSTransport}. A client's failed handshake reaches
 * {@link ClientFactory#clientConnectionFailed} with a {@link net.reactor.tls.TLSException}.
 *
 * <p><b>Threading:</b> reactor thread (or, before the reactor runs, its creating thread).
 */
public interface ReactorSSL extends ReactorTCP, ReactorTime, ReactorThreads {

    /**
     * Listens for TLS connections on {@code port} on every interface with the default backlog.
     *
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param options the server's key, certificates and settings
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     * @throws net.reactor.tls.TLSConfigurationException if the options cannot be used
     */
    default ListeningPort listenSSL(int port, Factory factory, TLSServerOptions options) {
        return listenSSL(port, factory, options, DEFAULT_BACKLOG, "");
    }

    /**
     * Listens for TLS connections on {@code port} on one interface with the default backlog:
     * Twisted's {@code listenSSL(port, factory, contextFactory, interface=...)}. For example, a
     * TLS port reachable from this machine only:
     *
     * {@snippet :
     * reactor.listenSSL(8443, Factory.forProtocol(Echo::new), options, "127.0.0.1");
     * }
     *
     * <p>{@code ""} and {@code "0.0.0.0"} mean every IPv4 interface, {@code "::"} every IPv6 one
     * (and, on most systems, IPv4 too), {@code "127.0.0.1"} or {@code "::1"} loopback only; see
     * {@link #listenTCP(int, Factory, String)}. Threading as {@code listenTCP}: the reactor thread,
     * or its creating thread before it runs; others get {@link WrongThreadException}.
     *
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param options the server's key, certificates and settings
     * @param interfaceAddress the local address to bind (a numeric address, or "" for every
     *     IPv4 interface)
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     * @throws net.reactor.tls.TLSConfigurationException if the options cannot be used
     */
    default ListeningPort listenSSL(int port, Factory factory, TLSServerOptions options, String interfaceAddress) {
        return listenSSL(port, factory, options, DEFAULT_BACKLOG, interfaceAddress);
    }

    /**
     * Listens for TLS connections on {@code port} on one interface.
     *
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param options the server's key, certificates and settings
     * @param backlog the accept queue length
     * @param interfaceAddress the local address to bind, "" for every interface
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     * @throws net.reactor.tls.TLSConfigurationException if the options cannot be used
     */
    default ListeningPort listenSSL(
            int port, Factory factory, TLSServerOptions options, int backlog, String interfaceAddress) {
        return listenTCP(port, new TLSServerFactory(factory, options, this, this::callFromThread), backlog,
                interfaceAddress);
    }

    /**
     * Connects to {@code host:port} over TLS with the default connect timeout.
     *
     * @param host a host name (verified against the server's certificate and sent with SNI,
     *     unless the options name another) or an IP literal
     * @param port the port
     * @param factory builds the protocol and hears the outcome
     * @param options trust, host name verification and the other client settings
     * @return the connector
     * @throws net.reactor.tls.TLSConfigurationException if the options cannot be used
     */
    default Connector connectSSL(String host, int port, ClientFactory factory, TLSClientOptions options) {
        return connectSSL(host, port, factory, options, DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Connects to {@code host:port} over TLS.
     *
     * @param host a host name (verified against the server's certificate and sent with SNI,
     *     unless the options name another) or an IP literal
     * @param port the port
     * @param factory builds the protocol and hears the outcome
     * @param options trust, host name verification and the other client settings
     * @param timeout how long the TCP connection attempt may take (the handshake has its own
     *     {@link TLSClientOptions#handshakeTimeout()})
     * @param bindAddress the local address to bind first, or null for any
     * @return the connector
     * @throws net.reactor.tls.TLSConfigurationException if the options cannot be used
     */
    default Connector connectSSL(
            String host,
            int port,
            ClientFactory factory,
            TLSClientOptions options,
            Duration timeout,
            @Nullable InetSocketAddress bindAddress) {
        return connectTCP(host, port, new TLSClientFactory(factory, options, host, port, this, this::callFromThread),
                timeout, bindAddress);
    }
}
