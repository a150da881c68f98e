package net.threadpool;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The policy of a {@link TaskScope}: it sees each subtask forked and completed, decides when to
 * cancel the scope, and produces what {@link TaskScope#join()} returns. Modelled on JDK 25's
 * {@code StructuredTaskScope.Joiner}; the built-in policies are the static methods.
 *
 * <p>A joiner is used by one scope only. The scope calls {@link #onComplete} one subtask at a
 * time, so an implementation needs no locking of its own.
 *
 * @param <T> the subtasks' result type
 * @param <R> what {@code join} returns
 */
public interface Joiner<T extends @Nullable Object, R extends @Nullable Object> {

    /**
     * Called by the owner thread when a subtask is forked, before it starts.
     *
     * @param subtask the new subtask
     * @return true to cancel the scope
     */
    default boolean onFork(Subtask<? extends T> subtask) {
        return false;
    }

    /**
     * Called when a subtask has completed (with a result or an exception), unless the scope was
     * cancelled before: on the subtask's thread, one subtask at a time.
     *
     * @param subtask the completed subtask, in state SUCCESS or FAILED
     * @return true to cancel the scope (the other subtasks are cancelled and join returns)
     */
    default boolean onComplete(Subtask<? extends T> subtask) {
        return false;
    }

    /**
     * Produces the outcome of {@link TaskScope#join()}, on the owner thread, once every subtask
     * has completed or the policy cancelled the scope.
     *
     * @return what join returns
     * @throws Throwable what join throws (unchecked as it is, checked wrapped in
     *     {@link CheckedFailureException})
     */
    R result() throws Throwable;

    /**
     * The default policy: every subtask must succeed. The first failure cancels the others and
     * is what join throws; join returns null when all succeeded (read their results from the
     * subtasks).
     *
     * @param <T> the subtasks' result type
     * @return a new joiner
     */
    static <T extends @Nullable Object> Joiner<T, @Nullable Void> awaitAllSuccessfulOrThrow() {
        return new Joiners.AwaitAllSuccessful<>();
    }

    /**
     * Every subtask must succeed; the first failure cancels the others and is what join
     * throws. Join returns the results in the order the subtasks were forked.
     *
     * @param <T> the subtasks' result type
     * @return a new joiner
     */
    static <T extends @Nullable Object> Joiner<T, List<T>> allSuccessfulOrThrow() {
        return new Joiners.AllSuccessful<>();
    }

    /**
     * The first subtask to succeed wins: the others are cancelled and join returns its result.
     * If every subtask fails, join throws the first failure; with no subtask at all it throws
     * {@link java.util.NoSuchElementException}.
     *
     * @param <T> the subtasks' result type
     * @return a new joiner
     */
    static <T extends @Nullable Object> Joiner<T, T> anySuccessfulResultOrThrow() {
        return new Joiners.AnySuccessful<>();
    }

    /**
     * Waits for every subtask, whatever its outcome, and cancels nothing; join returns null
     * (inspect each subtask's state).
     *
     * @param <T> the subtasks' result type
     * @return a new joiner
     */
    static <T extends @Nullable Object> Joiner<T, @Nullable Void> awaitAll() {
        return new Joiners.AwaitAll<>();
    }
}
