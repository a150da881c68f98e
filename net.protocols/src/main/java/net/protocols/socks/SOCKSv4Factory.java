package net.protocols.socks;

import java.util.Objects;
import net.reactor.Address;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ServerFactory;

/**
 * Builds a {@link SOCKSv4} server protocol for each connection (Twisted's {@code SOCKSv4Factory}),
 * all sharing one reactor and one access policy.
 *
 * {@snippet :
 * reactor.listenTCP(1080, new SOCKSv4Factory(reactor, AllowList.of(List.of("127.0.0.1"))), "127.0.0.1");
 * }
 */
public class SOCKSv4Factory extends ServerFactory {
    private final Reactor reactor;
    private final AccessPolicy policy;

    /**
     * Creates the factory.
     *
     * @param reactor the reactor that connects, listens and resolves host names
     * @param policy decides which requests are carried out
     */
    public SOCKSv4Factory(Reactor reactor, AccessPolicy policy) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Builds a server protocol.
     *
     * @param address the client's address
     * @return a new {@link SOCKSv4}
     */
    @Override
    public Protocol buildProtocol(Address address) {
        return new SOCKSv4(reactor, policy);
    }
}
