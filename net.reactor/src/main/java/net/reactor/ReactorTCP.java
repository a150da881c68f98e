package net.reactor;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * TCP servers and clients.
 *
 * <p><b>Threading:</b> reactor thread (or, before the reactor runs, its creating thread).
 */
public interface ReactorTCP {

    /** Twisted's default listen backlog. */
    int DEFAULT_BACKLOG = 50;

    /** Twisted's default connect timeout. */
    Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Listens on {@code port} on every interface with the default backlog.
     *
     * @param port the port, 0 for any free one ({@link ListeningPort#getHost()} tells which)
     * @param factory builds a protocol for each accepted connection
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     */
    ListeningPort listenTCP(int port, Factory factory);

    /**
     * Listens on {@code port} on one interface with the default backlog: Twisted's
     * {@code listenTCP(port, factory, interface=...)}. To accept connections from this machine
     * only, listen on loopback:
     *
     * {@snippet :
     * ListeningPort admin = reactor.listenTCP(8081, Factory.forProtocol(AdminShell::new), "127.0.0.1");
     * }
     *
     * <p>The interface is a numeric address of this machine (a host name is refused):
     * <ul>
     *   <li>{@code "127.0.0.1"} or {@code "::1"}: loopback, reachable from this machine only;
     *   <li>{@code ""}: every IPv4 interface, as Twisted's default and {@link #listenTCP(int, Factory)};
     *   <li>{@code "0.0.0.0"}: every IPv4 interface, said explicitly;
     *   <li>{@code "::"}: every IPv6 interface; on most systems (Linux by default) IPv4 clients can
     *       connect to it too;
     *   <li>any other address of one of this machine's interfaces: that interface only.
     * </ul>
     *
     * <p><b>Threading:</b> the reactor thread, or, before the reactor runs, the thread that
     * created it; any other thread gets {@link WrongThreadException} and should go through
     * {@code callFromThread} (or {@code blockingCallFromThread}, to get the port back).
     *
     * @param port the port, 0 for any free one ({@link ListeningPort#getHost()} tells which)
     * @param factory builds a protocol for each accepted connection
     * @param interfaceAddress the local address to bind, as above
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound, or the interface is not a numeric
     *     address
     */
    default ListeningPort listenTCP(int port, Factory factory, String interfaceAddress) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, interfaceAddress);
    }

    /**
     * Listens on {@code port} on one interface.
     *
     * @param port the port, 0 for any free one
     * @param factory builds a protocol for each accepted connection
     * @param backlog the accept queue length
     * @param interfaceAddress the local address to bind, "" for every interface; an IPv6 literal
     *     listens on IPv6 (see {@link #listenTCP(int, Factory, String)})
     * @return the listening port
     * @throws CannotListenException if the port cannot be bound
     */
    ListeningPort listenTCP(int port, Factory factory, int backlog, String interfaceAddress);

    /**
     * Connects to {@code host:port} with the default timeout. The host name is resolved off the
     * reactor thread. The outcome reaches {@code factory}: a protocol's {@code connectionMade},
     * or {@link ClientFactory#clientConnectionFailed}.
     *
     * @param host a host name or IPv4/IPv6 literal
     * @param port the port
     * @param factory builds the protocol and hears the outcome
     * @return the connector, to stop the attempt or disconnect
     */
    Connector connectTCP(String host, int port, ClientFactory factory);

    /**
     * Connects to {@code host:port}.
     *
     * @param host a host name or IPv4/IPv6 literal
     * @param port the port
     * @param factory builds the protocol and hears the outcome
     * @param timeout how long the attempt may take before {@link ConnectTimeoutException}
     * @param bindAddress the local address to bind first, or null for any
     * @return the connector, to stop the attempt or disconnect
     */
    Connector connectTCP(
            String host, int port, ClientFactory factory, Duration timeout, @Nullable InetSocketAddress bindAddress);
}
