package net.deferred;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The failure of a {@link Deferred} whose {@link Deferred#addTimeout timeout} expired (Twisted's
 * {@code defer.TimeoutError}).
 */
public class DeferredTimeoutException extends RuntimeException {
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param timeout the timeout that expired
     * @param cause the failure the timeout replaced (normally a {@link CancelledException}), or
     *     {@code null}
     */
    public DeferredTimeoutException(Duration timeout, @Nullable Throwable cause) {
        super("Deferred timed out after " + Objects.requireNonNull(timeout, "timeout"), cause);
        this.timeout = timeout;
    }

    /**
     * Returns the timeout that expired.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
