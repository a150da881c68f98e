package net.reactor;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Makes a {@link Protocol} for each new connection and holds state shared by those connections.
 *
 * <p>A factory may serve several listening ports or connectors at once. {@link #startFactory()}
 * runs when the first of them starts using it and {@link #stopFactory()} when the last one stops
 * (the reactor calls {@link #doStart()} and {@link #doStop()}, which keep the count), so
 * resources such as a log file are opened and closed exactly once.
 *
 * <p><b>Threading:</b> every method is called on the reactor thread.
 *
 * {@snippet :
 * reactor.listenTCP(8000, Factory.forProtocol(Echo::new));
 * }
 *
 * <p>A plain Factory says only that it builds some {@link Protocol}. Where the protocol comes
 * back to the caller (a {@link net.reactor.endpoints.ClientEndpoint}'s connect, a
 * {@link net.reactor.endpoints.ClientService}'s {@code whenConnected}), a {@link Factory.Of}
 * names its type, so the caller gets a {@code Deferred} of that type without a cast:
 * {@snippet :
 * Factory.Of<QueryProtocol> queries = Factory.of(QueryProtocol::new);
 * endpoint.connect(queries).addCallback(protocol -> protocol.query("status")); // a Deferred<QueryProtocol>
 * }
 */
public abstract class Factory {
    private int numPorts;

    /** Creates a factory that no port uses yet. */
    protected Factory() {}

    /**
     * Builds the protocol for a new connection.
     *
     * @param address the peer's address for a server, the destination for a client
     * @return the protocol, or null to refuse the connection (it is closed at once)
     */
    public abstract @Nullable Protocol buildProtocol(Address address);

    /**
     * Called when the first port or connector starts using this factory. The default does
     * nothing.
     */
    protected void startFactory() {}

    /**
     * Called when the last port or connector stops using this factory. The default does nothing.
     */
    protected void stopFactory() {}

    /**
     * Counts one more user of this factory, calling {@link #startFactory()} for the first. Called
     * by the reactor when a port starts listening or a connector starts connecting.
     */
    public final void doStart() {
        if (numPorts++ == 0) {
            startFactory();
        }
    }

    /**
     * Counts one user less, calling {@link #stopFactory()} for the last.
     *
     * @throws IllegalStateException if the factory was not started
     */
    public final void doStop() {
        if (numPorts == 0) {
            throw new IllegalStateException("doStop() without a matching doStart() on " + this);
        }
        if (--numPorts == 0) {
            stopFactory();
        }
    }

    /**
     * How many ports or connectors are using this factory now.
     *
     * @return the count kept by {@link #doStart()} and {@link #doStop()}
     */
    public final int numPorts() {
        return numPorts;
    }

    /**
     * A factory that calls {@code protocol} for every connection. To keep the protocol's type, for
     * an endpoint or a {@link net.reactor.endpoints.ClientService}, use {@link #of}.
     *
     * @param protocol makes one new protocol per connection
     * @return a new factory
     */
    public static Factory forProtocol(Supplier<? extends Protocol> protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return protocol.get();
            }
        };
    }

    /**
     * A factory that calls {@code protocol} for every connection and says which type of protocol
     * it builds, like {@link #forProtocol} (a different name, because {@link ClientFactory} and
     * {@link ServerFactory} have their own {@code forProtocol}).
     *
     * @param protocol makes one new protocol per connection
     * @param <P> the protocol's type
     * @return a new factory
     */
    public static <P extends Protocol> Of<P> of(Supplier<? extends P> protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new Of<>() {
            @Override
            public P buildProtocol(Address address) {
                return protocol.get();
            }
        };
    }

    /**
     * A factory that names the type of protocol it builds. It is a Factory like any other (for
     * {@code listenTCP}, {@code connectTCP} ...); where the built protocol comes back to the
     * caller, the type comes with it: {@link net.reactor.endpoints.ClientEndpoint#connect(Of)}
     * gives a {@code Deferred<P>}, and a {@link net.reactor.endpoints.ClientService} of
     * {@code P} hands out {@code P}. Extend it instead of {@link Factory} to give a factory of one's own a
     * type.
     *
     * <p><b>Threading:</b> every method is called on the reactor thread.
     *
     * @param <P> the type of protocol built
     */
    public abstract static class Of<P extends Protocol> extends Factory {
        /** Creates a factory that no port uses yet. */
        protected Of() {}

        /**
         * Builds the protocol for a new connection.
         *
         * @param address the peer's address for a server, the destination for a client
         * @return the protocol, or null to refuse the connection (it is closed at once)
         */
        @Override
        public abstract @Nullable P buildProtocol(Address address);
    }
}
