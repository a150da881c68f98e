package net.protocols.policies;

import java.util.Objects;
import java.util.function.Supplier;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Limits the total number of connections (Twisted's {@code LimitTotalConnectionsFactory}). Once
 * {@code connectionLimit} connections are up, a new one gets the overflow protocol if there is
 * one (for example one that writes "server busy" and closes), and is refused otherwise.
 * Connections served by the overflow protocol count too, as in Twisted.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class LimitTotalConnectionsFactory extends WrappingFactory {
    private final int connectionLimit;
    private final @Nullable Supplier<? extends Protocol> overflowProtocol;
    private int connectionCount;

    /**
     * Creates a factory that refuses connections over the limit.
     *
     * @param wrappedFactory builds the protocols
     * @param connectionLimit how many connections may be up at once
     */
    public LimitTotalConnectionsFactory(Factory wrappedFactory, int connectionLimit) {
        this(wrappedFactory, connectionLimit, null);
    }

    /**
     * Creates a factory that serves connections over the limit with {@code overflowProtocol}.
     *
     * @param wrappedFactory builds the protocols
     * @param connectionLimit how many connections may be up at once
     * @param overflowProtocol makes the protocol for a connection over the limit, or null to
     *     refuse it
     * @throws IllegalArgumentException if the limit is negative
     */
    public LimitTotalConnectionsFactory(
            Factory wrappedFactory, int connectionLimit, @Nullable Supplier<? extends Protocol> overflowProtocol) {
        super(wrappedFactory);
        if (connectionLimit < 0) {
            throw new IllegalArgumentException("connectionLimit must not be negative: " + connectionLimit);
        }
        this.connectionLimit = connectionLimit;
        this.overflowProtocol = overflowProtocol;
    }

    /**
     * How many connections this factory has built that are not yet lost.
     *
     * @return the count, overflow connections included
     */
    public int connectionCount() {
        return connectionCount;
    }

    /**
     * Builds the wrapped factory's protocol below the limit, the overflow protocol above it.
     *
     * @param address the peer's address
     * @return the wrapper, or null to refuse
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Protocol built;
        if (connectionCount < connectionLimit) {
            built = super.buildProtocol(address);
        } else if (overflowProtocol != null) {
            built = wrap(Objects.requireNonNull(overflowProtocol.get(), "the overflow protocol supplier returned null"));
        } else {
            return null;
        }
        if (built != null) {
            connectionCount++;
        }
        return built;
    }

    @Override
    protected void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        connectionCount--;
    }
}
