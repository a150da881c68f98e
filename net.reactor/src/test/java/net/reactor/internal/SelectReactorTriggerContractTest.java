package net.reactor.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.AfterEach;

/** The trigger contract on the real reactor, run on its own thread. */
class SelectReactorTriggerContractTest extends SystemEventTriggerContract {
    private ReactorFixture fixture;

    @Override
    Reactor create(ReactorOptions options) {
        fixture = new ReactorFixture(options);
        return fixture.reactor;
    }

    @Override
    void start() {
        fixture.start();
        onReactor(() -> {}); // the start-up triggers run before the loop's first turn
    }

    @Override
    void onReactor(Runnable action) {
        fixture.run(action);
    }

    @Override
    void assertStops(CompletableFuture<Void> stopped) throws Exception {
        ReactorFixture.await(stopped);
    }

    @Override
    void letTimePass(Duration amount) {
        // Real time passes on its own while assertStops waits.
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }
}
