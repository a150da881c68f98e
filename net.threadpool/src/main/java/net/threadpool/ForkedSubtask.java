package net.threadpool;

import java.util.Objects;
import net.threadpool.internal.Task;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link Subtask}; its state is published through a volatile write. */
final class ForkedSubtask<T extends @Nullable Object> implements Subtask<T> {
    final Task task;
    private @Nullable T value;
    private @Nullable Throwable exception;
    private volatile State state = State.UNAVAILABLE;

    ForkedSubtask(Task task) {
        this.task = task;
    }

    void succeeded(T result) {
        value = result;
        state = State.SUCCESS;
    }

    void failed(Throwable error) {
        exception = error;
        state = State.FAILED;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public T get() {
        if (state != State.SUCCESS) {
            throw new IllegalStateException("subtask " + task + " has no result: its state is " + state);
        }
        return value;
    }

    @Override
    public Throwable exception() {
        if (state != State.FAILED) {
            throw new IllegalStateException("subtask " + task + " has no exception: its state is " + state);
        }
        return Objects.requireNonNull(exception);
    }

    @Override
    public String toString() {
        return "Subtask[" + task + ", " + state + "]";
    }
}
