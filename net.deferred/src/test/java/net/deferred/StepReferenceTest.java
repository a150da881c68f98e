package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One reference per Deferred step: a step that may change the result type returns a new
 * reference to the same chain and makes the old one stale; misuse fails at the call, not when the
 * chain fires.
 */
class StepReferenceTest {

    private static final String STALE_BY_ADD_CALLBACK = "this Deferred was continued by addCallback, which may"
            + " change the result type; add further steps to the Deferred that addCallback returned";

    @Test
    void typeChangingStepsReturnANewReferenceToTheSameChain() {
        Map<String, Function<Deferred<String>, Deferred<?>>> steps = new LinkedHashMap<>();
        steps.put("addCallback", d -> d.addCallback(String::length));
        steps.put("addCallbackDeferred", d -> d.addCallbackDeferred(s -> Deferred.succeed(s.length())));
        steps.put("addCallbacks", d -> d.addCallbacks(String::length, f -> -1));
        steps.put("addBoth", d -> d.addBoth(o -> o.valueOrThrow().length()));
        steps.put("addBothDeferred", d -> d.addBothDeferred(o -> Deferred.succeed(o.valueOrThrow().length())));
        steps.forEach((name, step) -> {
            Deferred<String> d = new Deferred<>();
            Deferred<?> next = step.apply(d);
            assertThat(next).as(name).isNotSameAs(d);
            d.callback("four");
            assertThat(next.peek()).as(name).isEqualTo(Outcome.success(4));
            assertThat(next.toString()).as(name).isEqualTo(d.toString());
        });
    }

    @Test
    void sameTypeStepsReturnTheSameReference() {
        FakeScheduler clock = new FakeScheduler();
        Deferred<String> d = new Deferred<>();
        Deferred<String> other = new Deferred<>();
        List<Object> returned = List.of(
                d.addErrback(f -> "recovered"),
                d.addErrbackDeferred(f -> Deferred.succeed("recovered later")),
                d.addFinally(() -> { }),
                d.addTimeout(Duration.ofSeconds(5), clock),
                d.addTimeout(Duration.ofSeconds(5), clock, (outcome, timeout) -> "timed out"),
                d.chainDeferred(other));
        assertThat(returned).allSatisfy(r -> assertThat(r).isSameAs(d));
        Recorder<String> r = Recorder.on(other);
        d.callback("x");
        assertThat(r.onlyValue()).isEqualTo("x");
    }

    @Test
    void twistedHabitOfAddingSameTypeStepsThenReturningTheDeferredKeepsWorking() {
        FakeScheduler clock = new FakeScheduler();
        Deferred<String> d = fetch(clock);
        Recorder<String> r = Recorder.on(d);
        clock.advance(Duration.ofSeconds(10));
        assertThat(r.onlyFailure().value()).isInstanceOf(DeferredTimeoutException.class);
    }

    private static Deferred<String> fetch(FakeScheduler clock) {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> {
            throw f.raiseException();
        });
        d.addTimeout(Duration.ofSeconds(10), clock);
        return d;
    }

    @Test
    void aStepThroughAStaleReferenceThrowsAtOnceNamingWhatMadeItStale() {
        Deferred<String> d = new Deferred<>();
        Deferred<Integer> length = d.addCallback(String::length);
        assertThatThrownBy(() -> d.addCallback(s -> s + "!"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("addCallback on a stale Deferred: " + STALE_BY_ADD_CALLBACK);
        assertThatThrownBy(() -> d.addErrback(f -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("addErrback on a stale Deferred: " + STALE_BY_ADD_CALLBACK);
        // Nothing was added: the chain runs as if the refused calls had not happened.
        d.callback("abc");
        assertThat(length.peek()).isEqualTo(Outcome.success(3));
    }

    @Test
    void everyStepAndReadThroughAStaleReferenceIsRefused() {
        FakeScheduler clock = new FakeScheduler();
        Map<String, Consumer<Deferred<String>>> uses = new LinkedHashMap<>();
        uses.put("addCallback", d -> d.addCallback(s -> s));
        uses.put("addCallbackDeferred", d -> d.addCallbackDeferred(Deferred::succeed));
        uses.put("addCallbacks", d -> d.addCallbacks(s -> s, f -> "x"));
        uses.put("addBoth", d -> d.addBoth(Outcome::valueOrThrow));
        uses.put("addBothDeferred", d -> d.addBothDeferred(o -> Deferred.succeed("x")));
        uses.put("addErrback", d -> d.addErrback(f -> "x"));
        uses.put("addErrbackDeferred", d -> d.addErrbackDeferred(f -> Deferred.succeed("x")));
        uses.put("addFinally", d -> d.addFinally(() -> { }));
        uses.put("addTimeout", d -> d.addTimeout(Duration.ofSeconds(1), clock));
        uses.put("chainDeferred", d -> d.chainDeferred(new Deferred<>()));
        uses.put("toCompletableFuture", Deferred::toCompletableFuture);
        uses.put("peek", Deferred::peek);
        Map<String, Consumer<Deferred<String>>> continuations = new LinkedHashMap<>();
        continuations.put("addCallback", d -> d.addCallback(String::length));
        continuations.put("addCallbackDeferred", d -> d.addCallbackDeferred(s -> Deferred.succeed(1)));
        continuations.put("addCallbacks", d -> d.addCallbacks(String::length, f -> 0));
        continuations.put("addBoth", d -> d.addBoth(o -> 1));
        continuations.put("addBothDeferred", d -> d.addBothDeferred(o -> Deferred.succeed(1)));
        continuations.forEach((continuedBy, continuation) -> uses.forEach((use, call) -> {
            Deferred<String> d = new Deferred<>();
            continuation.accept(d);
            assertThatThrownBy(() -> call.accept(d)).as(use + " after " + continuedBy)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(use + " on a stale Deferred: this Deferred was continued by "
                            + continuedBy + ",")
                    .hasMessageEndingWith("the Deferred that " + continuedBy + " returned");
        }));
        assertThat(clock.pending()).as("a refused addTimeout schedules nothing").isEmpty();
    }

    @Test
    void theNewReferenceGoesStaleInItsTurn() {
        Deferred<String> d = new Deferred<>();
        Deferred<Integer> length = d.addCallback(String::length);
        Deferred<Integer> doubled = length.addBoth(o -> o.valueOrThrow() * 2);
        assertThatThrownBy(() -> length.addCallback(n -> n))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("continued by addBoth");
        d.callback("abc");
        assertThat(doubled.peek()).isEqualTo(Outcome.success(6));
    }

    @Test
    void firingTheReferenceAStepReturnedThrowsInsteadOfCorruptingTheStartOfTheChain() {
        Deferred<String> d = new Deferred<>();
        Deferred<Integer> x = d.addCallback(String::length);
        assertThatThrownBy(() -> x.callback(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("callback on the Deferred that addCallback returned: only the start of the chain,"
                        + " the Deferred that new Deferred<>() returned, may be fired (a later step's reference"
                        + " has a later step's type); fire that one");
        assertThatThrownBy(() -> x.errback(new IOException("no")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("errback on the Deferred that addCallback returned");
        assertThatThrownBy(() -> x.errback(new Failure(new IOException("no"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("errback on the Deferred that addCallback returned");
        assertThat(d.called()).isFalse();
        d.callback("four");
        assertThat(x.peek()).isEqualTo(Outcome.success(4));
    }

    @Test
    void theStartIsFiredAfterItWentStaleTheWayAProducerFiresIt() {
        Deferred<String> d = new Deferred<>();
        Recorder<Integer> r = Recorder.on(d.addCallback(String::length));
        d.callback("abc");
        assertThat(r.onlyValue()).isEqualTo(3);
        assertThatThrownBy(() -> d.callback("again")).isInstanceOf(AlreadyCalledException.class);
    }

    @Test
    void cancelThroughAnyReferenceCancelsTheChainAndTheCancellerGetsTheStart() {
        List<Deferred<String>> cancelled = new ArrayList<>();
        Deferred<String> d = new Deferred<>(cancelled::add);
        Deferred<Integer> length = d.addCallback(String::length);
        Deferred<Integer> end = length.addCallback(n -> n + 1);
        length.cancel();
        assertThat(cancelled).containsExactly(d);
        assertThat(end.peek()).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.failure().value()).isInstanceOf(CancelledException.class));
        end.cancel(); // fired: nothing happens, through any reference
        assertThat(cancelled).hasSize(1);
    }

    @Test
    void stateAndPauseActOnTheOneChainThroughEveryReference() {
        Deferred<String> d = new Deferred<>();
        Deferred<Integer> length = d.addCallback(String::length);
        Deferred<Integer> end = length.addCallback(n -> n * 10);
        List<Deferred<?>> all = List.of(d, length, end);
        assertThat(all).allSatisfy(ref -> {
            assertThat(ref.called()).isFalse();
            assertThat(ref.hasResult()).isFalse();
            assertThat(ref.paused()).isFalse();
        });
        length.pause(); // a stale reference may pause the chain ...
        d.callback("abcd");
        assertThat(all).allSatisfy(ref -> {
            assertThat(ref.called()).isTrue();
            assertThat(ref.paused()).isTrue();
        });
        assertThat(end.peek()).isNotEqualTo(Outcome.success(40)); // held back: the steps have not run
        end.unpause(); // ... and another reference undo it
        assertThat(end.peek()).isEqualTo(Outcome.success(40));
        assertThat(all).allSatisfy(ref -> assertThat(ref.toString()).isEqualTo(end.toString()));
        assertThatThrownBy(d::unpause).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callbackReturningAStaleDeferredFailsTheChainWithTheMessage() {
        Deferred<String> inner = new Deferred<>();
        Deferred<Integer> innerLength = inner.addCallback(String::length);
        Deferred<String> outer = new Deferred<>();
        Recorder<Object> wrong = Recorder.on(outer.addCallbackDeferred(s -> inner));
        outer.callback("go");
        assertThat(wrong.onlyFailure().value()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a callback returned a stale Deferred to wait on: this Deferred was continued by"
                        + " addCallback, which may change the result type; return the Deferred that addCallback"
                        + " returned");
        // The inner chain is untouched: no continuation was attached to it.
        inner.callback("abc");
        assertThat(innerLength.peek()).isEqualTo(Outcome.success(3));
    }

    @Test
    void callbackReturningTheInnerChainsCurrentEndWaitsForIt() {
        Deferred<String> inner = new Deferred<>();
        Deferred<Integer> innerLength = inner.addCallback(String::length);
        Deferred<String> outer = new Deferred<>();
        Recorder<Integer> r = Recorder.on(outer.addCallbackDeferred(s -> innerLength));
        outer.callback("go");
        assertThat(r.fired()).isFalse();
        inner.callback("abcde");
        assertThat(r.onlyValue()).isEqualTo(5);
    }

    @Test
    void staleInputsOfDeferredListGatherResultsAndRaceAreRefusedBeforeAnythingIsAttached() {
        Deferred<String> live = new Deferred<>();
        Deferred<String> stale = new Deferred<>();
        stale.addCallback(String::length);
        List<Deferred<String>> inputs = List.of(live, stale);
        assertThatThrownBy(() -> DeferredList.of(inputs, DeferredList.Option.CONSUME_ERRORS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DeferredList was given a stale Deferred: " + STALE_BY_ADD_CALLBACK.replace(
                        "add further steps to", "pass"));
        assertThatThrownBy(() -> Deferred.gatherResults(inputs, true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Deferred.race(inputs))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("race was given a stale Deferred");
        // Had CONSUME_ERRORS attached to the live input, its failure would have become null.
        IOException e = new IOException("kept");
        live.errback(e);
        assertThat(live.peek()).isEqualTo(Outcome.failed(new Failure(e)));
        live.addErrback(f -> "handled");
    }

    @Test
    void chainDeferredRefusesAReferenceThatMayNotBeFired() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> start = new Deferred<>();
        Deferred<String> derived = start.addCallback(s -> s + "!");
        assertThatThrownBy(() -> d.chainDeferred(derived))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the Deferred that addCallback returned")
                .hasMessageContaining("pass that one");
        assertThatThrownBy(() -> derived.chainDeferred(start))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chained to itself");
        d.chainDeferred(start);
        d.callback("hi");
        assertThat(derived.peek()).isEqualTo(Outcome.success("hi!"));
    }
}
