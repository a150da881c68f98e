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
        assertThat(tail.peek()).isEqualTo(Outcome.success(N));
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
        List<Deferred<Integer>> ends = linkInsideOut(inners, inners.get(N - 1));
        for (int i = N - 1; i >= 0; i--) {
            inners.get(i).callback(i);
        }
        assertThat(ends.get(0).peek()).isEqualTo(Outcome.success(N - 1));
    }

    @Test
    void nestedDeferredsWithOutermostFiredFirstAndInnermostLast() {
        // Every Deferred waits on the next one; firing the innermost hands its result up 100,000 levels.
        List<Deferred<Integer>> chain = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            chain.add(new Deferred<>());
        }
        List<Deferred<Integer>> ends = linkInsideOut(chain, chain.get(N - 1));
        Recorder<Integer> r = Recorder.on(ends.get(0));
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
        chain.add(last);
        List<Deferred<Integer>> ends = linkInsideOut(chain, last);
        for (int i = N - 1; i >= 1; i--) {
            chain.get(i).callback(i);
        }
        chain.get(0).callback(0);
        Recorder<Integer> r = Recorder.on(ends.get(0));
        assertThat(r.fired()).isFalse();
        last.callback(7);
        assertThat(r.onlyValue()).isEqualTo(7);
    }

    @Test
    void longPausedChainRunsOnUnpause() {
        Deferred<Integer> d = new Deferred<>();
        d.pause();
        Deferred<Integer> tail = d;
        for (int i = 0; i < N; i++) {
            tail = tail.addCallback(x -> x + 1);
        }
        d.callback(0);
        assertThat(d.hasResult()).isTrue();
        d.unpause();
        assertThat(tail.peek()).isEqualTo(Outcome.success(N));
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
        List<Deferred<Void>> linked = new ArrayList<>(inners);
        linked.add(last);
        Deferred<Void> firstInner = linkInsideOut(linked, last).get(0);
        top.addCallbackDeferred(x -> firstInner).addCallback(x -> {
            depth[0] = StackWalker.getInstance().walk(s -> (int) s.count());
            return null;
        });
        top.callback(null);
        for (Deferred<Void> inner : inners) {
            inner.callback(null);
        }
        assertThat(depth[0]).isZero();
        fire(last);
        return depth[0];
    }

    /**
     * Makes each Deferred's callback return the next one's current end, starting from the innermost
     * ({@code innermost}, the list's last element): each end exists only once the next is linked.
     *
     * @return the chain's current end of each Deferred, in list order
     */
    private static <T> List<Deferred<T>> linkInsideOut(List<Deferred<T>> deferreds, Deferred<T> innermost) {
        List<Deferred<T>> ends = new ArrayList<>(deferreds);
        ends.set(ends.size() - 1, innermost);
        for (int i = deferreds.size() - 2; i >= 0; i--) {
            Deferred<T> next = ends.get(i + 1);
            ends.set(i, deferreds.get(i).addCallbackDeferred(x -> next));
        }
        return ends;
    }

    private static void fire(Deferred<Void> last) {
        last.callback(null);
    }
}
