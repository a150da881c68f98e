package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void chainRunsAndChains() {
        Deferred<String> d = new Deferred<>();
        Deferred<Integer> inner = new Deferred<>();
        List<Object> seen = new ArrayList<>();
        d.addCallback(String::length).addCallbackDeferred(n -> inner.addCallback(x -> x + n))
                .addCallback(seen::add);
        d.callback("four");
        assertThat(seen).isEmpty();
        inner.callback(10);
        assertThat(seen).containsExactly(14);
        assertThat(inner.peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void deepNesting() {
        int n = 100_000;
        Deferred<Integer> first = new Deferred<>();
        Deferred<Integer> last = first;
        List<Deferred<Integer>> inners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Deferred<Integer> inner = new Deferred<>();
            inners.add(inner);
            last = last.addCallbackDeferred(x -> inner);
        }
        first.callback(0);
        for (int i = inners.size() - 1; i >= 0; i--) {
            inners.get(i).callback(i);
        }
        assertThat(first.peek()).isEqualTo(Outcome.success(n - 1));
    }
}
