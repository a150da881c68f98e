package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;

/** The transport contract over a {@link MemoryPipe}, pumped by the test. */
class MemoryPipeTransportContractTest extends TransportContract {
    private final MemoryPipe pipe = MemoryPipe.create(new Clock());

    @Override
    void connect(End client, End server) {
        pipe.connect(client, server);
    }

    @Override
    void awaitLost(End... ends) {
        pipe.pump();
        for (End end : ends) {
            assertThat(end.lost).as("connectionLost of " + end).isDone();
        }
    }
}
