package net.threadpool;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/** The built-in {@link Joiner} policies. */
final class Joiners {
    private Joiners() {}

    /** Remembers the first failure and asks to cancel on it. */
    private abstract static class FailFast<T extends @Nullable Object, R extends @Nullable Object>
            implements Joiner<T, R> {
        private @Nullable Throwable firstFailure;

        @Override
        public boolean onComplete(Subtask<? extends T> subtask) {
            if (subtask.state() == Subtask.State.FAILED) {
                if (firstFailure == null) {
                    firstFailure = subtask.exception();
                }
                return true;
            }
            return false;
        }

        void throwIfFailed() throws Throwable {
            Throwable f = firstFailure;
            if (f != null) {
                throw f;
            }
        }
    }

    static final class AwaitAllSuccessful<T extends @Nullable Object> extends FailFast<T, @Nullable Void> {
        @Override
        public @Nullable Void result() throws Throwable {
            throwIfFailed();
            return null;
        }
    }

    static final class AllSuccessful<T extends @Nullable Object> extends FailFast<T, List<T>> {
        private final List<Subtask<? extends T>> forked = new ArrayList<>();

        @Override
        public boolean onFork(Subtask<? extends T> subtask) {
            forked.add(subtask);
            return false;
        }

        @Override
        public List<T> result() throws Throwable {
            throwIfFailed();
            List<T> results = new ArrayList<>(forked.size());
            for (Subtask<? extends T> s : forked) {
                results.add(s.get());
            }
            return results;
        }
    }

    static final class AnySuccessful<T extends @Nullable Object> implements Joiner<T, T> {
        private boolean won;
        private @Nullable T winner;
        private @Nullable Throwable firstFailure;

        @Override
        public boolean onComplete(Subtask<? extends T> subtask) {
            if (subtask.state() == Subtask.State.SUCCESS) {
                if (!won) {
                    won = true;
                    winner = subtask.get();
                }
                return true;
            }
            if (firstFailure == null) {
                firstFailure = subtask.exception();
            }
            return false;
        }

        @Override
        public T result() throws Throwable {
            if (won) {
                return winner;
            }
            Throwable f = firstFailure;
            if (f != null) {
                throw f;
            }
            throw new NoSuchElementException("no subtask succeeded: none was forked");
        }
    }

    static final class AwaitAll<T extends @Nullable Object> implements Joiner<T, @Nullable Void> {
        @Override
        public @Nullable Void result() {
            return null;
        }
    }
}
