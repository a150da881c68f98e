package net.reactor;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link Factory} meant for listening ports only (Twisted's {@code ServerFactory}). It adds
 * nothing to {@code Factory}; extending it says, in the type, that a factory serves incoming
 * connections and is not a {@link ClientFactory}.
 *
 * {@snippet :
 * final class ChatFactory extends ServerFactory {
 *     final Set<ChatProtocol> users = new HashSet<>();
 *
 *     @Override
 *     public Protocol buildProtocol(Address address) {
 *         return new ChatProtocol(users);
 *     }
 * }
 * reactor.listenTCP(8123, new ChatFactory());
 * }
 *
 * <p><b>Threading:</b> every method is called on the reactor thread.
 */
public abstract class ServerFactory extends Factory {

    /** Creates a server factory that no port uses yet. */
    protected ServerFactory() {}

    /**
     * A server factory that calls {@code protocol} for every accepted connection.
     *
     * @param protocol makes one new protocol per connection
     * @return a new server factory
     */
    public static ServerFactory forProtocol(Supplier<? extends Protocol> protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new ServerFactory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return protocol.get();
            }
        };
    }
}
