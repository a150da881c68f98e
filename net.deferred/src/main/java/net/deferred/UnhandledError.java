package net.deferred;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A report that a {@link Deferred} became unreachable while its result was a failure: nobody
 * handled the error.
 *
 * <p>Delivered to the handler set with {@link Deferred#setUnhandledErrorHandler}, or else logged
 * through {@link System.Logger} {@code net.deferred.Deferred} at {@code ERROR}.
 *
 * @param failure the failure nobody handled
 * @param creationStack where the Deferred was created, when debugging was on then; else null
 * @param firstFiringStack where the Deferred first fired, when debugging was on then; else null
 */
public record UnhandledError(Failure failure, @Nullable String creationStack,
                             @Nullable String firstFiringStack) {
    /**
     * Creates a report.
     *
     * @param failure the failure, not null
     * @param creationStack the creation stack or null
     * @param firstFiringStack the first firing stack or null
     */
    public UnhandledError {
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * Describes the unhandled error as the log line does: the header, the debug stacks if
     * known, and the failure's full traceback (causes included).
     *
     * @return a multi-line description
     */
    public String describe() {
        return header() + failure.getTraceback();
    }

    /** The description without the traceback, for loggers that print the exception. */
    String header() {
        StringBuilder text = new StringBuilder("Unhandled error in Deferred:\n");
        if (creationStack != null) {
            text.append("(debug: Deferred created at)\n").append(creationStack);
        }
        if (firstFiringStack != null) {
            text.append("(debug: Deferred first fired at)\n").append(firstFiringStack);
        }
        return text.toString();
    }
}
