package net.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.DeferredTimeoutException;
import net.reactor.DelayedCall;
import org.junit.jupiter.api.Test;

class ClockTest {
    private final Clock clock = new Clock();
    private final List<String> log = new ArrayList<>();

    @Test
    void startsAtZero() {
        assertThat(clock.nanoTime()).isZero();
        assertThat(clock.seconds()).isZero();
    }

    @Test
    void advanceMovesTimeAndRunsDueCalls() {
        clock.callLater(Duration.ofSeconds(2), () -> log.add("two"));
        clock.callLater(Duration.ofSeconds(1), () -> log.add("one"));
        clock.advance(Duration.ofMillis(1500));
        assertThat(log).containsExactly("one");
        assertThat(clock.seconds()).isEqualTo(1.5);
        clock.advance(Duration.ofMillis(500));
        assertThat(log).containsExactly("one", "two");
    }

    @Test
    void callsSeeTheFinalTimeOfTheAdvance() {
        List<Long> seen = new ArrayList<>();
        clock.callLater(Duration.ofSeconds(1), () -> seen.add(clock.nanoTime()));
        clock.advance(Duration.ofSeconds(10));
        assertThat(seen).containsExactly(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void callsScheduledByARunningCallRunInTheSameAdvanceIfDue() {
        // Twisted's Clock.advance pops due calls until none is left, including new ones.
        clock.callLater(Duration.ofSeconds(1), () -> {
            log.add("first");
            clock.callLater(Duration.ZERO, () -> log.add("zero-delay"));
            clock.callLater(Duration.ofSeconds(1), () -> log.add("in-one-more-second"));
        });
        clock.advance(Duration.ofSeconds(1));
        assertThat(log).containsExactly("first", "zero-delay");
        clock.advance(Duration.ofSeconds(1));
        assertThat(log).containsExactly("first", "zero-delay", "in-one-more-second");
    }

    @Test
    void advanceByZeroRunsWhatIsDueNow() {
        clock.callLater(Duration.ZERO, () -> log.add("now"));
        assertThat(log).isEmpty();
        clock.advance(Duration.ZERO);
        assertThat(log).containsExactly("now");
    }

    @Test
    void pumpAdvancesOnceForEachStep() {
        List<Double> times = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            clock.callLater(Duration.ofSeconds(i), () -> times.add(clock.seconds()));
        }
        clock.pump(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThat(times).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void negativeDelaysAndAdvancesAreRefused() {
        assertThatThrownBy(() -> clock.callLater(Duration.ofNanos(-1), () -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot go back");
    }

    @Test
    void anExceptionFromACallPropagatesAndTheRestStayPending() {
        clock.callLater(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("boom");
        });
        clock.callLater(Duration.ofSeconds(2), () -> log.add("later"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(5))).hasMessage("boom");
        assertThat(log).isEmpty();
        assertThat(clock.getDelayedCalls()).hasSize(1);
        clock.advance(Duration.ZERO);
        assertThat(log).containsExactly("later");
    }

    @Test
    void delayedCallsAreListedUntilTheyRunOrAreCancelled() {
        DelayedCall a = clock.callLater(Duration.ofSeconds(1), () -> {});
        DelayedCall b = clock.callLater(Duration.ofSeconds(2), () -> {});
        assertThat(clock.getDelayedCalls()).containsExactlyInAnyOrder(a, b);
        b.cancel();
        assertThat(clock.getDelayedCalls()).containsExactly(a);
        clock.advance(Duration.ofSeconds(1));
        assertThat(clock.getDelayedCalls()).isEmpty();
        assertThat(a.getTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void resetInsideACallKeepsCallsOrdered() {
        // test_callLaterResetInsideCallKeepsCallsOrdered from Twisted's test_task.
        DelayedCall b = clock.callLater(Duration.ofSeconds(2), () -> log.add("b@" + clock.seconds()));
        clock.callLater(Duration.ofSeconds(1), () -> b.reset(Duration.ofSeconds(3)));
        clock.callLater(Duration.ofSeconds(3), () -> log.add("c@" + clock.seconds()));
        clock.pump(java.util.Collections.nCopies(10, Duration.ofMillis(500)));
        assertThat(log).containsExactly("c@3.0", "b@4.0");
    }

    @Test
    void drivesDeferredTimeouts() {
        Deferred<String> d = new Deferred<>();
        List<Throwable> failures = new ArrayList<>();
        d.addTimeout(Duration.ofSeconds(10), clock).addErrback(f -> {
            failures.add(f.value());
            return "timed out";
        });
        clock.advance(Duration.ofSeconds(9));
        assertThat(failures).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(failures).singleElement().isInstanceOf(DeferredTimeoutException.class);
    }
}
