package net.threadpool;

import java.util.Objects;

/**
 * Thrown by the blocking façade ({@link Blocking#await}, {@link TaskScope#join()}) when the
 * awaited work failed with a <em>checked</em> exception, which is this exception's
 * {@linkplain #getCause() cause}, unchanged and with its own stack trace. This exception's stack
 * trace is the waiting thread's. Unchecked failures are rethrown as they are.
 *
 * {@snippet :
 * try {
 *     rows = Blocking.await(() -> pool.runQuery("select 1"));
 * } catch (CheckedFailureException e) {
 *     if (e.getCause() instanceof java.sql.SQLException sql) {
 *         // handle the database error
 *     }
 * }
 * }
 */
public class CheckedFailureException extends RuntimeException {
    /**
     * Wraps a checked failure.
     *
     * @param cause the original exception
     */
    public CheckedFailureException(Throwable cause) {
        super(Objects.requireNonNull(cause, "cause").toString(), cause);
    }
}
