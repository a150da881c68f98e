package net.reactor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.testing.Clock;
import org.junit.jupiter.api.Test;

class LoopingCallTest {
    private final Clock clock = new Clock();
    private final List<Double> times = new ArrayList<>();

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static <T> Outcome<T> outcome(Deferred<T> d) {
        assertThat(d.hasResult()).as("deferred fired").isTrue();
        List<Outcome<T>> seen = new ArrayList<>();
        d.addBoth(o -> {
            seen.add(o);
            return null;
        });
        return seen.getFirst();
    }

    @Test
    void startRunsNowAndThenEveryInterval() {
        LoopingCall loop = LoopingCall.of(clock, () -> times.add(clock.seconds()));
        loop.start(Duration.ofSeconds(1));
        assertThat(times).containsExactly(0.0);
        assertThat(loop.running()).isTrue();
        assertThat(loop.interval()).isEqualTo(Duration.ofSeconds(1));
        clock.pump(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThat(times).containsExactly(0.0, 1.0, 2.0, 3.0);
    }

    @Test
    void startWithoutNowWaitsOneInterval() {
        LoopingCall loop = LoopingCall.of(clock, () -> times.add(clock.seconds()));
        loop.start(Duration.ofSeconds(2), false);
        assertThat(times).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(times).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(times).containsExactly(2.0);
    }

    @Test
    void missedIntervalsAreSkippedWhenTheReactorIsLate() {
        // test_reactorTimeSkips
        LoopingCall.of(clock, () -> times.add(clock.seconds())).start(seconds(0.5));
        assertThat(times).containsExactly(0.0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(times).containsExactly(0.0, 2.0);
        clock.advance(Duration.ofSeconds(1));
        assertThat(times).containsExactly(0.0, 2.0, 3.0);
        clock.advance(Duration.ZERO);
        assertThat(times).containsExactly(0.0, 2.0, 3.0);
    }

    @Test
    void missedIntervalsAreSkippedWhenTheTaskIsSlow() {
        // test_callbackTimeSkips: the task itself moves the clock, as a slow task would.
        Duration[] callDuration = {Duration.ofSeconds(2)};
        LoopingCall.of(clock, () -> {
            times.add(clock.seconds());
            clock.advance(callDuration[0]);
        }).start(seconds(0.5));
        assertThat(times).containsExactly(0.0);
        assertThat(clock.seconds()).isEqualTo(2.0);
        // A run was due at 2.0, but 2.0 is the present, not the future: skipped.
        clock.advance(Duration.ZERO);
        assertThat(times).containsExactly(0.0);
        callDuration[0] = Duration.ofSeconds(1);
        clock.advance(seconds(0.5));
        assertThat(times).containsExactly(0.0, 2.5);
        assertThat(clock.seconds()).isEqualTo(3.5);
        clock.advance(Duration.ZERO);
        assertThat(times).containsExactly(0.0, 2.5);
        callDuration[0] = Duration.ZERO;
        clock.advance(seconds(0.5));
        assertThat(times).containsExactly(0.0, 2.5, 4.0);
        assertThat(clock.seconds()).isEqualTo(4.0);
    }

    @Test
    void withCountReportsSkippedIntervals() {
        // test_reactorTimeCountSkips
        List<String> calls = new ArrayList<>();
        LoopingCall.withCount(clock, count -> calls.add(clock.seconds() + "x" + count)).start(seconds(0.5));
        assertThat(calls).containsExactly("0.0x1");
        clock.advance(seconds(0.51));
        assertThat(calls).containsExactly("0.0x1", "0.51x1");
        clock.advance(seconds(2.01));
        assertThat(calls).containsExactly("0.0x1", "0.51x1", "2.52x4");
        clock.advance(Duration.ZERO);
        assertThat(calls).hasSize(3);
    }

    @Test
    void withCountCountsALateRunWithinTheNextIntervalAsOne() {
        // test_countLengthyIntervalCounts
        List<String> calls = new ArrayList<>();
        LoopingCall.withCount(clock, count -> calls.add(clock.seconds() + "x" + count)).start(seconds(0.5));
        clock.advance(seconds(0.51));
        clock.advance(seconds(0.875));
        clock.advance(seconds(0.125));
        assertThat(calls).containsExactly("0.0x1", "0.51x1", "1.385x1", "1.51x1");
    }

    @Test
    void withCountStartedLaterCountsFromTheStart() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall.withCount(clock, counts::add).start(Duration.ofSeconds(1), false);
        clock.advance(Duration.ofMillis(3500));
        assertThat(counts).containsExactly(3);
    }

    @Test
    void withCountAndAZeroIntervalAlwaysCountsOne() {
        // test_withCountIntervalZero
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.withCount(clock, count -> {
            counts.add(count);
            if (counts.size() > 4) {
                loop[0].stop();
            }
        });
        Deferred<LoopingCall> done = loop[0].start(Duration.ZERO, false);
        clock.advance(Duration.ZERO);
        assertThat(outcome(done).valueOrThrow()).isSameAs(loop[0]);
        assertThat(counts).containsExactly(1, 1, 1, 1, 1);
    }

    @Test
    void stopCancelsTheNextRunAndFiresWithTheLoopingCall() {
        LoopingCall loop = LoopingCall.of(clock, () -> times.add(clock.seconds()));
        Deferred<LoopingCall> done = loop.start(Duration.ofSeconds(1));
        assertThat(done.called()).isFalse();
        loop.stop();
        assertThat(loop.running()).isFalse();
        assertThat(outcome(done).valueOrThrow()).isSameAs(loop);
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(times).containsExactly(0.0);
    }

    @Test
    void misuseIsReported() {
        LoopingCall loop = LoopingCall.of(clock, () -> {});
        assertThatThrownBy(loop::stop).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThatThrownBy(loop::reset).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> loop.start(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(loop.running()).isFalse();
        assertThat(loop.interval()).isNull();
        loop.start(Duration.ofSeconds(1));
        assertThatThrownBy(() -> loop.start(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }

    @Test
    void aLoopCanBeRestartedAfterStopping() {
        LoopingCall loop = LoopingCall.of(clock, () -> times.add(clock.seconds()));
        loop.start(Duration.ofSeconds(1));
        loop.stop();
        clock.advance(Duration.ofSeconds(10));
        loop.start(Duration.ofSeconds(2), false);
        clock.advance(Duration.ofSeconds(2));
        assertThat(times).containsExactly(0.0, 12.0);
    }

    @Test
    void aThrowingTaskStopsTheLoopAndFailsTheDeferred() {
        IllegalStateException boom = new IllegalStateException("boom");
        int[] runs = {0};
        LoopingCall loop = LoopingCall.of(clock, () -> {
            if (++runs[0] == 2) {
                throw boom;
            }
        });
        Deferred<LoopingCall> done = loop.start(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(loop.running()).isFalse();
        assertThat(outcome(done)).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isSameAs(boom));
        clock.advance(Duration.ofSeconds(5));
        assertThat(runs[0]).isEqualTo(2);
    }

    @Test
    void aTaskThatStopsAndThenThrowsStillFailsTheDeferred() {
        // testFailAndStop
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.of(clock, () -> {
            loop[0].stop();
            throw new IllegalArgumentException("after stop");
        });
        Deferred<LoopingCall> done = loop[0].start(Duration.ofSeconds(1));
        assertThat(outcome(done)).isInstanceOf(Outcome.Failed.class);
        assertThat(loop[0].running()).isFalse();
    }

    @Test
    void aTaskThatStopsTheLoopFiresTheDeferredAfterItReturns() {
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.of(clock, () -> loop[0].stop());
        Deferred<LoopingCall> done = loop[0].start(Duration.ofSeconds(1));
        assertThat(outcome(done).valueOrThrow()).isSameAs(loop[0]);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aTaskDeferredDelaysTheNextRunUntilItFires() {
        List<Deferred<Void>> pending = new ArrayList<>();
        LoopingCall loop = LoopingCall.ofDeferred(clock, () -> {
            times.add(clock.seconds());
            Deferred<Void> d = new Deferred<>();
            pending.add(d);
            return d;
        });
        loop.start(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(5));
        assertThat(times).containsExactly(0.0);
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(Duration.ofMillis(500));
        pending.getFirst().callback(null);
        // Fired at 5.5 s: the next boundary strictly after it is 6 s.
        assertThat(clock.getDelayedCalls()).singleElement()
                .satisfies(call -> assertThat(call.getTime()).isEqualTo(Duration.ofSeconds(6).toNanos()));
        clock.advance(Duration.ofMillis(500));
        assertThat(times).containsExactly(0.0, 6.0);
    }

    @Test
    void stopWhileTheTaskDeferredIsPendingFiresAfterItFires() {
        Deferred<Void> work = new Deferred<>();
        LoopingCall loop = LoopingCall.ofDeferred(clock, () -> work);
        Deferred<LoopingCall> done = loop.start(Duration.ofSeconds(1));
        loop.stop();
        assertThat(done.called()).isFalse();
        work.callback(null);
        assertThat(outcome(done).valueOrThrow()).isSameAs(loop);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void aFailedTaskDeferredStopsTheLoop() {
        IllegalStateException boom = new IllegalStateException("async boom");
        LoopingCall loop = LoopingCall.ofDeferred(clock, () -> Deferred.fail(boom));
        Deferred<LoopingCall> done = loop.start(Duration.ofSeconds(1));
        assertThat(loop.running()).isFalse();
        assertThat(outcome(done)).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isSameAs(boom));
    }

    @Test
    void aNullTaskDeferredCountsAsSuccess() {
        int[] runs = {0};
        LoopingCall loop = LoopingCall.ofDeferred(clock, () -> {
            runs[0]++;
            return null;
        });
        loop.start(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(runs[0]).isEqualTo(2);
    }

    @Test
    void resetRestartsTheIntervalFromNow() {
        // test_reset
        int[] runs = {0};
        LoopingCall loop = LoopingCall.of(clock, () -> runs[0]++);
        loop.start(Duration.ofSeconds(2), false);
        clock.advance(Duration.ofSeconds(1));
        loop.reset();
        clock.advance(Duration.ofSeconds(1));
        assertThat(runs[0]).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void aZeroIntervalRunsOncePerTurn() {
        int[] runs = {0};
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.of(clock, () -> {
            if (++runs[0] == 3) {
                loop[0].stop();
            }
        });
        loop[0].start(Duration.ZERO);
        assertThat(runs[0]).isEqualTo(1);
        assertThat(clock.getDelayedCalls()).singleElement().satisfies(c -> assertThat(c.getTime()).isZero());
        clock.advance(Duration.ZERO);
        assertThat(runs[0]).isEqualTo(3);
    }

    @Test
    void toStringSaysWhetherItRuns() {
        LoopingCall loop = LoopingCall.of(clock, () -> {});
        assertThat(loop.toString()).contains("stopped");
        loop.start(Duration.ofSeconds(3));
        assertThat(loop.toString()).contains("running every PT3S");
    }
}
