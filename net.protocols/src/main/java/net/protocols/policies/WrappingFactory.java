package net.protocols.policies;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * A factory that wraps another one: each protocol the wrapped factory builds is wrapped in a
 * {@link ProtocolWrapper} (Twisted's {@code WrappingFactory}). It serves listening ports and
 * connectors alike, and keeps the set of its live wrappers in {@link #protocols()}.
 *
 * <p>Starting and stopping pass through: when this factory starts, the wrapped one is started
 * ({@link Factory#doStart()}), and stopped when this one stops. The client events
 * ({@link #startedConnecting}, {@link #clientConnectionFailed}, {@link #clientConnectionLost})
 * reach the wrapped factory if it is a {@link ClientFactory}.
 *
 * <p>If the wrapped factory refuses a connection (its {@code buildProtocol} returns null), so
 * does this one: nothing is wrapped (Twisted would wrap {@code None}).
 *
 * <p>Subclasses choose the wrapper by overriding {@link #wrap(Protocol)}.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class WrappingFactory extends ClientFactory {
    private final Factory wrappedFactory;
    private final Set<ProtocolWrapper> protocols = new LinkedHashSet<>();

    /**
     * Creates a factory wrapping {@code wrappedFactory}.
     *
     * @param wrappedFactory builds the protocols to wrap
     */
    public WrappingFactory(Factory wrappedFactory) {
        this.wrappedFactory = Objects.requireNonNull(wrappedFactory, "wrappedFactory");
    }

    /**
     * The wrapped factory.
     *
     * @return the factory whose protocols are wrapped
     */
    public Factory wrappedFactory() {
        return wrappedFactory;
    }

    /**
     * The wrappers whose connection is up, in the order they connected.
     *
     * @return an unmodifiable live view
     */
    public Set<ProtocolWrapper> protocols() {
        return Collections.unmodifiableSet(protocols);
    }

    /**
     * Asks the wrapped factory for a protocol and wraps it.
     *
     * @param address the peer's address (server) or the destination (client)
     * @return the wrapper, or null if the wrapped factory refused the connection
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Protocol inner = wrappedFactory.buildProtocol(address);
        return inner == null ? null : wrap(inner);
    }

    /**
     * Wraps one protocol. The default makes a plain {@link ProtocolWrapper}.
     *
     * @param protocol a protocol the wrapped factory built
     * @return its wrapper
     */
    protected ProtocolWrapper wrap(Protocol protocol) {
        return new ProtocolWrapper(this, protocol);
    }

    /**
     * Called by a wrapper when its connection is made. The default adds it to
     * {@link #protocols()}; overrides should call {@code super}.
     *
     * @param wrapper the wrapper that connected
     */
    protected void registerProtocol(ProtocolWrapper wrapper) {
        protocols.add(wrapper);
    }

    /**
     * Called by a wrapper when its connection is lost. The default removes it from
     * {@link #protocols()}; overrides should call {@code super}.
     *
     * @param wrapper the wrapper whose connection ended
     */
    protected void unregisterProtocol(ProtocolWrapper wrapper) {
        protocols.remove(wrapper);
    }

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
