package net.protocols.tls;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import net.protocols.internal.tls.TLSConnection;
import net.reactor.CannotListenException;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * TLS over a reactor's connections, in Twisted's words: {@link #listenSSL} and
 * {@link #connectSSL} for servers and clients that speak TLS from the first byte, and
 * {@link #startTLS} to start it in the middle of a connection (STARTTLS). Each puts the TLS layer
 * between the connection and the protocol; the protocol itself is written exactly as for TCP.
 *
 * {@snippet :
 * TLS.listenSSL(reactor, 8443, Factory.forProtocol(Echo::new),
 *         TLSServerOptions.fromPem(Path.of("domain.key"), Path.of("domain.crt")));
 * TLS.connectSSL(reactor, "example.com", 443, clientFactory, TLSClientOptions.defaults());
 * }
 *
 * <p>With {@code listenSSL} and {@code connectSSL} the protocol is connected once the handshake
 * has completed, so its {@code connectionMade} can read the peer's certificate and the ALPN
 * protocol from its {@link TLSTransport}. A client's failed handshake reaches
 * {@link ClientFactory#clientConnectionFailed} with a {@link TLSException}.
 *
 * <p><b>Threading:</b> the reactor thread (or, before the reactor runs, its creating thread), as
 * {@code listenTCP} and {@code connectTCP}; others get {@link WrongThreadException}.
 */
public final class TLS {

    private TLS() {}

    /**
     * Listens for TLS connections on {@code port} on every interface with the default backlog.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param options the server's key, certificates and settings
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static ListeningPort listenSSL(Reactor reactor, int port, Factory factory, TLSServerOptions options) {
        return listenSSL(reactor, port, factory, options, ReactorTCP.DEFAULT_BACKLOG, "");
    }

    /**
     * Listens for TLS connections on {@code port} on one interface with the default backlog:
     * Twisted's {@code listenSSL(port, factory, contextFactory, interface=...)}. For example, a
     * TLS port reachable from this machine only:
     *
     * {@snippet :
     * TLS.listenSSL(reactor, 8443, Factory.forProtocol(Echo::new), options, "127.0.0.1");
     * }
     *
     * <p>{@code ""} and {@code "0.0.0.0"} mean every IPv4 interface, {@code "::"} every IPv6 one
     * (and, on most systems, IPv4 too), {@code "127.0.0.1"} or {@code "::1"} loopback only; see
     * {@link ReactorTCP#listenTCP(int, Factory, String)}.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param options the server's key, certificates and settings
     * @param interfaceAddress the local address to bind (a numeric address, or "" for every
     *     IPv4 interface)
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static ListeningPort listenSSL(
            Reactor reactor, int port, Factory factory, TLSServerOptions options, String interfaceAddress) {
        return listenSSL(reactor, port, factory, options, ReactorTCP.DEFAULT_BACKLOG, interfaceAddress);
    }

    /**
     * Listens for TLS connections on {@code port} on one interface: {@code listenTCP} with a
     * {@link TLSServerFactory} around {@code factory}.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param options the server's key, certificates and settings
     * @param backlog the accept queue length
     * @param interfaceAddress the local address to bind, "" for every interface
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static ListeningPort listenSSL(
            Reactor reactor, int port, Factory factory, TLSServerOptions options, int backlog,
            String interfaceAddress) {
        Objects.requireNonNull(reactor, "reactor");
        return reactor.listenTCP(port, new TLSServerFactory(factory, options, reactor, reactor::callFromThread),
                backlog, interfaceAddress);
    }

    /**
     * Connects to {@code host:port} over TLS with the default connect timeout.
     *
     * @param reactor the reactor to connect with
     * @param host a host name (verified against the server's certificate and sent with SNI,
     *     unless the options name another) or an IP literal
     * @param port the port
     * @param factory builds the protocol and hears the outcome
     * @param options trust, host name verification and the other client settings
     * @return the connector
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static Connector connectSSL(
            Reactor reactor, String host, int port, ClientFactory factory, TLSClientOptions options) {
        return connectSSL(reactor, host, port, factory, options, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Connects to {@code host:port} over TLS: {@code connectTCP} with a {@link TLSClientFactory}
     * around {@code factory}.
     *
     * @param reactor the reactor to connect with
     * @param host a host name (verified against the server's certificate and sent with SNI,
     *     unless the options name another) or an IP literal
     * @param port the port
     * @param factory builds the protocol and hears the outcome
     * @param options trust, host name verification and the other client settings
     * @param timeout how long the TCP connection attempt may take (the handshake has its own
     *     {@link TLSClientOptions#handshakeTimeout()})
     * @param bindAddress the local address to bind first, or null for any
     * @return the connector
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static Connector connectSSL(
            Reactor reactor,
            String host,
            int port,
            ClientFactory factory,
            TLSClientOptions options,
            Duration timeout,
            @Nullable InetSocketAddress bindAddress) {
        Objects.requireNonNull(reactor, "reactor");
        return reactor.connectTCP(host, port,
                new TLSClientFactory(factory, options, host, port, reactor, reactor::callFromThread), timeout,
                bindAddress);
    }

    /**
     * Starts TLS on an established connection (STARTTLS), in the role {@code options} names:
     * {@link TLSServerOptions} or {@link TLSClientOptions}. The TLS layer goes in between the
     * connection and its protocol through the transport's layering hook
     * ({@link Transport#insertLayer}), so it works over any transport that has one: TCP,
     * {@code StringTransport} in tests, and through a policy's wrapper (TLS then goes in under
     * the wrapper).
     *
     * {@snippet :
     * // In a protocol, after the peer agreed to STARTTLS:
     * TLSTransport tls = TLS.startTLS(transport(), TLSServerOptions.of(key));
     * }
     *
     * <p>Bytes written before the call go out in clear text, in order; everything the protocol
     * writes afterwards is encrypted (and queued until the handshake completes), and everything
     * it receives has been decrypted. The protocol keeps its transport; the returned view tells
     * it about the handshake (a protocol implementing {@link TLSHandshakeListener} hears when it
     * completes). A failed handshake ends the connection with a {@link TLSException}.
     *
     * @param transport the protocol's transport
     * @param options the TLS role and settings; a client's host name defaults to the peer's
     *     address, so name the server with {@link TLSClientOptions#withServerName}
     * @return the TLS view of this connection
     * @throws IllegalStateException if TLS (or another layer) was already started, or the
     *     connection is closing
     * @throws UnsupportedOperationException if this transport cannot take a layer
     * @throws TLSConfigurationException if the options cannot be used
     */
    public static TLSTransport startTLS(Transport transport, TLSOptions options) {
        return TLSConnection.startTLS(transport, options);
    }
}
