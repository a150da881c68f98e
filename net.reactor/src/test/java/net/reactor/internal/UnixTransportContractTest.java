package net.reactor.internal;

import net.reactor.Factory;
import org.junit.jupiter.api.AfterEach;

/** The transport contract over a real UNIX domain socket (the file is checked gone at close). */
class UnixTransportContractTest extends TransportContract {
    private final ReactorFixture fixture = new ReactorFixture(Transports.UNIX).start();

    @Override
    void connect(End client, End server) {
        fixture.run(() -> fixture.connect(fixture.serve(Factory.forProtocol(() -> server)),
                new ReactorFixture.Prepared<>(() -> client)));
    }

    @Override
    void awaitLost(End... ends) throws Exception {
        for (End end : ends) {
            ReactorFixture.await(end.lost);
        }
    }

    @Override
    String abortSeenByPeer() {
        return Transports.UNIX.abortSeenByPeer().getSimpleName();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }
}
