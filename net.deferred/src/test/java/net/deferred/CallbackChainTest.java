package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** §1.1: the callback chain model. */
class CallbackChainTest {

    @Test
    void callbacksRunInOrderEachReceivingThePreviousResult() {
        Deferred<Integer> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallback(x -> x + 1).addCallback(x -> x * 10).addCallback(x -> "=" + x));
        d.callback(1);
        assertThat(r.onlyValue()).isEqualTo("=20");
    }

    @Test
    void callbacksDoNotRunBeforeFiring() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        assertThat(r.fired()).isFalse();
        assertThat(d.called()).isFalse();
        assertThat(d.hasResult()).isFalse();
    }

    @Test
    void exceptionInCallbackSwitchesToErrbackSide() {
        Deferred<String> d = new Deferred<>();
        List<String> skipped = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<String> r = Recorder.on(d.<String>addCallback(s -> {
            throw boom;
        }).addCallback(s -> {
            skipped.add("ran");
            return s;
        }));
        d.callback("x");
        assertThat(skipped).isEmpty();
        assertThat(r.onlyFailure().value()).isSameAs(boom);
    }

    @Test
    void checkedExceptionThrownByCallbackBecomesFailure() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallback(s -> {
            throw new IOException("disk");
        }));
        d.callback("x");
        assertThat(r.onlyFailure().value()).isInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void errorThrownByCallbackBecomesFailureToo() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallback(s -> {
            throw new AssertionError("an Error");
        }));
        d.callback("x");
        assertThat(r.onlyFailure().value()).isInstanceOf(AssertionError.class);
        assertThat(d.called()).isTrue();
    }

    @Test
    void errbackThatReturnsNormallyRecovers() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addErrback(f -> "recovered").addCallback(s -> s + "!"));
        d.errback(new IOException());
        assertThat(r.onlyValue()).isEqualTo("recovered!");
    }

    @Test
    void errbacksAreSkippedOnSuccess() {
        Deferred<String> d = new Deferred<>();
        List<Failure> seen = new ArrayList<>();
        Recorder<String> r = Recorder.on(d.addErrback(f -> {
            seen.add(f);
            return "no";
        }));
        d.callback("yes");
        assertThat(seen).isEmpty();
        assertThat(r.onlyValue()).isEqualTo("yes");
    }

    @Test
    void callbacksAreSkippedOnFailureUntilAnErrback() {
        Deferred<String> d = new Deferred<>();
        List<String> ran = new ArrayList<>();
        Recorder<String> r = Recorder.on(d.addCallback(s -> {
            ran.add("cb1");
            return s;
        }).addCallback(s -> {
            ran.add("cb2");
            return s;
        }).addErrback(f -> "handled " + f.type().getSimpleName()));
        d.errback(new IOException());
        assertThat(ran).isEmpty();
        assertThat(r.onlyValue()).isEqualTo("handled IOException");
    }

    @Test
    void addCallbacksRunsOnlyOneSideSoItsErrbackDoesNotSeeItsCallbacksFailure() {
        Deferred<String> d = new Deferred<>();
        List<Failure> pairErrback = new ArrayList<>();
        Recorder<String> r = Recorder.on(d.<String>addCallbacks(s -> {
            throw new IOException("from callback");
        }, f -> {
            pairErrback.add(f);
            return "no";
        }));
        d.callback("x");
        assertThat(pairErrback).isEmpty();
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("from callback");
    }

    @Test
    void addCallbacksErrbackSideHandlesFailure() {
        Deferred<String> d = new Deferred<>();
        Recorder<Integer> r = Recorder.on(d.addCallbacks(String::length, f -> -1));
        d.errback(new IOException());
        assertThat(r.onlyValue()).isEqualTo(-1);
    }

    @Test
    void addBothSeesSuccessOutcome() {
        Deferred<String> d = new Deferred<>();
        Recorder<Outcome<String>> r = Recorder.on(d.addBoth(o -> o));
        d.callback("v");
        assertThat(r.onlyValue()).isEqualTo(Outcome.success("v"));
    }

    @Test
    void addBothSeesFailedOutcomeAndRecovers() {
        Deferred<String> d = new Deferred<>();
        IOException error = new IOException();
        Recorder<Boolean> r = Recorder.on(d.addBoth(o -> o instanceof Outcome.Failed<String> f && f.failure().value() == error));
        d.errback(error);
        assertThat(r.onlyValue()).isTrue();
    }

    @Test
    void addBothPassesFailureThroughUnchangedWithValueOrThrow() {
        Deferred<String> d = new Deferred<>();
        Failure original = new Failure(new IOException());
        Recorder<String> r = Recorder.on(d.addBoth(Outcome::valueOrThrow));
        d.errback(original);
        assertThat(r.onlyFailure()).isSameAs(original);
    }

    @Test
    void addFinallyRunsOnSuccessAndPassesValueThrough() {
        Deferred<String> d = new Deferred<>();
        List<String> ran = new ArrayList<>();
        Recorder<String> r = Recorder.on(d.addFinally(() -> ran.add("finally")));
        d.callback("v");
        assertThat(ran).containsExactly("finally");
        assertThat(r.onlyValue()).isEqualTo("v");
    }

    @Test
    void addFinallyRunsOnFailureAndPassesTheSameFailureThrough() {
        Deferred<String> d = new Deferred<>();
        List<String> ran = new ArrayList<>();
        Failure original = new Failure(new IOException());
        Recorder<String> r = Recorder.on(d.addFinally(() -> ran.add("finally")));
        d.errback(original);
        assertThat(ran).containsExactly("finally");
        assertThat(r.onlyFailure()).isSameAs(original);
    }

    @Test
    void addFinallyThatThrowsReplacesTheResult() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addFinally(() -> {
            throw new IOException("cleanup failed");
        }));
        d.callback("v");
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("cleanup failed");
    }

    @Test
    void trapRethrowKeepsTheSameFailureObject() {
        Deferred<String> d = new Deferred<>();
        Failure original = new Failure(new IOException());
        Recorder<String> r = Recorder.on(d.addErrback(f -> {
            f.trap(IllegalStateException.class);
            return "trapped";
        }));
        d.errback(original);
        assertThat(r.onlyFailure()).isSameAs(original);
    }

    @Test
    void trapThatMatchesRecovers() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addErrback(f -> f.trap(IOException.class).getSimpleName()));
        d.errback(new java.io.FileNotFoundException());
        assertThat(r.onlyValue()).isEqualTo("IOException");
    }

    @Test
    void stepAddedAfterFiringRunsImmediately() {
        Deferred<String> d = Deferred.succeed("now");
        List<String> seen = new ArrayList<>();
        d.addCallback(seen::add);
        assertThat(seen).containsExactly("now");
    }

    @Test
    void finalResultStaysStoredForLaterCallbacks() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> doubled = d.addCallback(x -> x * 2);
        d.callback(21);
        assertThat(doubled.peek()).isEqualTo(Outcome.success(42));
        assertThat(Recorder.on(doubled).onlyValue()).isEqualTo(42);
    }

    @Test
    void nullResultsFlowThroughTheChain() {
        Deferred<Void> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallback(v -> v == null ? "was null" : "not null"));
        d.callback(null);
        assertThat(r.onlyValue()).isEqualTo("was null");
    }

    @Test
    void callbackWithADeferredIsRejected() {
        Deferred<Object> d = new Deferred<>();
        assertThatThrownBy(() -> d.callback(new Deferred<String>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addCallbackDeferred");
        assertThat(d.called()).isFalse();
    }

    @Test
    void valueCallbackReturningADeferredFailsTheChain() {
        Deferred<String> d = new Deferred<>();
        Recorder<Object> r = Recorder.on(d.addCallback(s -> (Object) Deferred.succeed(s)));
        d.callback("x");
        assertThat(r.onlyFailure().value()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("*Deferred variant");
    }

    @Test
    void nullCallbacksAreRefusedAtTheCallWithAClearMessage() {
        Deferred<String> d = new Deferred<>();
        assertThatThrownBy(() -> d.addCallback(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callback must not be null");
        assertThatThrownBy(() -> d.addErrback(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("errback must not be null");
        assertThatThrownBy(() -> d.addCallbacks(s -> s, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("errback");
        assertThatThrownBy(() -> d.addBoth(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.addCallbackDeferred(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.addErrbackDeferred(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.addBothDeferred(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.addFinally(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.errback((Throwable) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.errback((Failure) null)).isInstanceOf(NullPointerException.class);
        assertThat(d.called()).isFalse();
    }

    @Test
    void callbackAddedByARunningCallbackRunsAfterItInOrder() {
        Deferred<String> d = new Deferred<>();
        List<Integer> called = new ArrayList<>();
        AtomicReference<Deferred<String>> end = new AtomicReference<>();
        Deferred<String> first = d.addCallback(x -> {
            called.add(1);
            end.get().addCallback(y -> called.add(3));
            return x;
        });
        end.set(first.addCallback(x -> {
            called.add(2);
            return x;
        }));
        d.callback("go");
        assertThat(called).containsExactly(1, 2, 3);
    }

    @Test
    void callbackAddedByARunningCallbackDoesNotRunBeforeItReturns() {
        Deferred<String> d = new Deferred<>();
        List<Integer> called = new ArrayList<>();
        List<List<Integer>> snapshot = new ArrayList<>();
        AtomicReference<Deferred<String>> end = new AtomicReference<>();
        end.set(d.addCallback(x -> {
            called.add(1);
            end.get().addCallback(y -> called.add(2));
            snapshot.add(List.copyOf(called));
            return x;
        }));
        d.callback("go");
        assertThat(snapshot).containsExactly(List.of(1));
        assertThat(called).containsExactly(1, 2);
    }

    @Test
    void failureOfACallbackAddedReentrantlyReachesTheNextErrback() {
        Deferred<String> d = new Deferred<>();
        AtomicReference<Deferred<String>> end = new AtomicReference<>();
        end.set(d.addCallback(x -> {
            end.set(end.get().addCallback(y -> {
                throw new IOException("reentrant");
            }));
            return x;
        }));
        d.callback("go");
        assertThat(end.get().peek()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<String>) end.get().peek()).failure().getErrorMessage()).isEqualTo("reentrant");
        end.get().addErrback(f -> "handled");
    }

    @Test
    void peekShowsFailureWithoutConsumingIt() {
        Deferred<String> d = new Deferred<>();
        IOException e = new IOException();
        d.errback(e);
        assertThat(d.peek()).isEqualTo(Outcome.failed(new Failure(e)));
        assertThat(d.peek()).isEqualTo(Outcome.failed(new Failure(e)));
        d.addErrback(f -> "ok");
        assertThat(d.peek()).isEqualTo(Outcome.success("ok"));
    }

    @Test
    void toStringDescribesState() {
        Deferred<String> d = new Deferred<>();
        assertThat(d.toString()).startsWith("Deferred@").endsWith("[pending]");
        d.callback("orange");
        assertThat(d.toString()).endsWith("[current result: orange]");
        Deferred<String> outer = Deferred.succeed("x");
        outer.addCallbackDeferred(s -> d.addCallbackDeferred(t -> new Deferred<String>()));
        assertThat(outer.toString()).contains("[waiting on Deferred@");
    }

}
