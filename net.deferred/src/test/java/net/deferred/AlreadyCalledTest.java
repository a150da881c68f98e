package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** §1.2: firing twice. */
class AlreadyCalledTest {

    @AfterEach
    void debuggingOff() {
        Deferred.setDebugging(false);
    }

    @Test
    void callbackThenCallback() {
        Deferred<String> d = new Deferred<>();
        d.callback("a");
        assertThatThrownBy(() -> d.callback("b")).isInstanceOf(AlreadyCalledException.class);
        assertThat(d.peek()).isEqualTo(Outcome.success("a"));
    }

    @Test
    void callbackThenErrback() {
        Deferred<String> d = new Deferred<>();
        d.callback("a");
        assertThatThrownBy(() -> d.errback(new IOException())).isInstanceOf(AlreadyCalledException.class);
        assertThat(d.peek()).isEqualTo(Outcome.success("a"));
    }

    @Test
    void errbackThenCallback() {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException());
        assertThatThrownBy(() -> d.callback("b")).isInstanceOf(AlreadyCalledException.class);
        d.addErrback(f -> "handled");
    }

    @Test
    void errbackThenErrback() {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException());
        assertThatThrownBy(() -> d.errback(new IOException())).isInstanceOf(AlreadyCalledException.class);
        d.addErrback(f -> "handled");
    }

    @Test
    void alreadyCalledIsAnIllegalStateException() {
        assertThat(new AlreadyCalledException("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void firingFromInsideItsOwnChainFailsTheChainWithAlreadyCalled() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d.addCallback(s -> {
            d.callback("again");
            return s;
        }));
        d.callback("first");
        assertThat(r.onlyFailure().value()).isInstanceOf(AlreadyCalledException.class);
    }

    @Test
    void withoutDebuggingTheMessageHasNoStacks() {
        Deferred<String> d = new Deferred<>();
        d.callback("a");
        assertThatThrownBy(() -> d.callback("b"))
                .hasMessageNotContaining("debug:").hasMessageContaining("already been fired");
    }

    @Test
    void withDebuggingTheMessageShowsCreationAndFirstFiring() {
        Deferred.setDebugging(true);
        assertThat(Deferred.isDebugging()).isTrue();
        Deferred<String> d = new Deferred<>();
        d.callback("a");
        assertThatThrownBy(() -> d.callback("b"))
                .hasMessageContaining("(debug: created at)")
                .hasMessageContaining("(debug: first fired at)")
                .hasMessageContaining(getClass().getName() + ".withDebuggingTheMessageShowsCreationAndFirstFiring");
    }

    @Test
    void debuggingAppliesToDeferredsCreatedWhileItIsOn() {
        Deferred<String> before = new Deferred<>();
        Deferred.setDebugging(true);
        before.callback("a");
        assertThatThrownBy(() -> before.callback("b")).hasMessageNotContaining("created at")
                .hasMessageContaining("first fired at");
        Deferred.setDebugging(false);
        assertThat(Deferred.isDebugging()).isFalse();
        Deferred<String> after = new Deferred<>();
        after.callback("a");
        assertThatThrownBy(() -> after.callback("b")).hasMessageNotContaining("debug:");
    }
}
