package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.testing.MemoryReactor;

/** The trigger contract on the fake reactor, driven from the test's thread. */
class MemoryReactorTriggerContractTest extends SystemEventTriggerContract {
    private MemoryReactor reactor;

    @Override
    Reactor create(ReactorOptions options) {
        reactor = new MemoryReactor(options);
        return reactor;
    }

    @Override
    void start() {
        reactor.run();
    }

    @Override
    void onReactor(Runnable action) {
        reactor.runThreadCalls();
        action.run();
    }

    @Override
    void assertStops(CompletableFuture<Void> stopped) {
        // Nothing runs behind the test's back: by now the stop has completed, or never will.
        assertThat(stopped).as("the memory reactor's stop").isCompleted();
    }

    @Override
    void letTimePass(Duration amount) {
        reactor.advance(amount);
    }
}
