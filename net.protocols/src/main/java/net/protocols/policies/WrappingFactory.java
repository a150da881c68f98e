package net.protocols.policies;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import net.reactor.Factory;
import net.reactor.LayeringFactory;
import net.reactor.Protocol;

/**
 * A factory that wraps another one: each protocol the wrapped factory builds is wrapped in a
 * {@link ProtocolWrapper} (Twisted's {@code WrappingFactory}). It serves listening ports and
 * connectors alike, and keeps the set of its live wrappers in {@link #protocols()}.
 *
 * <p>Starting, stopping and the client events pass through to the wrapped factory, and a
 * connection it refuses is refused, as {@link LayeringFactory} does (Twisted would wrap
 * {@code None}).
 *
 * <p>Subclasses choose the wrapper by overriding {@link #wrap(Protocol)}.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class WrappingFactory extends LayeringFactory {
    private final Set<ProtocolWrapper> protocols = new LinkedHashSet<>();

    /**
     * Creates a factory wrapping {@code wrappedFactory}.
     *
     * @param wrappedFactory builds the protocols to wrap
     */
    public WrappingFactory(Factory wrappedFactory) {
        super(wrappedFactory);
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
     * Wraps one protocol. The default makes a plain {@link ProtocolWrapper}.
     *
     * @param protocol a protocol the wrapped factory built
     * @return its wrapper
     */
    @Override
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
}
