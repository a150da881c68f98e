package net.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.Test;

class RunningReactorTest {

    @Test
    void runsCallsOnTheReactorThreadAndStopsOnClose() throws Exception {
        RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("running-reactor-test"));
        try (running) {
            assertThat(running.thread().getName()).isEqualTo("running-reactor-test-loop");
            assertThat(running.call(() -> running.reactor().isReactorThread())).isTrue();
            assertThat(running.await(() -> Deferred.succeed("value"))).isEqualTo("value");
            Deferred<String> later = new Deferred<>();
            CompletableFuture<Outcome<String>> outcome = running.outcomeLater(() -> later);
            running.run(() -> later.callback("fired"));
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.success("fired"));
        }
        assertThat(running.thread().isAlive()).isFalse();
        assertThat(running.reactor().isRunning()).isFalse();
        running.close(); // again: nothing left to stop
    }

    @Test
    void failuresComeBackAsTheyAre() throws Exception {
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("running-reactor-failures"));
        try (RunningReactor running = RunningReactor.start(reactor, "failures-thread")) {
            IOException checked = new IOException("checked, not wrapped");
            assertThatThrownBy(() -> running.await(() -> Deferred.fail(checked))).isSameAs(checked);
            assertThatThrownBy(() -> running.call(() -> {
                throw checked;
            })).isSameAs(checked);
            Outcome<Object> thrown = running.outcome(() -> {
                throw checked;
            });
            assertThat(thrown).isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.failure().value()).isSameAs(checked));
            Throwable[] onLoop = new Throwable[1];
            running.run(() -> {
                try {
                    running.call(() -> "waits for itself");
                } catch (Throwable e) {
                    onLoop[0] = e;
                }
            });
            assertThat(onLoop[0]).isInstanceOf(WrongThreadException.class);
            assertThat(running.thread().getName()).isEqualTo("failures-thread");
        }
    }
}
