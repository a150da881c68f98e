package net.reactor;

/**
 * Thrown when {@link ReactorCore#run()} or {@link ReactorCore#start(String)} was called on a reactor that is running (Twisted's ReactorAlreadyRunning).
 *
 * <p>It is an {@link IllegalStateException}, so code written against the role interfaces'
 * {@code @throws IllegalStateException} catches it.
 */
public class ReactorAlreadyRunningException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ReactorAlreadyRunningException(String message) {
        super(message);
    }
}
