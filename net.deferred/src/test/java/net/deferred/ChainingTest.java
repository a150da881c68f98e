package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** §1.3: a callback returns a Deferred. */
class ChainingTest {

    @Test
    void innerWithResultIsStolenAtOnceAndKeepsNull() {
        Deferred<String> outer = new Deferred<>();
        Deferred<String> inner = Deferred.succeed("inner result");
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(s -> inner));
        outer.callback("outer");
        assertThat(r.onlyValue()).isEqualTo("inner result");
        assertThat(inner.peek()).isEqualTo(Outcome.success(null));
        assertThat(Recorder.on(inner).onlyValue()).isNull();
    }

    @Test
    void innerFailureIsStolenAndTheInnerIsLeftWithNull() {
        Deferred<String> outer = new Deferred<>();
        IOException error = new IOException("inner failed");
        Deferred<String> inner = Deferred.fail(error);
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(s -> inner));
        outer.callback("outer");
        assertThat(r.onlyFailure().value()).isSameAs(error);
        assertThat(inner.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void unfiredInnerMakesTheOuterWaitUntilItFires() {
        Deferred<String> outer = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(s -> inner).addCallback(s -> s + "!"));
        outer.callback("outer");
        assertThat(r.fired()).isFalse();
        assertThat(outer.paused()).isTrue();
        assertThat(outer.hasResult()).isFalse();
        inner.callback("inner");
        assertThat(r.onlyValue()).isEqualTo("inner!");
        assertThat(outer.paused()).isFalse();
        assertThat(inner.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void asynchronousInnerFailureReachesTheOutersErrbacks() {
        Deferred<String> outer = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(s -> inner));
        outer.callback("outer");
        IOException error = new IOException();
        inner.errback(error);
        assertThat(r.onlyFailure().value()).isSameAs(error);
        assertThat(inner.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void innerCallbacksAddedBeforeTheChainRunFirstAndLaterOnesGetNull() {
        Deferred<String> outer = new Deferred<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> innerEnd = inner.addCallback(s -> s + "+before");
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(s -> innerEnd));
        outer.callback("outer");
        List<Object> late = new ArrayList<>();
        innerEnd.addCallback(late::add);
        inner.callback("inner");
        assertThat(r.onlyValue()).isEqualTo("inner+before");
        assertThat(late).containsExactly((Object) null);
    }

    @Test
    void chainingIsTransitive() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<String> bEnd = b.addCallbackDeferred(x -> c);
        Recorder<String> r = Recorder.on(a.addCallbackDeferred(x -> bEnd));
        a.callback("a");
        b.callback("b");
        assertThat(r.fired()).isFalse();
        c.callback("c");
        assertThat(r.onlyValue()).isEqualTo("c");
    }

    @Test
    void nestedAsynchronousChainedDeferredsContinueInOrder() {
        List<Object> results = new ArrayList<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer").addCallbackDeferred(result -> {
            results.add("start-of-cb " + result);
            return Deferred.succeed("inner").addCallbackDeferred(x -> {
                results.add("firstCallback");
                return inner;
            }).addCallback(x -> {
                results.add("secondCallback " + x);
                return x + x;
            });
        });
        outer.addCallback(results::add);
        assertThat(results).containsExactly("start-of-cb outer", "firstCallback");
        inner.callback("orange");
        assertThat(results).containsExactly("start-of-cb outer", "firstCallback", "secondCallback orange",
                "orangeorange");
    }

    @Test
    void nestedChainsWithExtraCallbacksOnTheInner() {
        List<Object> results = new ArrayList<>();
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("outer");
        outer.addCallbackDeferred(result -> Deferred.succeed("inner")
                        .addCallbackDeferred(x -> inner.addCallback(List::of))
                        .addCallback(list -> {
                            results.add(list);
                            List<String> doubled = new ArrayList<>(list);
                            doubled.addAll(list);
                            return doubled;
                        }))
                .addCallback(results::add);
        inner.callback("withers");
        assertThat(results).containsExactly(List.of("withers"), List.of("withers", "withers"));
    }

    @Test
    void callbacksAddedToTheOuterAfterAChainRunAfterTheInnerOnes() {
        List<Object> results = new ArrayList<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        outer.addCallbackDeferred(result -> {
            results.add("cb");
            Deferred<Void> d = new Deferred<>();
            Deferred<Void> returner = d.addCallbackDeferred(x -> {
                results.add("firstCallback");
                return Deferred.gatherResults(List.of(a));
            }).addCallback(list -> {
                results.add("secondCallback " + list);
                return null;
            });
            d.callback(null);
            return returner;
        }).addCallback(x -> results.add("final"));
        outer.callback("outer");
        assertThat(results).containsExactly("cb", "firstCallback");
        a.callback("withers");
        assertThat(results).containsExactly("cb", "firstCallback", "secondCallback [withers]", "final");
    }

    @Test
    void pausedInnerWithAResultStillMakesTheOuterWait() {
        Deferred<String> inner = Deferred.succeed("inner");
        inner.pause();
        Deferred<String> outer = Deferred.succeed("outer");
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(x -> inner));
        assertThat(r.fired()).isFalse();
        inner.unpause();
        assertThat(r.onlyValue()).isEqualTo("inner");
    }

    @Test
    void pausedOuterDoesNotStopTheInnersLaterCallbacks() {
        Deferred<Void> first = new Deferred<>();
        Deferred<Void> second = new Deferred<>();
        first.addCallbackDeferred(x -> second);
        first.callback(null);
        first.pause();
        second.callback(null);
        List<Object> result = new ArrayList<>();
        second.addCallback(result::add);
        assertThat(result).containsExactly((Object) null);
    }

    @Test
    void pausedOuterDoesNotStopTheInnersAlreadyQueuedCallbacks() {
        // PORT: Twisted stops the whole propagation at a paused waiter; callbacks already queued
        // on the inner after the hand-off marker run anyway here.
        Deferred<String> outer = Deferred.succeed("o");
        Deferred<String> inner = new Deferred<>();
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(x -> inner));
        List<Object> after = new ArrayList<>();
        inner.addCallback(after::add);
        outer.pause();
        inner.callback("i");
        assertThat(after).containsExactly((Object) null);
        assertThat(r.fired()).isFalse();
        outer.unpause();
        assertThat(r.onlyValue()).isEqualTo("i");
    }

    @Test
    void middleDeferredCallbacksAddedLaterRunOnceTheLastFires() {
        Deferred<Void> first = new Deferred<>();
        Deferred<Void> second = new Deferred<>();
        Deferred<Void> third = new Deferred<>();
        Deferred<Void> secondEnd = second.addCallbackDeferred(x -> third);
        first.addCallbackDeferred(x -> secondEnd);
        second.callback(null);
        first.callback(null);
        third.callback(null);
        List<Object> results = new ArrayList<>();
        secondEnd.addCallback(results::add);
        assertThat(results).containsExactly((Object) null);
    }

    @Test
    void callbackReturningItsOwnDeferredFailsImmediately() {
        // The chain's current end is the reference its own callback returns here.
        Deferred<String> d = new Deferred<>();
        AtomicReference<Deferred<String>> self = new AtomicReference<>();
        Deferred<String> end = d.addCallbackDeferred(x -> self.get());
        self.set(end);
        d.callback("x");
        assertThat(end.peek()).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.failure().value()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Deferred it was attached to"));
        end.addErrback(f -> "handled");
    }

    @Test
    void callbackReturningAnAlreadyFailedDeferred() {
        Deferred<String> d = new Deferred<>();
        IOException error = new IOException();
        List<String> skipped = new ArrayList<>();
        Recorder<String> r = Recorder.on(d.<String>addCallbackDeferred(x -> Deferred.fail(error)).addCallback(s -> {
            skipped.add(s);
            return s;
        }));
        d.callback("x");
        assertThat(skipped).isEmpty();
        assertThat(r.onlyFailure().value()).isSameAs(error);
    }

    @Test
    void errbackReturningADeferredRecoversWithItsResult() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> retry = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addErrbackDeferred(f -> retry));
        d.errback(new IOException());
        assertThat(r.fired()).isFalse();
        retry.callback("second try");
        assertThat(r.onlyValue()).isEqualTo("second try");
    }

    @Test
    void chainingFromInsideAnErrbackToAFailingDeferredKeepsFailing() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> retry = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addErrbackDeferred(f -> retry));
        d.errback(new IOException("first"));
        retry.errback(new IOException("second"));
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("second");
    }

    @Test
    void errbackDeferredIsSkippedOnSuccess() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addErrbackDeferred(f -> new Deferred<>()));
        d.callback("fine");
        assertThat(r.onlyValue()).isEqualTo("fine");
    }

    @Test
    void addBothDeferredChainsOnBothSides() {
        Deferred<String> ok = new Deferred<>();
        Deferred<String> bad = new Deferred<>();
        Recorder<String> r1 = Recorder.on(ok.addBothDeferred(o -> Deferred.succeed("ok:" + o.isSuccess())));
        Recorder<String> r2 = Recorder.on(bad.addBothDeferred(o -> Deferred.succeed("bad:" + o.isSuccess())));
        ok.callback("x");
        bad.errback(new IOException());
        assertThat(r1.onlyValue()).isEqualTo("ok:true");
        assertThat(r2.onlyValue()).isEqualTo("bad:false");
    }

    @Test
    void deferredCallbackReturningNullFails() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallbackDeferred(x -> null));
        d.callback("x");
        assertThat(r.onlyFailure().value()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returned null");
    }

    @Test
    void deferredCallbackThatThrowsFails() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallbackDeferred(x -> {
            throw new IOException("no deferred");
        }));
        d.callback("x");
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("no deferred");
    }

    @Test
    void innerRunningItsCallbacksMakesTheOuterWaitForItsFinalResult() {
        // The inner Deferred fires the outer from inside one of its own callbacks, and the outer's
        // callback returns the inner: the outer gets the inner's result after that callback.
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = new Deferred<>();
        AtomicReference<Deferred<String>> innerEnd = new AtomicReference<>();
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(x -> innerEnd.get()));
        innerEnd.set(inner.addCallback(s -> {
            outer.callback("go");
            return s + " after the running callback";
        }));
        inner.callback("inner");
        assertThat(r.onlyValue()).isEqualTo("inner after the running callback");
    }

    @Test
    void chainDeferredPassesTheResultOnAndLeavesNull() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Recorder<String> rb = Recorder.on(b);
        a.chainDeferred(b);
        a.callback("v");
        assertThat(rb.onlyValue()).isEqualTo("v");
        assertThat(a.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void chainDeferredPassesFailuresOn() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Recorder<String> rb = Recorder.on(b);
        a.chainDeferred(b);
        IOException e = new IOException();
        a.errback(e);
        assertThat(rb.onlyFailure().value()).isSameAs(e);
        assertThat(a.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void chainDeferredToAFiredDeferredFailsWithAlreadyCalled() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = Deferred.succeed("already");
        a.chainDeferred(b);
        a.callback("v");
        assertThat(a.peek()).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isInstanceOf(AlreadyCalledException.class));
        a.addErrback(f -> null);
    }

    @Test
    void chainDeferredToItselfIsRejected() {
        Deferred<String> a = new Deferred<>();
        assertThatThrownBy(() -> a.chainDeferred(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelOfAnOuterChainedWithChainDeferredIsNotForwarded() {
        Deferred<String> b = new Deferred<>();
        Deferred<String> a = new Deferred<>();
        a.chainDeferred(b);
        b.cancel();
        assertThat(a.called()).isFalse();
        assertThat(b.peek()).isInstanceOf(Outcome.Failed.class);
        b.addErrback(f -> null);
    }
}
