package net.deferred;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects what reaches the end of a chain, for assertions. */
final class Recorder<T extends @Nullable Object> {
    final List<@Nullable T> values = new ArrayList<>();
    final List<Failure> failures = new ArrayList<>();

    static <T extends @Nullable Object> Recorder<T> on(Deferred<T> d) {
        Recorder<T> r = new Recorder<>();
        d.addCallbacks(v -> {
            r.values.add(v);
            return null;
        }, f -> {
            r.failures.add(f);
            return null;
        });
        return r;
    }

    @Nullable T onlyValue() {
        if (values.size() != 1 || !failures.isEmpty()) {
            throw new AssertionError("expected exactly one value, got " + values + " and failures " + failures);
        }
        return values.get(0);
    }

    Failure onlyFailure() {
        if (failures.size() != 1 || !values.isEmpty()) {
            throw new AssertionError("expected exactly one failure, got " + failures + " and values " + values);
        }
        return failures.get(0);
    }

    boolean fired() {
        return !values.isEmpty() || !failures.isEmpty();
    }
}
