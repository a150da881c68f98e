package net.deferred;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The failure of a {@link Deferred} that was {@link Deferred#cancel() cancelled} (Twisted's
 * {@code CancelledError}).
 */
public class CancelledException extends CancellationException {
    /** Creates the exception with a default message. */
    public CancelledException() {
        super("Deferred was cancelled");
    }

    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public CancelledException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause, for example the exception a canceller threw.
     *
     * @param message the detail message
     * @param cause the cause, or {@code null}
     */
    @SuppressWarnings("this-escape") // initCause is a final-in-practice Throwable method
    public CancelledException(String message, @Nullable Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
