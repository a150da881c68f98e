package net.reactor.internal;

import java.time.Duration;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;

/** The child process of {@link SignalShutdownTest}: a reactor with signal handling turned on. */
final class SignalChild {
    private SignalChild() {}

    public static void main(String[] args) {
        Reactor r = Reactor.create(ReactorOptions.defaults().withName("signal-child").withInstallSignalHandlers(true));
        int port = ((net.reactor.IPv4Address) r.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionLost(Throwable reason) {
                System.out.println("connectionLost " + reason.getClass().getSimpleName());
            }
        }), 50, "127.0.0.1").getHost()).port();
        r.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            System.out.println("before shutdown trigger");
            Deferred<Void> d = new Deferred<>();
            r.callLater(Duration.ofMillis(50), () -> d.callback(null));
            return d;
        });
        r.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> System.out.println("after shutdown trigger"));
        r.callWhenRunning(() -> System.out.println("ready " + port));
        r.run();
    }
}
