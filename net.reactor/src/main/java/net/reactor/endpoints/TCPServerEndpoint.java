package net.reactor.endpoints;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.ReactorTCP;

/**
 * A TCP server endpoint, IPv4 or IPv6 (Twisted's {@code TCP4ServerEndpoint} and
 * {@code TCP6ServerEndpoint} in one class): the address family follows the interface, since the
 * reactor's {@code listenTCP} already listens on IPv6 for an IPv6 literal.
 *
 * {@snippet :
 * new TCPServerEndpoint(reactor, 8080, 50, "127.0.0.1");   // IPv4 loopback only
 * new TCPServerEndpoint(reactor, 8080, 50, "::");          // IPv6, any interface
 * new TCPServerEndpoint(reactor, 0);                       // any free port, every interface
 * }
 *
 * <p><b>Threading:</b> {@link #listen} on the reactor thread (or, before the reactor runs, on
 * the thread that created it).
 *
 * @param reactor the reactor to listen with
 * @param port the port, 0 for any free one
 * @param backlog the accept queue length
 * @param interfaceAddress the local address to bind, "" for every interface, an IPv6 literal for
 *     IPv6
 */
public record TCPServerEndpoint(ReactorTCP reactor, int port, int backlog, String interfaceAddress)
        implements ServerEndpoint {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the port is outside 0..65535 or the backlog negative
     */
    public TCPServerEndpoint {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative: " + backlog);
        }
    }

    /**
     * An endpoint on every interface with Twisted's default backlog of 50.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for any free one
     */
    public TCPServerEndpoint(ReactorTCP reactor, int port) {
        this(reactor, port, ReactorTCP.DEFAULT_BACKLOG, "");
    }

    /**
     * Listens with {@link ReactorTCP#listenTCP(int, Factory, int, String)}.
     *
     * @param factory builds a protocol per accepted connection
     * @return fires with the port, or fails with what {@code listenTCP} threw (typically
     *     {@link net.reactor.CannotListenException})
     */
    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        try {
            return Deferred.succeed(reactor.listenTCP(port, factory, backlog, interfaceAddress));
        } catch (RuntimeException failure) {
            return Deferred.fail(failure);
        }
    }

    @Override
    public String toString() {
        return "TCPServerEndpoint[" + (interfaceAddress.isEmpty() ? "*" : interfaceAddress) + ":" + port
                + ", backlog=" + backlog + "]";
    }
}
