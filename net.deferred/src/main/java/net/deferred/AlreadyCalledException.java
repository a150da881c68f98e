package net.deferred;

/**
 * Thrown when a {@link Deferred} that has already fired is fired again (Twisted's
 * {@code AlreadyCalledError}).
 *
 * <p>With {@link Deferred#setDebugging(boolean) debugging} on, the message also shows where the
 * Deferred was created and where it first fired.
 */
public class AlreadyCalledException extends IllegalStateException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public AlreadyCalledException(String message) {
        super(message);
    }
}
