package net.deferred;

/**
 * An action that may throw any exception; used by {@link Deferred#addFinally}.
 */
@FunctionalInterface
public interface ThrowingRunnable {
    /**
     * Runs the action.
     *
     * @throws Exception any failure, which replaces the Deferred's current result
     */
    void run() throws Exception;
}
