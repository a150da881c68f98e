package net.reactor;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link Factory} for outgoing connections, which also hears how each connection attempt
 * went.
 *
 * <p><b>Threading:</b> every method is called on the reactor thread.
 */
public abstract class ClientFactory extends Factory {

    /** Creates a client factory. */
    protected ClientFactory() {}

    /**
     * Fired when a connection attempt starts. The default does nothing.
     *
     * @param connector the connector making the attempt
     */
    public void startedConnecting(Connector connector) {}

    /**
     * Fired when a connection attempt fails. The default does nothing.
     *
     * @param connector the connector that tried; {@link Connector#connect()} tries again
     * @param reason {@link ConnectionRefusedException}, {@link ConnectTimeoutException},
     *     {@link DNSLookupException} or another {@link ConnectFailedException}
     */
    public void clientConnectionFailed(Connector connector, Throwable reason) {}

    /**
     * Fired after {@link Protocol#connectionLost} when an established connection ends. The
     * default does nothing.
     *
     * @param connector the connector; {@link Connector#connect()} reconnects
     * @param reason the same reason the protocol was given
     */
    public void clientConnectionLost(Connector connector, Throwable reason) {}

    /**
     * A client factory that calls {@code protocol} for every connection and ignores the
     * connection events.
     *
     * @param protocol makes one new protocol per connection
     * @return a new client factory
     */
    public static ClientFactory forProtocol(Supplier<? extends Protocol> protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new ClientFactory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return protocol.get();
            }
        };
    }
}
