package net.deferred;

import static net.deferred.DeferredList.Option.CONSUME_ERRORS;
import static net.deferred.DeferredList.Option.FIRE_ON_ONE_ERRBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.8: DeferredList, gatherResults, race. */
class DeferredListTest {
    private static final Canceller<String> CALLBACK_CANCELLER = d -> d.callback("Callback Result");

    @Test
    void resultsAreInInputOrderNotFiringOrder() {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        Deferred<String> d3 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(DeferredList.of(List.of(d1, d2, d3)));
        d3.callback("3");
        IOException two = new IOException("2");
        d2.errback(two);
        assertThat(r.fired()).isFalse();
        d1.callback("1");
        assertThat(r.onlyValue()).containsExactly(Outcome.success("1"), Outcome.failed(new Failure(two)),
                Outcome.success("3"));
        d2.addErrback(f -> null);
    }

    @Test
    void emptyListFiresAtOnceWithAnEmptyList() {
        Recorder<List<Outcome<String>>> r = Recorder.on(DeferredList.<String>of(List.of()));
        assertThat(r.onlyValue()).isEmpty();
    }

    @Test
    void emptyListWithFireOnOneCallbackNeverFires() {
        Deferred<DeferredList.FirstCallback<String>> dl = DeferredList.fireOnOneCallback(List.of());
        assertThat(dl.called()).isFalse();
    }

    @Test
    void emptyListWithFireOnOneCallbackFailsWhenCancelled() {
        Deferred<DeferredList.FirstCallback<String>> dl = DeferredList.fireOnOneCallback(List.of());
        Recorder<DeferredList.FirstCallback<String>> r = Recorder.on(dl);
        dl.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void emptyGatherResultsFiresWithAnEmptyList() {
        assertThat(Recorder.on(Deferred.<String>gatherResults(List.of())).onlyValue()).isEmpty();
    }

    @Test
    void fireOnOneErrbackFailsAtTheFirstFailureWithFirstError() {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        Deferred<String> d3 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(DeferredList.of(List.of(d1, d2, d3), FIRE_ON_ONE_ERRBACK));
        d2.addErrback(f -> null);
        d1.callback("1");
        assertThat(r.fired()).isFalse();
        IOException error = new IOException("from d2");
        d2.errback(error);
        FirstErrorException first = (FirstErrorException) r.onlyFailure().value();
        assertThat(first.index()).isEqualTo(1);
        assertThat(first.subFailure().value()).isSameAs(error);
        assertThat(first).hasCause(error);
        d3.errback(new IOException("later, ignored"));
        assertThat(r.failures).hasSize(1);
        d3.addErrback(f -> null);
    }

    @Test
    void withoutConsumeErrorsTheInputKeepsItsFailure() {
        Deferred<String> d1 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(DeferredList.of(List.of(d1)));
        List<Failure> trap = new ArrayList<>();
        d1.addErrback(f -> {
            trap.add(f);
            return null;
        });
        d1.errback(new IOException("Bang"));
        assertThat(trap).singleElement().satisfies(f -> assertThat(f.getErrorMessage()).isEqualTo("Bang"));
        assertThat(r.onlyValue().get(0)).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void consumeErrorsReplacesTheInputsFailureWithNull() {
        Deferred<String> d1 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(DeferredList.of(List.of(d1), CONSUME_ERRORS));
        List<Failure> trap = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        d1.addCallbacks(v -> values.add(v), f -> trap.add(f));
        d1.errback(new IOException("Bang"));
        assertThat(trap).isEmpty();
        assertThat(values).containsExactly((Object) null);
        assertThat(((Outcome.Failed<String>) r.onlyValue().get(0)).failure().getErrorMessage()).isEqualTo("Bang");
    }

    @Test
    void consumeErrorsLeavesSuccessfulInputsAlone() {
        Deferred<String> d1 = new Deferred<>();
        DeferredList.of(List.of(d1), CONSUME_ERRORS);
        d1.callback("kept");
        assertThat(d1.peek()).isEqualTo(Outcome.success("kept"));
    }

    @Test
    void consumeErrorsDoesNotStopFireOnOneErrback() {
        Deferred<String> d1 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(
                DeferredList.of(List.of(d1, new Deferred<String>()), FIRE_ON_ONE_ERRBACK, CONSUME_ERRORS));
        d1.errback(new IOException());
        assertThat(r.onlyFailure().value()).isInstanceOf(FirstErrorException.class);
        assertThat(d1.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void alreadyFailedInputsAreSeenDuringConstructionWithFireOnOneErrback() {
        Deferred<String> d1 = Deferred.fail(new IOException("Bang"));
        Deferred<String> d2 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(DeferredList.of(List.of(d1, d2), FIRE_ON_ONE_ERRBACK));
        assertThat(r.onlyFailure().value()).isInstanceOf(FirstErrorException.class);
        d1.addErrback(f -> null);
    }

    @Test
    void alreadyFiredInputsAreCollectedDuringConstruction() {
        Deferred<Integer> d1 = Deferred.fail(new IOException("Bang"));
        Deferred<Integer> d2 = Deferred.succeed(2);
        Recorder<List<Outcome<Integer>>> r = Recorder.on(DeferredList.of(List.of(d1, d2)));
        assertThat(r.onlyValue()).hasSize(2);
        d1.addErrback(f -> null);
    }

    @Test
    void fireOnOneCallbackFiresWithValueAndIndex() {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        Recorder<DeferredList.FirstCallback<String>> r = Recorder.on(DeferredList.fireOnOneCallback(List.of(d1, d2)));
        d2.callback("second");
        assertThat(r.onlyValue()).isEqualTo(new DeferredList.IndexedValue<>("second", 1));
        d1.callback("first");
        assertThat(r.values).hasSize(1);
    }

    @Test
    void fireOnOneCallbackWithNoSuccessFiresWithAllOutcomes() {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        Recorder<DeferredList.FirstCallback<String>> r = Recorder.on(
                DeferredList.fireOnOneCallback(List.of(d1, d2), CONSUME_ERRORS));
        d1.errback(new IOException("a"));
        d2.errback(new IOException("b"));
        DeferredList.FirstCallback<String> result = r.onlyValue();
        assertThat(result).isInstanceOf(DeferredList.NoneSucceeded.class);
        List<Outcome<String>> outcomes = ((DeferredList.NoneSucceeded<String>) result).results();
        assertThat(outcomes).hasSize(2).noneMatch(Outcome::isSuccess);
    }

    @Test
    void fireOnOneCallbackWithFireOnOneErrbackFailsOnTheFirstFailure() {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        Recorder<DeferredList.FirstCallback<String>> r = Recorder.on(
                DeferredList.fireOnOneCallback(List.of(d1, d2), FIRE_ON_ONE_ERRBACK, CONSUME_ERRORS));
        d1.errback(new IOException("a"));
        assertThat(((FirstErrorException) r.onlyFailure().value()).index()).isZero();
    }

    @Test
    void laterResultsAreStillStoredAfterFiring() {
        Deferred<String> d1 = new Deferred<>();
        Deferred<String> d2 = new Deferred<>();
        Recorder<List<Outcome<String>>> r = Recorder.on(
                DeferredList.of(List.of(d1, d2), FIRE_ON_ONE_ERRBACK, CONSUME_ERRORS));
        d1.errback(new IOException());
        assertThat(r.failures).hasSize(1);
        d2.callback("late");
        assertThat(d2.peek()).isEqualTo(Outcome.success("late"));
    }

    @Test
    void resultListIsUnmodifiable() {
        List<Outcome<String>> list = Recorder.on(DeferredList.of(List.of(Deferred.succeed("a")))).onlyValue();
        assertThatThrownBy(() -> list.add(Outcome.success("b"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inputListIsCopiedSoLaterChangesDoNotMatter() {
        Deferred<String> one = new Deferred<>();
        List<Deferred<String>> inputs = new ArrayList<>(List.of(one));
        Deferred<List<Outcome<String>>> dl = DeferredList.of(inputs);
        Deferred<String> three = new Deferred<>();
        inputs.add(three);
        dl.cancel();
        assertThat(one.called()).isTrue();
        assertThat(three.called()).isFalse();
        one.addErrback(f -> null);
    }

    @Test
    void nullInputsAreRefused() {
        assertThatThrownBy(() -> DeferredList.of(Arrays.asList(new Deferred<String>(), null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("contains null");
        assertThatThrownBy(() -> DeferredList.of(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- cancellation (§1.5)

    @Test
    void cancelCancelsEveryInput() {
        Deferred<String> one = new Deferred<>();
        Deferred<String> two = new Deferred<>();
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two));
        dl.cancel();
        assertThat(((Outcome.Failed<String>) one.peek()).failure().value()).isInstanceOf(CancelledException.class);
        assertThat(((Outcome.Failed<String>) two.peek()).failure().value()).isInstanceOf(CancelledException.class);
        assertThat(dl.peek()).isInstanceOf(Outcome.Success.class);
    }

    @Test
    void cancelFiresWithTheListIncludingACancellersValue() {
        Deferred<String> one = new Deferred<>(CALLBACK_CANCELLER);
        Deferred<String> two = new Deferred<>();
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two));
        Recorder<List<Outcome<String>>> r = Recorder.on(dl);
        dl.cancel();
        List<Outcome<String>> result = r.onlyValue();
        assertThat(result.get(0)).isEqualTo(Outcome.success("Callback Result"));
        assertThat(((Outcome.Failed<String>) result.get(1)).failure().check(CancelledException.class)).isNotNull();
        two.addErrback(f -> null);
    }

    @Test
    void cancelWithFireOnOneCallbackAndACancellerThatCallbacks() {
        Deferred<String> one = new Deferred<>(CALLBACK_CANCELLER);
        Deferred<String> two = new Deferred<>();
        Deferred<DeferredList.FirstCallback<String>> dl = DeferredList.fireOnOneCallback(List.of(one, two));
        Recorder<DeferredList.FirstCallback<String>> r = Recorder.on(dl);
        dl.cancel();
        assertThat(r.onlyValue()).isEqualTo(new DeferredList.IndexedValue<>("Callback Result", 0));
        assertThat(two.peek()).isInstanceOf(Outcome.Failed.class);
        two.addErrback(f -> null);
    }

    @Test
    void cancelWithFireOnOneErrbackFailsWithFirstErrorOfCancelled() {
        Deferred<String> one = new Deferred<>();
        Deferred<String> two = new Deferred<>();
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two), FIRE_ON_ONE_ERRBACK);
        Recorder<List<Outcome<String>>> r = Recorder.on(dl);
        dl.cancel();
        FirstErrorException first = (FirstErrorException) r.onlyFailure().value();
        assertThat(first.subFailure().check(CancelledException.class)).isNotNull();
        assertThat(two.called()).isTrue();
        one.addErrback(f -> null);
        two.addErrback(f -> null);
    }

    @Test
    void cancelWithFireOnOneErrbackWhenAllCancellersCallback() {
        Deferred<String> one = new Deferred<>(CALLBACK_CANCELLER);
        Deferred<String> two = new Deferred<>(CALLBACK_CANCELLER);
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two), FIRE_ON_ONE_ERRBACK);
        Recorder<List<Outcome<String>>> r = Recorder.on(dl);
        dl.cancel();
        assertThat(r.onlyValue()).containsExactly(Outcome.success("Callback Result"), Outcome.success("Callback Result"));
    }

    @Test
    void cancelContinuesPastAnInputWhoseCancellerThrows() {
        Deferred<String> one = new Deferred<>(d -> {
            throw new IllegalStateException("canceller bug");
        });
        Deferred<String> two = new Deferred<>();
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two));
        dl.cancel();
        assertThat(((Outcome.Failed<String>) two.peek()).failure().value()).isInstanceOf(CancelledException.class);
        assertThat(((Outcome.Failed<String>) one.peek()).failure().value()).isInstanceOf(CancelledException.class)
                .hasRootCauseMessage("canceller bug");
    }

    @Test
    void cancelAfterFireOnOneCallbackFiredDoesNothing() {
        Deferred<String> one = new Deferred<>();
        Deferred<String> two = new Deferred<>();
        Deferred<DeferredList.FirstCallback<String>> dl = DeferredList.fireOnOneCallback(List.of(one, two));
        one.callback("won");
        dl.cancel();
        assertThat(two.called()).isFalse();
    }

    @Test
    void cancelAfterFireOnOneErrbackFiredDoesNothing() {
        Deferred<String> one = new Deferred<>();
        Deferred<String> two = new Deferred<>();
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two), FIRE_ON_ONE_ERRBACK, CONSUME_ERRORS);
        dl.addErrback(f -> null);
        one.errback(new IOException());
        dl.cancel();
        assertThat(two.called()).isFalse();
    }

    @Test
    void cancelOfAnInputThatCannotFireNowStillFailsTheList() {
        // PORT: a paused input cannot deliver its cancellation now; the list itself still fails
        // with CancelledException instead of staying unfired.
        Deferred<String> paused = new Deferred<>();
        paused.pause();
        Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(paused));
        Recorder<List<Outcome<String>>> r = Recorder.on(dl);
        dl.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
        paused.unpause();
        assertThat(r.failures).hasSize(1);
        assertThat(paused.peek()).isInstanceOf(Outcome.Failed.class);
        paused.addErrback(f -> null);
    }

    // ---- gatherResults

    @Test
    void gatherResultsGivesValuesInInputOrder() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = Deferred.succeed(2);
        Recorder<List<Integer>> r = Recorder.on(Deferred.gatherResults(List.of(a, b)));
        a.callback(1);
        assertThat(r.onlyValue()).containsExactly(1, 2);
    }

    @Test
    void gatherResultsAllowsNullValues() {
        Recorder<List<String>> r = Recorder.on(Deferred.gatherResults(List.of(Deferred.<String>succeed(null))));
        assertThat(r.onlyValue()).containsExactly((String) null);
    }

    @Test
    void gatherResultsFailsWithFirstErrorCarryingTheIndex() {
        IOException error = new IOException("second failed");
        Deferred<Integer> bad = Deferred.fail(error);
        Recorder<List<Integer>> r = Recorder.on(Deferred.gatherResults(List.of(Deferred.succeed(1), bad)));
        FirstErrorException first = (FirstErrorException) r.onlyFailure().value();
        assertThat(first.index()).isEqualTo(1);
        assertThat(first.subFailure().value()).isSameAs(error);
        assertThat(bad.peek()).isInstanceOf(Outcome.Failed.class);
        bad.addErrback(f -> 0);
    }

    @Test
    void gatherResultsWithConsumeErrorsHandlesTheInputsFailures() {
        Deferred<Integer> bad1 = new Deferred<>();
        Deferred<Integer> bad2 = new Deferred<>();
        Recorder<List<Integer>> r = Recorder.on(Deferred.gatherResults(List.of(bad1, bad2), true));
        bad1.errback(new IOException("1"));
        bad2.errback(new IOException("2"));
        assertThat(((FirstErrorException) r.onlyFailure().value()).index()).isZero();
        assertThat(bad1.peek()).isEqualTo(Outcome.success(null));
        assertThat(bad2.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void cancelGatherResultsCancelsEveryInput() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b), true);
        Recorder<List<Integer>> r = Recorder.on(all);
        all.cancel();
        assertThat(((FirstErrorException) r.onlyFailure().value()).subFailure().check(CancelledException.class))
                .isNotNull();
        assertThat(b.called()).isTrue();
    }

    @Test
    void cancelGatherResultsWhenEveryCancellerCallsBack() {
        Deferred<String> a = new Deferred<>(CALLBACK_CANCELLER);
        Deferred<String> b = new Deferred<>(CALLBACK_CANCELLER);
        Deferred<List<String>> all = Deferred.gatherResults(List.of(a, b));
        Recorder<List<String>> r = Recorder.on(all);
        all.cancel();
        assertThat(r.onlyValue()).containsExactly("Callback Result", "Callback Result");
    }

    // ---- FirstErrorException

    @Test
    void firstErrorsAreEqualByIndexAndSubFailure() {
        Failure f = new Failure(new IOException());
        assertThat(new FirstErrorException(f, 1)).isEqualTo(new FirstErrorException(new Failure(f), 1))
                .hasSameHashCodeAs(new FirstErrorException(f, 1));
        assertThat(new FirstErrorException(f, 1)).isNotEqualTo(new FirstErrorException(f, 2));
        assertThat(new FirstErrorException(f, 1)).isNotEqualTo(new FirstErrorException(new Failure(new IOException()), 1));
        assertThat(new FirstErrorException(f, 3).getMessage()).contains("input 3 failed").contains("IOException");
    }

    // ---- race

    @Test
    void raceFiresWithTheFirstSuccessAndCancelsTheOthers() {
        for (int winner = 0; winner < 4; winner++) {
            List<Integer> cancelled = new ArrayList<>();
            List<Deferred<String>> inputs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int index = i;
                inputs.add(new Deferred<>(d -> cancelled.add(index)));
            }
            Recorder<DeferredList.IndexedValue<String>> r = Recorder.on(Deferred.race(inputs));
            inputs.get(winner).callback("won");
            assertThat(r.onlyValue()).isEqualTo(new DeferredList.IndexedValue<>("won", winner));
            List<Integer> expected = new ArrayList<>(List.of(0, 1, 2, 3));
            expected.remove(Integer.valueOf(winner));
            assertThat(cancelled).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void raceFailsWithAllFailuresInInputOrderWhenEveryInputFails() {
        Deferred<String> a = new Deferred<>(d -> { });
        Deferred<String> b = new Deferred<>(d -> { });
        Recorder<DeferredList.IndexedValue<String>> r = Recorder.on(Deferred.race(List.of(a, b)));
        Failure fb = new Failure(new IOException("b"));
        Failure fa = new Failure(new IOException("a"));
        b.errback(fb);
        a.errback(fa);
        FailureGroupException group = (FailureGroupException) r.onlyFailure().value();
        assertThat(group.failures()).containsExactly(fa, fb);
        assertThat(group.getSuppressed()).containsExactly(fa.value(), fb.value());
    }

    @Test
    void raceIgnoresResultsArrivingAfterTheWinner() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>(d -> { }); // ignores cancellation
        Recorder<DeferredList.IndexedValue<String>> r = Recorder.on(Deferred.race(List.of(a, b)));
        a.callback("first");
        assertThatThrownBy(() -> b.callback("second")).isInstanceOf(AlreadyCalledException.class);
        assertThat(r.onlyValue().value()).isEqualTo("first");
    }

    @Test
    void raceToleratesALoserWhoseCancellerCallsBack() {
        Deferred<String> winner = new Deferred<>();
        Deferred<String> loser = new Deferred<>(CALLBACK_CANCELLER);
        Recorder<DeferredList.IndexedValue<String>> r = Recorder.on(Deferred.race(List.of(winner, loser)));
        winner.callback("expected");
        assertThat(r.onlyValue()).isEqualTo(new DeferredList.IndexedValue<>("expected", 0));
    }

    @Test
    void cancellingARaceCancelsEveryInput() {
        List<Integer> cancelled = new ArrayList<>();
        Deferred<String> a = new Deferred<>(d -> cancelled.add(0));
        Deferred<String> b = new Deferred<>(d -> cancelled.add(1));
        Deferred<DeferredList.IndexedValue<String>> race = Deferred.race(List.of(a, b));
        Recorder<DeferredList.IndexedValue<String>> r = Recorder.on(race);
        race.cancel();
        assertThat(cancelled).containsExactly(0, 1);
        assertThat(r.onlyFailure().value()).isInstanceOf(FailureGroupException.class);
    }

    @Test
    void raceConsumesTheInputsResults() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred.race(List.of(a, b));
        a.callback("won");
        assertThat(a.peek()).isEqualTo(Outcome.success(null));
        assertThat(b.peek()).isEqualTo(Outcome.success(null));
    }
}
