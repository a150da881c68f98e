package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * §1.1: a step that returns a Failure fails the chain, as one that throws does, and
 * {@code callback(aFailure)} is {@code errback(aFailure)}. Every way user code hands a value to a
 * chain is checked: before this rule, each of them turned the Failure into a success.
 */
class ReturnedFailureTest {

    @Test
    void errbackReturningItsFailurePassesItToTheNextErrback() {
        IOException e = new IOException("still failing");
        Deferred<Object> d = Deferred.fail(e);
        List<Failure> seen = new ArrayList<>();
        Recorder<Object> r = Recorder.on(d.addErrback(f -> {
            seen.add(f);
            return f;
        }));
        assertThat(r.onlyFailure()).isSameAs(seen.getFirst());
        assertThat(r.onlyFailure().value()).isSameAs(e);
    }

    @Test
    void errbackReturningAnotherFailureReplacesTheFailure() {
        IllegalStateException replacement = new IllegalStateException("translated");
        Deferred<Object> d = Deferred.fail(new IOException("original"));
        Recorder<Object> r = Recorder.on(d.addErrback(f -> new Failure(replacement)));
        assertThat(r.onlyFailure().value()).isSameAs(replacement);
    }

    @Test
    void callbackReturningAFailureSkipsTheFollowingCallbacks() {
        IOException e = new IOException("from a callback");
        Deferred<String> d = new Deferred<>();
        List<Object> skipped = new ArrayList<>();
        Recorder<Object> r = Recorder.on(d.addCallback(s -> new Failure(e)).addCallback(x -> {
            skipped.add(x);
            return x;
        }));
        d.callback("x");
        assertThat(skipped).isEmpty();
        assertThat(r.onlyFailure().value()).isSameAs(e);
    }

    @Test
    void addBothReturningTheFailurePassesItOn() {
        IOException e = new IOException("both");
        Deferred<String> d = Deferred.fail(e);
        Recorder<Object> r = Recorder.on(d.addBoth(o -> switch (o) {
            case Outcome.Success<String>(var value) -> value;
            case Outcome.Failed<String>(var failure) -> failure;
        }));
        assertThat(r.onlyFailure().value()).isSameAs(e);
    }

    @Test
    void eitherSideOfAddCallbacksMayReturnAFailure() {
        IOException fromCallback = new IOException("callback side");
        Deferred<String> ok = Deferred.succeed("v");
        Recorder<Object> r1 = Recorder.on(ok.addCallbacks(v -> new Failure(fromCallback), f -> "recovered"));
        assertThat(r1.onlyFailure().value()).isSameAs(fromCallback);

        IOException original = new IOException("errback side");
        Deferred<String> bad = Deferred.fail(original);
        Recorder<Object> r2 = Recorder.on(bad.addCallbacks(v -> v, f -> f));
        assertThat(r2.onlyFailure().value()).isSameAs(original);
    }

    @Test
    void callbackWithAFailureRunsTheErrbacks() {
        IOException e = new IOException("fired through callback");
        Failure failure = new Failure(e);
        Deferred<Object> d = new Deferred<>();
        List<Object> callbacks = new ArrayList<>();
        Recorder<Object> r = Recorder.on(d.addCallback(x -> {
            callbacks.add(x);
            return x;
        }));
        d.callback(failure);
        assertThat(callbacks).isEmpty();
        assertThat(r.onlyFailure()).isSameAs(failure);
    }

    @Test
    void succeedWithAFailureIsAFailedDeferred() {
        Failure failure = new Failure(new IOException("succeed(failure)"));
        Deferred<Object> d = Deferred.succeed(failure);
        assertThat(d.peek()).isEqualTo(Outcome.failed(failure));
        assertThat(Recorder.on(d).onlyFailure()).isSameAs(failure);
    }

    @Test
    void maybeDeferredSupplierReturningAFailureMakesAFailedDeferred() {
        IOException e = new IOException("supplied");
        Deferred<Object> d = Deferred.maybeDeferred(() -> new Failure(e));
        assertThat(Recorder.on(d).onlyFailure().value()).isSameAs(e);
    }

    @Test
    void deferredLockRunWhoseActionReturnsAFailureFailsAndReleasesTheLock() {
        DeferredLock lock = new DeferredLock();
        IOException e = new IOException("action");
        Deferred<Object> d = lock.run(() -> new Failure(e));
        assertThat(Recorder.on(d).onlyFailure().value()).isSameAs(e);
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void innerDeferredFiredWithAFailureThroughCallbackFailsTheWaitingOuter() {
        Deferred<String> outer = new Deferred<>();
        Deferred<Object> inner = new Deferred<>();
        Recorder<Object> r = Recorder.on(outer.addCallbackDeferred(s -> inner));
        outer.callback("outer");
        IOException e = new IOException("inner");
        inner.callback(new Failure(e));
        assertThat(r.onlyFailure().value()).isSameAs(e);
    }

    @Test
    void gatherResultsSeesAnInputWhoseCallbackReturnedAFailureAsFailed() {
        IOException e = new IOException("input 1");
        Deferred<Object> first = Deferred.succeed("fine");
        Deferred<Object> second = Deferred.<Object>succeed("about to fail").addCallback(v -> new Failure(e));
        Deferred<List<Object>> all = Deferred.gatherResults(List.of(first, second), true);
        Throwable error = Recorder.on(all).onlyFailure().value();
        assertThat(error).isInstanceOf(FirstErrorException.class);
        assertThat(((FirstErrorException) error).index()).isEqualTo(1);
        assertThat(((FirstErrorException) error).subFailure().value()).isSameAs(e);
    }

    @Test
    void errbackReturningAValueThatIsNotAFailureStillRecovers() {
        Deferred<Object> d = Deferred.fail(new IOException("handled"));
        Recorder<Object> r = Recorder.on(d.addErrback(f -> f.getErrorMessage()));
        assertThat(r.onlyValue()).isEqualTo("handled");
    }
}
