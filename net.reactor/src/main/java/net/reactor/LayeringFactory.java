package net.reactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A factory that puts a {@link ProtocolLayer} under each protocol another factory builds
 * (Twisted's {@code WrappingFactory}, without its registry of connections): the policies'
 * wrapping factories and TLS's server and client factories extend it. It serves listening ports
 * and connectors alike.
 *
 * <p>Starting and stopping pass through ({@link Factory#doStart()} and {@link Factory#doStop()}
 * of the wrapped factory), and so do the client events ({@link #startedConnecting},
 * {@link #clientConnectionFailed}, {@link #clientConnectionLost}) when the wrapped factory is a
 * {@link ClientFactory}. If the wrapped factory refuses a connection (its {@code buildProtocol}
 * returns null), so does this one.
 *
 * <p><b>Threading:</b> reactor thread only, like every factory.
 */
public abstract class LayeringFactory extends ClientFactory {
    private final Factory wrappedFactory;

    /**
     * Creates a factory wrapping {@code wrappedFactory}.
     *
     * @param wrappedFactory builds the protocols to put layers under
     */
    protected LayeringFactory(Factory wrappedFactory) {
        this.wrappedFactory = Objects.requireNonNull(wrappedFactory, "wrappedFactory");
    }

    /**
     * The wrapped factory.
     *
     * @return the factory whose protocols get layers
     */
    public Factory wrappedFactory() {
        return wrappedFactory;
    }

    /**
     * Asks the wrapped factory for a protocol and puts a layer under it.
     *
     * @param address the peer's address (server) or the destination (client)
     * @return the layer, or null if the wrapped factory refused the connection
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Protocol protocol = wrappedFactory.buildProtocol(address);
        return protocol == null ? null : wrap(protocol);
    }

    /**
     * Makes the layer for one protocol.
     *
     * @param protocol a protocol the wrapped factory built
     * @return its layer, which the transport connects
     */
    protected abstract ProtocolLayer wrap(Protocol protocol);

    /** Starts the wrapped factory. Overrides should call {@code super}. */
    @Override
    protected void startFactory() {
        wrappedFactory.doStart();
    }

    /** Stops the wrapped factory. Overrides should call {@code super}. */
    @Override
    protected void stopFactory() {
        wrappedFactory.doStop();
    }

    @Override
    public void startedConnecting(Connector connector) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.startedConnecting(connector);
        }
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.clientConnectionFailed(connector, reason);
        }
    }

    @Override
    public void clientConnectionLost(Connector connector, Throwable reason) {
        if (wrappedFactory instanceof ClientFactory client) {
            client.clientConnectionLost(connector, reason);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + wrappedFactory + ")";
    }
}
