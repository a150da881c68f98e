package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.7: addTimeout, driven by a fake scheduler. */
class TimeoutTest {
    private static final Duration TEN = Duration.ofSeconds(10);
    private static final Duration FIFTEEN = Duration.ofSeconds(15);
    private static final OnTimeoutCancel<String> OVERRIDE = (outcome, timeout) -> "OVERRIDDEN";

    private final FakeScheduler clock = new FakeScheduler();

    @Test
    void addTimeoutReturnsTheSameDeferredForChaining() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.addTimeout(TEN, clock)).isSameAs(d);
        Recorder<String> r = Recorder.on(d.addCallback(x -> "done"));
        d.callback("x");
        assertThat(r.onlyValue()).isEqualTo("done");
    }

    @Test
    void timesOutWithDeferredTimeoutExceptionCarryingTheDuration() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(Duration.ofSeconds(9));
        assertThat(r.fired()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(r.onlyFailure().value()).isInstanceOfSatisfying(DeferredTimeoutException.class, e -> {
            assertThat(e.timeout()).isEqualTo(TEN);
            assertThat(e).hasCauseInstanceOf(CancelledException.class).hasMessageContaining("PT10S");
        });
    }

    @Test
    void successBeforeTimeoutCancelsTheTimerAndNothingIsCancelledLater() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock);
        Deferred<String> inner = new Deferred<>();
        List<String> seen = new ArrayList<>();
        d.addCallbackDeferred(s -> {
            seen.add(s);
            return inner;
        });
        d.callback("results");
        assertThat(seen).containsExactly("results");
        assertThat(clock.pending()).isEmpty();
        clock.advance(FIFTEEN);
        assertThat(inner.called()).isFalse();
    }

    @Test
    void successBeforeTimeoutWithCustomHook() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock, OVERRIDE);
        Deferred<String> inner = new Deferred<>();
        d.addCallbackDeferred(s -> inner);
        d.callback("results");
        clock.advance(FIFTEEN);
        assertThat(inner.called()).isFalse();
        assertThat(clock.pending()).isEmpty();
    }

    @Test
    void failureBeforeTimeoutPassesThroughAndCancelsTheTimer() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock);
        IOException error = new IOException("fail");
        Deferred<String> inner = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrbackDeferred(f -> {
            seen.add(f);
            return inner;
        });
        d.errback(error);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isSameAs(error));
        clock.advance(FIFTEEN);
        assertThat(inner.called()).isFalse();
    }

    @Test
    void failureBeforeTimeoutWithCustomHookPassesThrough() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock, OVERRIDE);
        IOException error = new IOException("fail");
        Recorder<String> r = Recorder.on(d);
        d.errback(error);
        assertThat(r.onlyFailure().value()).isSameAs(error);
    }

    @Test
    void customHookDecidesTheResultOnTimeout() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock, OVERRIDE);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(r.onlyValue()).isEqualTo("OVERRIDDEN");
    }

    @Test
    void customHookReceivesTheOutcomeAndTheTimeout() {
        Deferred<String> d = new Deferred<>();
        List<Object> args = new ArrayList<>();
        d.addTimeout(TEN, clock, (outcome, timeout) -> {
            args.add(outcome.isSuccess());
            args.add(timeout);
            throw new IOException("custom timeout");
        });
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(args).containsExactly(false, TEN);
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("custom timeout");
    }

    @Test
    void cancellerThatCallbacksOnTimeoutGivesItsValue() {
        Deferred<String> d = new Deferred<>(c -> c.callback("I was cancelled!"));
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(r.onlyValue()).isEqualTo("I was cancelled!");
    }

    @Test
    void cancellerThatErrbacksOnTimeoutGivesItsFailureNotTimeout() {
        IOException error = new IOException("what!");
        Deferred<String> d = new Deferred<>(c -> c.errback(error));
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(r.onlyFailure().value()).isSameAs(error);
    }

    @Test
    void customHookHandlesACancellersFailure() {
        Deferred<String> d = new Deferred<>(c -> c.errback(new IOException("what!")));
        d.addTimeout(TEN, clock, OVERRIDE);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(r.onlyValue()).isEqualTo("OVERRIDDEN");
    }

    @Test
    void manualCancelBeforeTimeoutKeepsCancelledAndStopsTheTimer() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock);
        Deferred<String> inner = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrbackDeferred(f -> {
            seen.add(f);
            return inner;
        });
        d.cancel();
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(CancelledException.class));
        assertThat(clock.pending()).isEmpty();
        clock.advance(FIFTEEN);
        assertThat(inner.called()).isFalse();
    }

    @Test
    void manualCancelBeforeTimeoutDoesNotCallTheCustomHook() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock, OVERRIDE);
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void errbackAddedBeforeTimeoutSeesCancelledAndItsPassThroughBecomesTimeout() {
        Deferred<String> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        d.addErrback(f -> {
            seen.add(f);
            throw f.raiseException();
        });
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.value()).isInstanceOf(CancelledException.class));
        assertThat(r.onlyFailure().value()).isInstanceOf(DeferredTimeoutException.class);
    }

    @Test
    void errbackAddedBeforeTimeoutThatTrapsCancellationMakesItSucceed() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> {
            f.trap(CancelledException.class);
            return "suppressed";
        });
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(r.onlyValue()).isEqualTo("suppressed");
    }

    @Test
    void errbackAddedBeforeTimeoutWithCustomHookStillReachesTheHook() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> "suppressed");
        d.addTimeout(TEN, clock, OVERRIDE);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(r.onlyValue()).isEqualTo("OVERRIDDEN");
    }

    @Test
    void callbacksAddedAfterTheTimeoutSeeTheTimeoutFailure() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock);
        List<String> ran = new ArrayList<>();
        Recorder<String> r = Recorder.on(d.addCallback(s -> {
            ran.add(s);
            return s;
        }));
        clock.advance(FIFTEEN);
        assertThat(ran).isEmpty();
        assertThat(r.onlyFailure().value()).isInstanceOf(DeferredTimeoutException.class);
    }

    @Test
    void lateResultAfterTimeoutOfADeferredWithoutCancellerIsSwallowedOnce() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        d.callback("too late");
        assertThatThrownBy(() -> d.callback("far too late")).isInstanceOf(AlreadyCalledException.class);
        assertThat(r.onlyFailure().value()).isInstanceOf(DeferredTimeoutException.class);
    }

    @Test
    void addTimeoutOnAFiredDeferredCancelsItsTimerAtOnce() {
        Deferred<String> d = Deferred.succeed("already");
        d.addTimeout(TEN, clock);
        assertThat(clock.pending()).isEmpty();
        clock.advance(FIFTEEN);
        assertThat(d.peek()).isEqualTo(Outcome.success("already"));
    }

    @Test
    void timeoutWhileWaitingOnAnInnerDeferredCancelsTheInner() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Deferred.succeed("x").addCallbackDeferred(s -> inner);
        d.addTimeout(TEN, clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(FIFTEEN);
        assertThat(inner.called()).isTrue();
        assertThat(r.onlyFailure().value()).isInstanceOf(DeferredTimeoutException.class);
    }

    @Test
    void nullArgumentsAreRefused() {
        Deferred<String> d = new Deferred<>();
        assertThatThrownBy(() -> d.addTimeout(null, clock)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.addTimeout(TEN, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.addTimeout(TEN, clock, null)).isInstanceOf(NullPointerException.class);
    }
}
