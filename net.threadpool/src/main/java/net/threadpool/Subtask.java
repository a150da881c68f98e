package net.threadpool;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A task forked in a {@link TaskScope}: its state, then its result or exception. Modelled on
 * JDK 25's {@code StructuredTaskScope.Subtask}.
 *
 * <p><b>Threading:</b> safe from any thread; normally read by the scope's owner after
 * {@link TaskScope#join()}.
 *
 * @param <T> the result type
 */
public sealed interface Subtask<T extends @Nullable Object> extends Supplier<T> permits ForkedSubtask {

    /** The states of a subtask. */
    enum State {
        /**
         * No result: the subtask has not finished, or finished after the scope was cancelled, or
         * was forked after the scope was cancelled (and never ran).
         */
        UNAVAILABLE,
        /** The subtask returned a result. */
        SUCCESS,
        /** The subtask threw an exception. */
        FAILED
    }

    /**
     * The subtask's state.
     *
     * @return the state now
     */
    State state();

    /**
     * The result of a subtask that succeeded.
     *
     * @return the value the subtask returned
     * @throws IllegalStateException unless {@link #state()} is {@link State#SUCCESS}
     */
    @Override
    T get();

    /**
     * The exception of a subtask that failed.
     *
     * @return what the subtask threw
     * @throws IllegalStateException unless {@link #state()} is {@link State#FAILED}
     */
    Throwable exception();
}
