package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.4: pause and unpause. */
class PauseTest {

    @Test
    void pausedDeferredHoldsItsCallbacksUntilUnpaused() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        Recorder<String> r = Recorder.on(d);
        d.callback("v");
        assertThat(r.fired()).isFalse();
        assertThat(d.paused()).isTrue();
        d.unpause();
        assertThat(r.onlyValue()).isEqualTo("v");
        assertThat(d.paused()).isFalse();
    }

    @Test
    void pausedFailureIsDeliveredOnUnpause() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        d.errback(new IOException("later"));
        Recorder<String> r = Recorder.on(d);
        assertThat(r.fired()).isFalse();
        d.unpause();
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("later");
    }

    @Test
    void pausesNest() {
        Deferred<String> d = Deferred.succeed("v");
        d.pause();
        d.pause();
        Recorder<String> r = Recorder.on(d);
        d.unpause();
        assertThat(r.fired()).isFalse();
        d.unpause();
        assertThat(r.onlyValue()).isEqualTo("v");
    }

    @Test
    void unpauseBeforeFiringRunsNothing() {
        Deferred<String> d = new Deferred<>();
        Recorder<String> r = Recorder.on(d);
        d.pause();
        d.unpause();
        assertThat(r.fired()).isFalse();
        d.callback("v");
        assertThat(r.onlyValue()).isEqualTo("v");
    }

    @Test
    void unbalancedUnpauseThrows() {
        Deferred<String> d = new Deferred<>();
        assertThatThrownBy(d::unpause).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a matching pause");
    }

    @Test
    void unpauseDoesNotReleaseAWaitForAnInnerDeferred() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x");
        Deferred<String> outerEnd = outer.addCallbackDeferred(x -> inner);
        assertThat(outer.paused()).isTrue();
        assertThatThrownBy(outer::unpause).isInstanceOf(IllegalStateException.class);
        inner.callback("y");
        assertThat(outerEnd.peek()).isEqualTo(Outcome.success("y"));
    }

    @Test
    void pausingInsideACallbackStopsTheRestOfTheChain() {
        Deferred<String> d = new Deferred<>();
        List<String> ran = new ArrayList<>();
        Deferred<String> end = d.addCallback(s -> {
            ran.add("first");
            d.pause();
            return s + "1";
        }).addCallback(s -> {
            ran.add("second");
            return s + "2";
        });
        d.callback("v");
        assertThat(ran).containsExactly("first");
        assertThat(end.peek()).isEqualTo(Outcome.success("v1"));
        d.unpause();
        assertThat(ran).containsExactly("first", "second");
        assertThat(end.peek()).isEqualTo(Outcome.success("v12"));
    }

    @Test
    void pauseAndUnpauseInsideACallbackDoesNotRunTheNextCallbackEarly() {
        Deferred<String> d = new Deferred<>();
        List<String> order = new ArrayList<>();
        d.addCallback(s -> {
            order.add("cb1 start");
            d.pause();
            d.unpause(); // the chain is already running: the next callback waits for this one
            order.add("cb1 end");
            return s;
        }).addCallback(s -> order.add("cb2"));
        d.callback("v");
        assertThat(order).containsExactly("cb1 start", "cb1 end", "cb2");
    }
}
