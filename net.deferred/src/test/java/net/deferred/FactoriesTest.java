package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** §1.9: succeed, fail, maybeDeferred. */
class FactoriesTest {

    @Test
    void succeedIsAlreadyFired() {
        Deferred<String> d = Deferred.succeed("v");
        assertThat(d.called()).isTrue();
        assertThat(d.peek()).isEqualTo(Outcome.success("v"));
    }

    @Test
    void succeedMatchesAManuallyFiredDeferred() {
        Deferred<String> manual = new Deferred<>();
        manual.callback("v");
        assertThat(Deferred.succeed("v").peek()).isEqualTo(manual.peek());
    }

    @Test
    void succeedRejectsADeferred() {
        assertThatThrownBy(() -> Deferred.succeed(new Deferred<String>())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failWithAThrowableIsAlreadyFailed() {
        IOException e = new IOException();
        Deferred<String> d = Deferred.fail(e);
        assertThat(d.peek()).isEqualTo(Outcome.failed(new Failure(e)));
        d.addErrback(f -> null);
    }

    @Test
    void failWithAFailureKeepsThatFailure() {
        Failure f = new Failure(new IOException());
        Deferred<String> d = Deferred.fail(f);
        assertThat(Recorder.on(d).onlyFailure()).isSameAs(f);
    }

    @Test
    void maybeDeferredWrapsAValue() {
        assertThat(Deferred.maybeDeferred(() -> 10).peek()).isEqualTo(Outcome.success(10));
    }

    @Test
    void maybeDeferredWrapsAThrownCheckedException() {
        IOException e = new IOException("sync");
        Deferred<String> d = Deferred.maybeDeferred(() -> {
            throw e;
        });
        assertThat(Recorder.on(d).onlyFailure().value()).isSameAs(e);
    }

    @Test
    void maybeDeferredWrapsAThrownRuntimeException() {
        Deferred<Integer> d = Deferred.maybeDeferred(() -> Integer.parseInt("not a number"));
        assertThat(Recorder.on(d).onlyFailure().value()).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void maybeDeferredRefusesASupplierReturningADeferred() {
        Deferred<Object> d = Deferred.maybeDeferred(() -> (Object) Deferred.succeed(1));
        assertThat(Recorder.on(d).onlyFailure().value()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maybeDeferredChained");
    }

    @Test
    void maybeDeferredChainedReturnsTheSuppliedDeferredItself() {
        Deferred<String> pending = new Deferred<>();
        assertThat(Deferred.maybeDeferredChained(() -> pending)).isSameAs(pending);
    }

    @Test
    void maybeDeferredChainedWrapsAThrow() {
        Deferred<String> d = Deferred.maybeDeferredChained(() -> {
            throw new IOException("sync");
        });
        assertThat(Recorder.on(d).onlyFailure().getErrorMessage()).isEqualTo("sync");
    }

    @Test
    void maybeDeferredChainedFailsOnNull() {
        Deferred<String> d = Deferred.maybeDeferredChained(() -> null);
        assertThat(Recorder.on(d).onlyFailure().value()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void maybeDeferredRefusesANullSupplier() {
        assertThatThrownBy(() -> Deferred.maybeDeferred(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Deferred.maybeDeferredChained(null)).isInstanceOf(NullPointerException.class);
    }
}
