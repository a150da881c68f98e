package net.threadpool;

import java.util.Objects;

/**
 * Thrown by the blocking façade ({@link Blocking#await}, {@link TaskScope#join()}, the reactor's
 * {@code blockingCallFromThread}) when the awaited work failed with a <em>checked</em>
 * exception, which is this exception's {@linkplain #getCause() cause}, unchanged and with its own
 * stack trace. This exception's stack trace is the waiting thread's. Unchecked failures (and
 * {@link Error}s) are rethrown as they are: see {@link #wrapIfChecked}.
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

    /**
     * Applies the façade's rule for handing a failure to blocking code, for code that does so
     * itself (a test double such as {@code MemoryReactor}, an adapter): an unchecked exception is
     * returned as it is, an {@link Error} is thrown as it is, and a checked exception is returned
     * wrapped in a new CheckedFailureException. {@link Blocking#await} and
     * {@code ReactorThreads.blockingCallFromThread} follow this rule.
     * {@snippet :
     * throw CheckedFailureException.wrapIfChecked(failure.value());
     * }
     *
     * <p>Safe from any thread.
     *
     * @param error the exception a failure carries
     * @return the exception to throw: {@code error} itself, or a CheckedFailureException caused
     *     by it
     */
    public static RuntimeException wrapIfChecked(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (error instanceof RuntimeException unchecked) {
            return unchecked;
        }
        if (error instanceof Error e) {
            throw e;
        }
        return new CheckedFailureException(error);
    }
}
