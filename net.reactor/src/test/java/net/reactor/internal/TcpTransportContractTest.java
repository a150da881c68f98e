package net.reactor.internal;

import net.reactor.Factory;
import org.junit.jupiter.api.AfterEach;

/** The transport contract over a real TCP connection on 127.0.0.1. */
class TcpTransportContractTest extends TransportContract {
    private final ReactorFixture fixture = new ReactorFixture().start();

    @Override
    void connect(End client, End server) {
        fixture.run(() -> {
            int port = fixture.listen(Factory.forProtocol(() -> server));
            fixture.connect(port, new ReactorFixture.Prepared<>(() -> client));
        });
    }

    @Override
    void awaitLost(End... ends) throws Exception {
        for (End end : ends) {
            ReactorFixture.await(end.lost);
        }
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }
}
