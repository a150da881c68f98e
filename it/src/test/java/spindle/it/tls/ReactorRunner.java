package spindle.it.tls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.reactor.Reactor;

/** A real reactor on its own thread for one test. */
final class ReactorRunner implements AutoCloseable {
    static final long WAIT = 60;
    final Reactor reactor = Reactor.create();
    private final Thread thread = reactor.start("it-tls-reactor");

    <T> T call(Supplier<T> action) {
        return reactor.blockingCallFromThread(() -> Deferred.succeed(action.get()));
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        thread.join(TimeUnit.SECONDS.toMillis(WAIT));
    }
}
