package net.reactor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.testing.Clock;
import org.junit.jupiter.api.Test;

class TasksTest {
    private final Clock clock = new Clock();

    private static <T> List<Outcome<T>> watch(Deferred<T> d) {
        List<Outcome<T>> seen = new ArrayList<>();
        d.addBoth(o -> {
            seen.add(o);
            return null;
        });
        return seen;
    }

    @Test
    void firesWithTheTaskResultAfterTheDelay() {
        List<Outcome<String>> seen = watch(Tasks.deferLater(clock, Duration.ofSeconds(3), () -> "at " + clock.seconds()));
        clock.advance(Duration.ofMillis(2999));
        assertThat(seen).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(seen).containsExactly(Outcome.success("at 3.0"));
    }

    @Test
    void anExceptionBecomesTheFailure() {
        java.io.IOException boom = new java.io.IOException("boom");
        List<Outcome<String>> seen = watch(Tasks.deferLater(clock, Duration.ZERO, () -> {
            throw boom;
        }));
        clock.advance(Duration.ZERO);
        assertThat(seen).singleElement().isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isSameAs(boom));
    }

    @Test
    void cancellingStopsTheTimerAndFailsWithCancelled() {
        int[] runs = {0};
        Deferred<Integer> d = Tasks.deferLater(clock, Duration.ofSeconds(1), () -> ++runs[0]);
        List<Outcome<Integer>> seen = watch(d);
        d.cancel();
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(runs[0]).isZero();
        assertThat(seen).singleElement().isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isInstanceOf(CancelledException.class));
    }

    @Test
    void cancellingAfterItFiredChangesNothing() {
        Deferred<Integer> d = Tasks.deferLater(clock, Duration.ZERO, () -> 7);
        clock.advance(Duration.ZERO);
        d.cancel();
        assertThat(watch(d)).containsExactly(Outcome.success(7));
    }

    @Test
    void theNoTaskFormFiresWithNull() {
        List<Outcome<Void>> seen = watch(Tasks.deferLater(clock, Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(seen).containsExactly(Outcome.success(null));
    }
}
