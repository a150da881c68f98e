package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * §1.3 "Recursion": callbacks run on a trampoline. Surefire runs with -Xss1m, where a recursive
 * design overflows after a few thousand levels.
 */
class StackDepthTest {
    private static final int N = 100_000;

    @Test
    void hundredThousandCallbacksOnOneDeferred() {
        Deferred<Integer> d = new Deferred<>();
        Deferred<Integer> tail = d;
        for (int i = 0; i < N; i++) {
            tail = tail.addCallback(x -> x + 1);
        }
        d.callback(0);
        assertThat(d.peek()).isEqualTo(Outcome.success(N));
    }

    @Test
    void hundredThousandErrbacksPassingAFailureAlong() {
        Deferred<Integer> d = new Deferred<>();
        for (int i = 0; i < N; i++) {
            d.addErrback(f -> {
                throw f.raiseException();
            });
        }
        d.errback(new IllegalStateException("deep"));
        assertThat(d.peek()).isInstanceOf(Outcome.Failed.class);
        d.addErrback(f -> 0);
    }

    @Test
    void nestedDeferredsWithInnersFiredFirst() {
        // Each callback returns the next Deferred, which already has a result: stealing, no waiting.
        List<Deferred<Integer>> inners = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            inners.add(new Deferred<>());
        }
        for (int i = 0; i < N - 1; i++) {
            Deferred<Integer> next = inners.get(i + 1);
            inners.get(i).addCallbackDeferred(x -> next);
        }
        for (int i = N - 1; i >= 0; i--) {
            inners.get(i).callback(i);
        }
        assertThat(inners.get(0).peek()).isEqualTo(Outcome.success(N - 1));
    }

    @Test
    void nestedDeferredsWithOutermostFiredFirstAndInnermostLast() {
        // Every Deferred waits on the next one; firing the innermost hands its result up 100,000 levels.
        List<Deferred<Integer>> chain = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            chain.add(new Deferred<>());
        }
        for (int i = 0; i < N - 1; i++) {
            Deferred<Integer> next = chain.get(i + 1);
            chain.get(i).addCallbackDeferred(x -> next);
        }
        Recorder<Integer> r = Recorder.on(chain.get(0));
        for (int i = 0; i < N - 1; i++) {
            chain.get(i).callback(i);
        }
        assertThat(r.fired()).isFalse();
        chain.get(N - 1).callback(42);
        assertThat(r.onlyValue()).isEqualTo(42);
    }

    @Test
    void nestedDeferredsWithOutermostFiredLast() {
        // Build the waits from the inside out: each Deferred fires and waits on the next before
        // its own outer is fired; the last step fires the outermost one.
        List<Deferred<Integer>> chain = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            chain.add(new Deferred<>());
        }
        Deferred<Integer> last = new Deferred<>();
        for (int i = 0; i < N; i++) {
            Deferred<Integer> next = i + 1 < N ? chain.get(i + 1) : last;
            chain.get(i).addCallbackDeferred(x -> next);
        }
        for (int i = N - 1; i >= 1; i--) {
            chain.get(i).callback(i);
        }
        chain.get(0).callback(0);
        Recorder<Integer> r = Recorder.on(chain.get(0));
        assertThat(r.fired()).isFalse();
        last.callback(7);
        assertThat(r.onlyValue()).isEqualTo(7);
    }

    @Test
    void longPausedChainRunsOnUnpause() {
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        for (int i = 0; i < N; i++) {
            d.addCallback(x -> x + 1);
        }
        d.callback(0);
        assertThat(d.hasResult()).isTrue();
        d.unpause();
        assertThat(d.peek()).isEqualTo(Outcome.success(N));
    }

    @Test
    void callbackStackDepthDoesNotDependOnHowManyDeferredsAreChained() {
        assertThat(depthAfterChaining(1)).isEqualTo(depthAfterChaining(2)).isEqualTo(depthAfterChaining(500));
    }

    /** Twisted's test_boundedStackDepth: the depth at which the final callback runs. */
    private static int depthAfterChaining(int howMany) {
        int[] depth = new int[1];
        Deferred<Void> top = new Deferred<>();
        List<Deferred<Void>> inners = new ArrayList<>();
        for (int i = 0; i < howMany; i++) {
            inners.add(new Deferred<>());
        }
        Deferred<Void> last = new Deferred<>();
        top.addCallbackDeferred(x -> inners.get(0)).addCallback(x -> {
            depth[0] = StackWalker.getInstance().walk(s -> (int) s.count());
            return null;
        });
        for (int i = 0; i < howMany; i++) {
            Deferred<Void> next = i + 1 < howMany ? inners.get(i + 1) : last;
            inners.get(i).addCallbackDeferred(x -> next);
        }
        top.callback(null);
        for (Deferred<Void> inner : inners) {
            inner.callback(null);
        }
        assertThat(depth[0]).isZero();
        fire(last);
        return depth[0];
    }

    private static void fire(Deferred<Void> last) {
        last.callback(null);
    }
}
