package net.reactor.internal;

import java.time.Duration;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import net.threadpool.Blocking;

/**
 * The child process of {@link SignalShutdownTest}'s logging tests: a reactor with signal handling
 * on and the JDK's default logging (java.util.logging, no configuration).
 *
 * <p>With no argument, a spawned task ignores cancellation, so that stopping logs a warning. With
 * {@code stuck}, a "before shutdown" trigger never finishes and the shutdown timeout is long, so
 * the stop hangs until a second signal.
 */
final class ShutdownLogChild {
    private ShutdownLogChild() {}

    public static void main(String[] args) {
        boolean stuck = args.length > 0 && args[0].equals("stuck");
        Reactor r = Reactor.create(ReactorOptions.defaults().withName("shutdown-log-child")
                .withInstallSignalHandlers(true)
                .withShutdownTimeout(stuck ? Duration.ofHours(1) : Duration.ofMillis(100)));
        if (stuck) {
            r.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
                System.out.println("stopping");
                return new Deferred<Void>();
            });
            r.callWhenRunning(() -> System.out.println("ready"));
        } else {
            r.callWhenRunning(() -> Blocking.spawn(r, () -> {
                System.out.println("ready");
                while (true) {
                    try {
                        Thread.sleep(Duration.ofMinutes(1));
                    } catch (InterruptedException ignoredOnPurpose) {
                        // this task ignores cancellation: the reactor's stop must say so
                    }
                }
            }));
        }
        r.run();
        System.out.println("run returned"); // not after a signal: the JVM exits as the loop ends
    }
}
