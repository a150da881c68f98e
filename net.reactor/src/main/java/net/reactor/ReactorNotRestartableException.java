package net.reactor;

/**
 * Thrown when {@link ReactorCore#run()} or {@link ReactorCore#start(String)} was called on a reactor that has already run and stopped; create a new one (Twisted's ReactorNotRestartable).
 *
 * <p>It is an {@link IllegalStateException}, so code written against the role interfaces'
 * {@code @throws IllegalStateException} catches it.
 */
public class ReactorNotRestartableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ReactorNotRestartableException(String message) {
        super(message);
    }
}
