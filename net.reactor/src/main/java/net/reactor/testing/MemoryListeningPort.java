package net.reactor.testing;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ListeningPort} that {@link MemoryReactor#listenTCP} returns. Nothing listens; the
 * test plays incoming clients with {@link #accept(Address)}.
 *
 * <p>Like a real port it starts its factory ({@code doStart}) when created and stops it
 * ({@code doStop}) when {@link #stopListening()} is first called.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread.
 */
public final class MemoryListeningPort implements ListeningPort {
    private final MemoryReactor reactor;
    private final Address host;
    private final Factory factory;
    private boolean listening = true;

    MemoryListeningPort(MemoryReactor reactor, Address host, Factory factory) {
        this.reactor = reactor;
        this.host = host;
        this.factory = factory;
        factory.doStart();
    }

    /**
     * The address this port pretends to listen on.
     *
     * @return {@code 0.0.0.0:port} for the default interface, the interface's address otherwise
     *     (an {@link net.reactor.IPv6Address} for an IPv6 interface)
     */
    @Override
    public Address getHost() {
        return host;
    }

    /**
     * Stops "listening": the factory's {@code doStop} runs the first time.
     *
     * @return an already-fired Deferred
     */
    @Override
    public Deferred<Void> stopListening() {
        if (listening) {
            listening = false;
            factory.doStop();
        }
        return Deferred.succeed(null);
    }

    /**
     * Whether {@link #stopListening()} has not been called yet.
     *
     * @return true while listening
     */
    public boolean isListening() {
        return listening;
    }

    /**
     * The factory given to {@code listenTCP}.
     *
     * @return the server factory
     */
    public Factory factory() {
        return factory;
    }

    /**
     * Plays an incoming connection from {@code peer}, as the reactor does when it accepts one:
     * the factory builds a protocol, which is connected to a new {@link StringTransport} (host
     * this port's address, peer {@code peer}).
     *
     * @param peer the client's address
     * @return the connection's transport ({@link StringTransport#protocol()} is the protocol), or
     *     null if the factory refused the connection by building no protocol
     * @throws IllegalStateException if the port has stopped listening
     */
    public @Nullable StringTransport accept(Address peer) {
        Objects.requireNonNull(peer, "peer");
        if (!listening) {
            throw new IllegalStateException("port " + host + " is not listening any more");
        }
        Protocol protocol = factory.buildProtocol(peer);
        if (protocol == null) {
            return null;
        }
        StringTransport transport = reactor.newTransport(host, peer);
        transport.connect(protocol);
        return transport;
    }

    /**
     * Plays an incoming connection from {@link StringTransport#DEFAULT_PEER}.
     *
     * @return the connection's transport, or null if the factory refused the connection
     * @throws IllegalStateException if the port has stopped listening
     */
    public @Nullable StringTransport accept() {
        return accept(StringTransport.DEFAULT_PEER);
    }

    @Override
    public String toString() {
        return "MemoryListeningPort[" + host + (listening ? "" : ", stopped") + "]";
    }
}
