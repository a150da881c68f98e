package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.5: cancel(). */
class CancellationTest {

    @Test
    void withoutCancellerCancelFailsWithCancelledException() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void cancelledExceptionIsAJdkCancellationException() {
        assertThat(new CancelledException()).isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @Test
    void withoutCancellerOneLateCallbackIsSwallowedThenAlreadyCalled() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        d.callback("late");
        assertThatThrownBy(() -> d.callback("later")).isInstanceOf(AlreadyCalledException.class);
        assertThatThrownBy(() -> d.errback(new IOException())).isInstanceOf(AlreadyCalledException.class);
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void withoutCancellerOneLateErrbackIsSwallowedThenAlreadyCalled() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        d.errback(new IOException("late"));
        assertThatThrownBy(() -> d.callback("later")).isInstanceOf(AlreadyCalledException.class);
        assertThatThrownBy(() -> d.errback(new IOException())).isInstanceOf(AlreadyCalledException.class);
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void withoutCancellerRepeatedCancelsAfterTheLateResultChangeNothing() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        Failure first = r.onlyFailure();
        d.callback("late");
        d.cancel();
        d.cancel();
        assertThat(r.onlyFailure()).isSameAs(first);
    }

    @Test
    void withoutCancellerRepeatedCancelsAreNoOps() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        d.cancel();
        assertThat(r.failures).hasSize(1);
    }

    @Test
    void cancellerThatDoesNotFireIsCalledOnceAndCancelledExceptionIsUsed() {
        List<Deferred<String>> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(calls::add);
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        d.cancel();
        assertThat(calls).containsExactly(d);
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void withACancellerLateResultsRaiseAlreadyCalled() {
        Deferred<String> d = new Deferred<>(x -> { });
        d.cancel();
        assertThatThrownBy(() -> d.callback("late")).isInstanceOf(AlreadyCalledException.class);
        assertThatThrownBy(() -> d.errback(new IOException())).isInstanceOf(AlreadyCalledException.class);
        d.addErrback(f -> null);
    }

    @Test
    void cancellerThatCallbacksProvidesTheResult() {
        Deferred<String> d = new Deferred<>(x -> x.callback("from canceller"));
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyValue()).isEqualTo("from canceller");
    }

    @Test
    void cancellerThatErrbacksProvidesTheFailure() {
        IOException error = new IOException("canceller error");
        Deferred<String> d = new Deferred<>(x -> x.errback(error));
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyFailure().value()).isSameAs(error);
    }

    @Test
    void cancellerThatThrowsStillFailsTheDeferredWithCancelledCausedByIt() {
        IllegalStateException bug = new IllegalStateException("canceller bug");
        Deferred<String> d = new Deferred<>(x -> {
            throw bug;
        });
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class).hasCause(bug);
    }

    @Test
    void cancellerThatFiresThenThrowsKeepsItsResultAndTheExceptionIsLogged() {
        UnhandledErrorTest.CapturingLogger logger = new UnhandledErrorTest.CapturingLogger();
        System.Logger previous = FailureTracker.logger;
        FailureTracker.logger = logger;
        try {
            Deferred<String> d = new Deferred<>(x -> {
                x.callback("fired by canceller");
                throw new IllegalStateException("then threw");
            });
            Recorder<String> r = Recorder.on(d);
            d.cancel();
            assertThat(r.onlyValue()).isEqualTo("fired by canceller");
        } finally {
            FailureTracker.logger = previous;
        }
        assertThat(logger.find("then threw")).isNotNull()
                .satisfies(e -> assertThat(e.level()).isEqualTo(System.Logger.Level.WARNING));
    }

    @Test
    void cancellerThatCancelsAgainIsStillCalledOnlyOnce() {
        int[] calls = new int[1];
        Deferred<String> d = new Deferred<>(x -> {
            calls[0]++;
            x.cancel();
        });
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(calls[0]).isEqualTo(1);
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void cancelAfterCallbackIsANoOp() {
        int[] calls = new int[1];
        Deferred<String> d = new Deferred<>(x -> calls[0]++);
        Recorder<String> r = Recorder.on(d);
        d.callback("done");
        d.cancel();
        assertThat(calls[0]).isZero();
        assertThat(r.onlyValue()).isEqualTo("done");
    }

    @Test
    void cancelAfterErrbackIsANoOp() {
        int[] calls = new int[1];
        Deferred<String> d = new Deferred<>(x -> calls[0]++);
        Recorder<String> r = Recorder.on(d);
        IOException e = new IOException();
        d.errback(e);
        d.cancel();
        assertThat(calls[0]).isZero();
        assertThat(r.onlyFailure().value()).isSameAs(e);
    }

    @Test
    void cancelIsForwardedToTheInnerDeferredBeingWaitedOn() {
        int[] outerCancels = new int[1];
        List<Deferred<String>> innerCancels = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(innerCancels::add);
        Deferred<String> outer = new Deferred<>(x -> outerCancels[0]++);
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(x -> inner));
        outer.callback("go");
        outer.cancel();
        assertThat(innerCancels).containsExactly(inner);
        assertThat(outerCancels[0]).isZero();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    @Test
    void cancelIsForwardedThroughSeveralLevels() {
        Deferred<String> innermost = new Deferred<>(x -> x.callback("cancelled innermost"));
        Deferred<String> middle = Deferred.succeed("m");
        Deferred<String> middleEnd = middle.addCallbackDeferred(x -> innermost);
        Deferred<String> outer = Deferred.succeed("o");
        Recorder<String> r = Recorder.on(outer.addCallbackDeferred(x -> middleEnd));
        outer.cancel();
        assertThat(r.onlyValue()).isEqualTo("cancelled innermost");
    }

    @Test
    void cancellerIsDroppedOnceTheDeferredFires() throws InterruptedException {
        Object[] resource = {new Object()};
        WeakReference<Object> ref = new WeakReference<>(resource[0]);
        Deferred<String> d = new Deferred<>(cancellerHolding(resource[0]));
        resource[0] = null;
        d.callback("done");
        for (int i = 0; i < 200 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(5);
        }
        assertThat(ref.get()).as("the canceller (and what it captures) is collectable").isNull();
        assertThat(d.called()).isTrue();
    }

    @Test
    void cancelBeforeFiringOfAPausedDeferredDeliversOnUnpause() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        Recorder<String> r = Recorder.on(d);
        d.cancel();
        assertThat(r.fired()).isFalse();
        d.unpause();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
    }

    private static Canceller<String> cancellerHolding(Object captured) {
        return x -> captured.hashCode();
    }
}
