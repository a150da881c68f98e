package net.reactor;

/**
 * Thrown when the reactor is asked to stop (or to run a call) when it is not running: it was never started, or it has stopped (Twisted's ReactorNotRunning).
 *
 * <p>It is an {@link IllegalStateException}, so code written against the role interfaces'
 * {@code @throws IllegalStateException} catches it.
 */
public class ReactorNotRunningException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ReactorNotRunningException(String message) {
        super(message);
    }
}
